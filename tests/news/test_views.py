"""News lists and detail pages: empty state, pagination, filters, archived notice, fixed queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from iceinfo.localize import localize_path
from iceinfo.models import Status
from news.models import NewsRelease
from tests.factories import DirectorateFactory
from tests.queries import version_read

from .factories import NewsReleaseFactory, TopicFactory


def test_empty_state_reads_well(client, site_settings):
    content = client.get("/news/").content.decode()
    assert "<h1>News</h1>" in content
    assert "Nothing has been published here yet" in content
    assert 'href="/news/feed/rss/"' in content
    for url in ("/statements/", "/speeches-testimonies/", localize_path("/news/", "es")):
        assert client.get(url).status_code == 200


def test_list_is_paginated_twenty_to_a_page_newest_first(client, site_settings):
    for day in range(1, 26):
        NewsReleaseFactory(title_en=f"Day {day:02d}", date=datetime.date(2024, 3, day))
    first = client.get("/news/").content.decode()
    assert first.count('class="usa-collection__item"') == 20
    assert first.index("Day 25") < first.index("Day 24")  # newest first
    assert "Day 05" not in first
    assert 'class="usa-pagination"' in first and "page=2" in first
    second = client.get("/news/?page=2").content.decode()
    assert second.count('class="usa-collection__item"') == 5
    # Only pages the list has (issue #14, finding 11): anything else is a 404, which is never stored.
    for page in ("999", "abc", "0", "02", "-1", ""):
        assert client.get(f"/news/?page={page}").status_code == 404, page


def test_filter_by_topic_and_year(client, site_settings):
    border, cyber = TopicFactory(slug="border"), TopicFactory(slug="cyber")
    NewsReleaseFactory(title_en="Border 2023", topic=border, date=datetime.date(2023, 5, 1))
    NewsReleaseFactory(title_en="Border 2024", topic=border, date=datetime.date(2024, 5, 1))
    NewsReleaseFactory(title_en="Cyber 2024", topic=cyber, date=datetime.date(2024, 6, 1))
    content = client.get("/news/?topic=border&year=2024").content.decode()
    assert "Border 2024" in content and "Border 2023" not in content and "Cyber 2024" not in content
    content = client.get("/news/?year=2023").content.decode()
    assert "Border 2023" in content and "Cyber 2024" not in content
    assert '<option value="2024"' in content and '<option value="2023" selected' in content
    # A value the list does not have shows the whole list with a 400, never a 500 (issue #14, finding 10).
    for query in ("topic=nope", "year=abcd", "year=99999", "topic=%3Cscript%3E", "year=%00", "year=0000",
                  "year=1999", "year=-1"):
        response = client.get(f"/news/?{query}")
        assert response.status_code == 400, query
        assert "Border 2024" in response.content.decode()
        assert "public" not in response.get("Cache-Control", "")
    assert "Nothing matches these filters" in client.get("/news/?topic=cyber&year=2023").content.decode()


def test_statements_and_speeches_are_filtered_views(client, site_settings):
    NewsReleaseFactory(title_en="A release", kind=NewsRelease.Kind.NEWS)
    NewsReleaseFactory(title_en="A statement", kind=NewsRelease.Kind.STATEMENT)
    NewsReleaseFactory(title_en="A testimony", kind=NewsRelease.Kind.SPEECH)
    statements = client.get("/statements/").content.decode()
    assert "A statement" in statements and "A release" not in statements and "A testimony" not in statements
    speeches = client.get("/speeches-testimonies/").content.decode()
    assert "A testimony" in speeches and "A statement" not in speeches
    everything = client.get("/news/").content.decode()
    assert all(title in everything for title in ("A release", "A statement", "A testimony"))


def test_detail_in_both_languages_with_archived_notice(client, site_settings):
    directorate = DirectorateFactory(name_en="Homeland Security Investigations")
    release = NewsReleaseFactory(
        title_en="Operation done", title_es="Operación hecha", archived=True, directorate=directorate,
        body_en="<p>Hello<script>alert(1)</script></p>",
    )
    content = client.get(release.get_absolute_url()).content.decode()
    assert "<h1>Operation done</h1>" in content
    assert "This is archived content" in content
    assert "Houston, TX" in content and directorate.get_absolute_url() in content
    assert "<script>alert(1)" not in content
    with translation.override("es"):
        url = release.get_absolute_url()
    assert url == localize_path("/news/", "es") + f"{release.slug_es}/"
    assert "Operación hecha" in client.get(url).content.decode()
    # The Spanish slug at the English address redirects to the English slug.
    response = client.get(f"/news/{release.slug_es}/")
    assert response.status_code == 301 and response["Location"] == f"/news/{release.slug_en}/"


def test_only_published_items_are_shown(client, site_settings):
    draft = NewsReleaseFactory(title_en="Secret draft", status=Status.DRAFT)
    later = NewsReleaseFactory(
        title_en="Not yet", publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404
    content = client.get("/news/").content.decode()
    assert "Secret draft" not in content and "Not yet" not in content


@pytest.mark.parametrize("count", [5, 45])
def test_list_query_count(client, site_settings, django_assert_num_queries, count):
    NewsReleaseFactory.create_batch(count, directorate=DirectorateFactory())
    client.get("/news/")  # warm the page frame
    # topics, count, the page's releases (with topic and directorate), the years
    with django_assert_num_queries(4 + version_read()):
        assert client.get("/news/?year=2024").status_code == 200


@pytest.mark.parametrize("count", [5, 45])
def test_detail_query_count(client, site_settings, django_assert_num_queries, count):
    made = NewsReleaseFactory.create_batch(count, directorate=DirectorateFactory())
    client.get("/news/")
    with django_assert_num_queries(2 + version_read()):  # the release with its topic and directorate, its sources
        assert client.get(made[-1].get_absolute_url()).status_code == 200


def test_slug_must_be_unique_across_languages(db):
    from django.core.exceptions import ValidationError

    NewsReleaseFactory(slug_en="one", slug_es="uno")
    other = NewsReleaseFactory.build(slug_en="two", slug_es="one", topic=None)
    with pytest.raises(ValidationError):
        other.full_clean()


def test_list_urls_are_translatable(db):
    with translation.override("es"):
        assert reverse("news:statement_list").startswith("/es/")
