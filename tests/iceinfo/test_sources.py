"""Sources and content dates: the model's rules, the seed loader, the editors' admin and the pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from contacts.models import FieldOffice
from directorates.models import Directorate
from iceinfo import seeding
from iceinfo.models import Link, LinkGroup, Page, SiteSettings, Source, Status
from news.models import NewsRelease
from tests.factories import DirectorateFactory, LeaderFactory, PageFactory, SiteSettingsFactory
from tests.helpers import change_url
from tests.iceinfo.admin_helpers import form_data

pytestmark = pytest.mark.django_db

RECORD = {
    "model": "iceinfo.page",
    "key": {"slug_en": "check-in"},
    "source": "shared/seed/000_9fb2e6fda652fcd3.txt",
    "sources": [{"url": "https://www.ice.gov/check-in", "title": "Check-In | ICE", "date": datetime.date(2025, 9, 8)}],
    "fields": {"status": "published", "title_en": "Check in", "body_en": "<p>Body.</p>",
               "content_date": datetime.date(2025, 9, 8)},
}


def record(**changes):
    return {**RECORD, **changes, "fields": {**RECORD["fields"], **changes.pop("fields", {})}}


def sources_of(obj):
    return list(Source.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk))


# --- the model ------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["ftp://example.gov/file", "javascript:alert(1)", "/check-in/", "www.ice.gov"])
def test_a_source_address_must_be_a_full_http_or_https_address(url):
    page = PageFactory()
    source = Source(content_object=page, url=url, title="T", date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("not_content", ["link", "user"])
def test_sources_belong_to_content_only(not_content):
    group = LinkGroup.objects.create(title="Footer", slug="footer")
    if not_content == "link":
        owner = Link.objects.create(group=group, label="Home", url="/")
    else:
        owner = get_user_model().objects.create_user("someone", password="not-a-real-password-1")
    source = Source(content_object=owner, url="https://www.ice.gov/", title="ICE", date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "content_type" in error.value.message_dict
    # a link group is published content (Publishable), so it may carry its sources
    Source(content_object=group, url="https://www.ice.gov/", title="ICE", date=datetime.date(2025, 1, 1)).full_clean()
    Source(content_object=PageFactory(), url="https://www.ice.gov/", title="ICE", date=datetime.date(2025, 1, 1)).full_clean()


def test_deleting_content_deletes_its_sources():
    page = PageFactory()
    Source.objects.create(content_object=page, url="https://www.ice.gov/", title="ICE", date=datetime.date(2025, 1, 1))
    page.delete()
    assert not Source.objects.exists()


# --- the seed loader ------------------------------------------------------------------------------
def test_the_loader_writes_sources_and_the_content_date_once():
    stats = seeding.load_records([record()])
    assert stats.created == 1
    page = Page.objects.get(slug_en="check-in")
    assert page.content_date == datetime.date(2025, 9, 8)
    [source] = sources_of(page)
    assert (source.url, source.title, source.date) == ("https://www.ice.gov/check-in", "Check-In | ICE",
                                                        datetime.date(2025, 9, 8))
    again = seeding.load_records([record()])
    assert (again.unchanged, again.updated, again.created, again.kept) == (1, 0, 0, [])
    assert [s.pk for s in sources_of(page)] == [source.pk]


def test_the_seed_updates_sources_it_wrote_but_keeps_an_editors_sources():
    seeding.load_records([record()])
    page = Page.objects.get(slug_en="check-in")
    newer = {"url": "https://www.ice.gov/check-in", "title": "Check-In | ICE", "date": datetime.date(2026, 1, 2)}
    seeding.load_records([record(sources=[newer])])
    assert [s.date for s in sources_of(page)] == [datetime.date(2026, 1, 2)]
    edited = sources_of(page)[0]
    edited.title = "Check in with ICE (edited)"
    edited.save()
    stats = seeding.load_records([record(sources=[RECORD["sources"][0]])])
    assert any(kept.startswith("sources of") for kept in stats.kept)
    assert [s.title for s in sources_of(page)] == ["Check in with ICE (edited)"]
    seeding.load_records([record()], force=True)
    assert [s.title for s in sources_of(page)] == ["Check-In | ICE"]


def test_sources_an_editor_added_to_a_row_the_seed_never_sourced_are_kept():
    page = PageFactory(slug_en="check-in")
    Source.objects.create(content_object=page, url="https://www.dhs.gov/", title="DHS", date=datetime.date(2025, 1, 1))
    seeding.load_records([record()])
    assert [s.title for s in sources_of(page)] == ["DHS"]


def test_seed_content_without_a_content_date_carries_the_seeds_date_never_today():
    plain = {"model": "iceinfo.page", "key": {"slug_en": "about"}, "fields": {"title_en": "About"}}
    seeding.load_records([plain])
    assert Page.objects.get(slug_en="about").content_date == seeding.SEED_CONTENT_DATE == datetime.date(2021, 7, 6)
    # A language file's record (no content date) does not move the date its English record set.
    seeding.load_records([record()])
    seeding.load_records([{"model": "iceinfo.page", "key": {"slug_en": "check-in"}, "fields": {"title_fr": "Arrivée"}}])
    assert Page.objects.get(slug_en="check-in").content_date == datetime.date(2025, 9, 8)


def test_a_record_that_gains_a_content_date_and_sources_still_updates_a_row_loaded_before():
    old = record(fields={"body_en": "<p>Old body.</p>"})
    old["fields"].pop("content_date")
    old.pop("sources")
    seeding.load_records([old])
    page = Page.objects.get(slug_en="check-in")
    assert page.content_date == seeding.SEED_CONTENT_DATE
    stats = seeding.load_records([record()])
    assert stats.updated == 1 and not stats.kept
    page.refresh_from_db()
    assert page.body_en == "<p>Body.</p>" and page.content_date == datetime.date(2025, 9, 8)
    assert len(sources_of(page)) == 1


def test_an_editors_change_keeps_the_row_and_its_content_date():
    seeding.load_records([record()])
    page = Page.objects.get(slug_en="check-in")
    page.body_en, page.content_date = "<p>Edited.</p>", datetime.date(2026, 3, 1)
    page.save()
    stats = seeding.load_records([record(fields={"content_date": datetime.date(2026, 5, 5)})])
    assert stats.kept
    page.refresh_from_db()
    assert (page.body_en, page.content_date) == ("<p>Edited.</p>", datetime.date(2026, 3, 1))


# --- display --------------------------------------------------------------------------------------
@pytest.fixture
def sourced_page():
    SiteSettingsFactory()
    page = PageFactory(slug_en="sourced", slug_es="con-fuentes", status=Status.PUBLISHED,
                       content_date=datetime.date(2025, 9, 8))
    Source.objects.create(content_object=page, url="https://www.ice.gov/check-in?a=1&b=2", title="Check-In | ICE",
                          date=datetime.date(2025, 9, 8))
    return page


def test_a_page_shows_its_sources_and_content_date_in_the_sites_date_format(client, sourced_page):
    text = client.get(sourced_page.get_absolute_url()).content.decode()
    assert '<h2 id="sources-heading">Sources</h2>' in text
    assert 'href="https://www.ice.gov/check-in?a=1&amp;b=2">Check-In | ICE</a>' in text
    assert "Content as of" in text
    assert text.count('datetime="2025-09-08"') == 3  # Updated, the source's date, Content as of
    with translation.override("en"):
        from django.utils.formats import date_format

        assert date_format(datetime.date(2025, 9, 8), "DATE_FORMAT") in text


def test_in_spanish_the_untranslated_source_titles_are_marked_english(client, sourced_page):
    with translation.override("es"):
        url = sourced_page.get_absolute_url()
        from django.utils.formats import date_format

        expected_date = date_format(datetime.date(2025, 9, 8), "DATE_FORMAT")
    text = client.get(url).content.decode()
    assert ' lang="en">Check-In | ICE</a>' in text
    assert expected_date in text and "Fuentes" in text


def test_the_updated_date_is_the_content_date_not_the_save_date(client, sourced_page):
    text = client.get(sourced_page.get_absolute_url()).content.decode()
    assert timezone.localdate().isoformat() not in text


def test_every_content_page_type_shows_the_sources_section(client):
    SiteSettingsFactory()
    directorate = DirectorateFactory(status=Status.PUBLISHED, content_date=datetime.date(2024, 1, 2))
    leader = LeaderFactory(status=Status.PUBLISHED, directorate=directorate, content_date=datetime.date(2024, 1, 2))
    office = FieldOffice.objects.create(name="Test Field Office", slug="test", status=Status.PUBLISHED,
                                        city="Houston", state="TX", content_date=datetime.date(2024, 1, 2))
    release = NewsRelease.objects.create(title="A release", slug="a-release", status=Status.PUBLISHED,
                                         date=datetime.date(2024, 1, 2), content_date=datetime.date(2024, 1, 2))
    for obj in (directorate, leader, office, release):
        Source.objects.create(content_object=obj, url="https://www.ice.gov/x", title=f"Source of {obj}",
                              date=datetime.date(2024, 1, 2))
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200, obj
        text = response.content.decode()
        assert f"Source of {obj}" in text and "Content as of" in text, obj
        assert 'datetime="2024-01-02"' in text


def test_the_home_page_shows_the_seeds_date_and_its_sources_not_today(client, seeded_site):
    settings_row = SiteSettings.load()
    assert settings_row.content_date == datetime.date(2021, 7, 6)
    # What / shows is dated by its content (the overview, the directorates), never by the day it was saved.
    Directorate.objects.update(content_date=datetime.date(2022, 1, 1))
    SiteSettings.objects.update(updated_at=timezone.now())
    from iceinfo.serving import cache

    cache.bump_content_version()
    text = client.get("/").content.decode()
    assert 'datetime="2021-07-06"' in text and 'datetime="2022-01-01"' in text
    assert timezone.localdate().isoformat() not in text
    assert "Sources" in text and 'href="https://www.ice.gov/"' in text
    assert "As of July 2021, ICE had more than 20,000" in text  # the 2021 figures carry their date
    with translation.override("es"):
        spanish = client.get("/es/").content.decode()
    assert 'datetime="2021-07-06"' in spanish and "En julio de 2021" in spanish


# --- the editors' admin ---------------------------------------------------------------------------
@pytest.mark.parametrize("factory", [PageFactory, DirectorateFactory, LeaderFactory, SiteSettingsFactory])
def test_every_content_admin_has_the_sources_inline_and_the_content_date(admin_client, factory):
    obj = factory()
    response = admin_client.get(change_url(obj))
    assert response.status_code == 200
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert "iceinfo-source-content_type-object_id" in prefixes
    assert "content_date" in response.context["adminform"].form.fields


def test_the_field_office_and_news_admins_have_sources_too(admin_client):
    office = FieldOffice.objects.create(name="Test Field Office", slug="test", city="Houston", state="TX")
    release = NewsRelease.objects.create(title="A release", slug="a-release", date=datetime.date(2024, 1, 2))
    for obj in (office, release):
        response = admin_client.get(change_url(obj))
        prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
        assert "iceinfo-source-content_type-object_id" in prefixes, obj
        assert "content_date" in response.context["adminform"].form.fields, obj


def test_changing_the_content_sets_the_content_date_to_today(admin_client):
    page = PageFactory(content_date=datetime.date(2021, 7, 6))
    response = admin_client.get(change_url(page))
    admin_client.post(change_url(page), form_data(response, body_en="<p>New facts.</p>"))
    page.refresh_from_db()
    assert page.body_en == "<p>New facts.</p>" and page.content_date == timezone.localdate()


def test_an_editor_may_give_the_content_date_themselves(admin_client):
    page = PageFactory(content_date=datetime.date(2021, 7, 6))
    response = admin_client.get(change_url(page))
    admin_client.post(change_url(page), form_data(response, body_en="<p>Facts of May.</p>", content_date="2025-05-01"))
    page.refresh_from_db()
    assert page.content_date == datetime.date(2025, 5, 1)


def test_changing_only_the_order_keeps_the_content_date(admin_client):
    page = PageFactory(content_date=datetime.date(2021, 7, 6), order=1)
    response = admin_client.get(change_url(page))
    admin_client.post(change_url(page), form_data(response, order="5"))
    page.refresh_from_db()
    assert page.order == 5 and page.content_date == datetime.date(2021, 7, 6)


def test_an_editor_adds_a_source_in_the_inline_and_a_bad_address_is_refused(admin_client):
    directorate = DirectorateFactory()
    response = admin_client.get(change_url(directorate))
    prefix = "iceinfo-source-content_type-object_id"
    good = form_data(response, **{
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-url": "https://www.ice.gov/about-ice/ero",
        f"{prefix}-0-title": "Enforcement and Removal Operations | ICE", f"{prefix}-0-date": "2025-09-08",
        f"{prefix}-0-order": "0",
    })
    bad = {**good, f"{prefix}-0-url": "javascript:alert(1)"}
    refused = admin_client.post(change_url(directorate), bad)
    assert refused.status_code == 200 and not sources_of(directorate)
    admin_client.post(change_url(directorate), good)
    assert [s.title for s in sources_of(directorate)] == ["Enforcement and Removal Operations | ICE"]
    assert Directorate.objects.get(pk=directorate.pk).content_date is not None
