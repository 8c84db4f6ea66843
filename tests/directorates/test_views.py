"""Directorate and leadership pages: 200s, old-slug redirects, published rows only, fixed queries."""

import pytest
from django.urls import reverse
from django.utils import translation

from directorates.models import Directorate
from iceinfo.models import Status
from tests.factories import DirectorateFactory, LeaderFactory
from tests.queries import version_read


def test_each_seeded_directorate_page_answers_in_english_and_spanish(client, seeded_site):
    directorates = list(Directorate.objects.published())
    assert len(directorates) == 5
    for directorate in directorates:
        for language in ("en", "es"):
            with translation.override(language):
                url = directorate.get_absolute_url()
                name = directorate.name
            response = client.get(url)
            assert response.status_code == 200, url
            content = response.content.decode()
            assert name in content and f'<html lang="{language}"' in content
            assert 'class="usa-breadcrumb"' in content


def test_foreign_language_slug_redirects_to_this_languages_slug(client, site_settings):
    directorate = DirectorateFactory(slug_en="removal", slug_es="deportacion")
    response = client.get("/about-ice/deportacion/")
    assert response.status_code == 301
    assert response["Location"] == "/about-ice/removal/"
    with translation.override("es"):
        spanish_prefix = reverse("directorates:directorate_list").rsplit("/", 2)[0]  # /es/sobre-ice
        canonical = directorate.get_absolute_url()
    response = client.get(f"{spanish_prefix}/removal/")
    assert response.status_code == 301
    assert response["Location"] == canonical == f"{spanish_prefix}/deportacion/"
    assert client.get(canonical).status_code == 200


def test_missing_spanish_slug_falls_back_to_english(client, site_settings):
    directorate = DirectorateFactory(slug_en="only-english", slug_es=None)
    with translation.override("es"):
        url = directorate.get_absolute_url()
    assert url.startswith("/es/") and url.endswith("/only-english/")
    assert client.get(url).status_code == 200


def test_draft_and_scheduled_directorates_are_not_found(client, site_settings):
    from datetime import timedelta

    from django.utils import timezone

    DirectorateFactory(slug_en="draft", status=Status.DRAFT)
    DirectorateFactory(slug_en="later", publish_at=timezone.now() + timedelta(days=1))
    assert client.get("/about-ice/draft/").status_code == 404
    assert client.get("/about-ice/later/").status_code == 404
    assert "draft" not in client.get("/about-ice/directorates/").content.decode().lower().split("<main")[1]


def test_slug_must_be_unique_across_languages(db):
    from django.core.exceptions import ValidationError

    DirectorateFactory(slug_en="ero", slug_es="ero-es")
    other = DirectorateFactory.build(slug_en="other", slug_es="ero")
    with pytest.raises(ValidationError):
        other.full_clean()


@pytest.mark.parametrize("count", [5, 50])
def test_directorate_list_query_count(client, site_settings, django_assert_num_queries, count):
    DirectorateFactory.create_batch(count)
    client.get("/about-ice/directorates/")  # warm the page frame
    with django_assert_num_queries(1 + version_read()):
        response = client.get("/about-ice/directorates/")
    assert response.content.decode().count("/about-ice/directorate-") == count


@pytest.mark.parametrize("count", [5, 50])
def test_directorate_detail_query_count(client, site_settings, django_assert_num_queries, count):
    made = DirectorateFactory.create_batch(count)
    client.get("/")
    with django_assert_num_queries(2 + version_read()):  # the directorate, its sources
        assert client.get(made[-1].get_absolute_url()).status_code == 200
    with django_assert_num_queries(version_read()):  # both kept with the frame
        assert client.get(made[-1].get_absolute_url()).status_code == 200


def test_an_edit_shows_on_a_directorate_page_already_shown(client, site_settings):
    directorate = DirectorateFactory(slug_en="kept", name_en="Before the edit")
    assert "Before the edit" in client.get("/about-ice/kept/").content.decode()
    directorate.name_en = "After the edit"
    directorate.save()  # bumps the content version: a new frame, and nothing kept under the old one
    assert "After the edit" in client.get("/about-ice/kept/").content.decode()
    directorate.status = Status.DRAFT
    directorate.save()
    assert client.get("/about-ice/kept/").status_code == 404


def test_leadership_empty_state_reads_well(client, site_settings):
    content = client.get("/leadership/").content.decode()
    assert "No leadership profiles are published on this site yet." in content
    assert content.count("<h1") == 1


def test_leaders_are_grouped_by_directorate_in_order(client, site_settings):
    first = DirectorateFactory(order=1, name_en="First office")
    second = DirectorateFactory(order=2, name_en="Second office")
    LeaderFactory(name="Agency Head", directorate=None, order=1)
    LeaderFactory(name="Second Lead", directorate=second, order=1)
    LeaderFactory(name="First Lead", directorate=first, order=2)
    LeaderFactory(name="First Deputy", directorate=first, order=3)
    LeaderFactory(name="Hidden Person", status=Status.DRAFT)
    content = client.get("/leadership/").content.decode()
    order = ["Agency Head", "First office", "First Lead", "First Deputy", "Second office", "Second Lead"]
    positions = [content.index(item) for item in order]
    assert positions == sorted(positions)
    assert "Hidden Person" not in content


@pytest.mark.parametrize("count", [3, 40])
def test_leader_list_query_count(client, site_settings, django_assert_num_queries, count):
    directorates = DirectorateFactory.create_batch(4)
    for n in range(count):
        LeaderFactory(directorate=directorates[n % 4])
    client.get("/leadership/")
    with django_assert_num_queries(2 + version_read()):  # leaders with their directorate, the intro page
        client.get("/leadership/")


def test_leader_detail(client, site_settings, django_assert_num_queries):
    leader = LeaderFactory(name="Jane Example", title_en="Director", title_es="Directora",
                           directorate=DirectorateFactory(name_en="An office"))
    client.get("/")
    with django_assert_num_queries(2 + version_read()):  # the leader with its directorate, its sources
        response = client.get(leader.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200 and "Jane Example" in content and "An office" in content
    with translation.override("es"):
        spanish_url = leader.get_absolute_url()
    assert "Directora" in client.get(spanish_url).content.decode()
    draft = LeaderFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
