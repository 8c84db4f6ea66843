"""The home page (issue 3): every string of the seed page, links that resolve, content from the DB."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from contacts.models import InternationalOffice
from directorates.models import Directorate
from iceinfo.models import Alert, Link, Status
from iceinfo.serving import cache as content_cache
from news.models import NewsRelease
from tests.factories import (
    DirectorateFactory,
    LeaderFactory,
    LinkFactory,
    LinkGroupFactory,
    PageFactory,
    SiteSettingsFactory,
)

from ..seedpage import page_text, parse_seed, seed_path

# Seed strings the site deliberately does not repeat word for word, each with the reason and
# what the test checks instead.
NOT_VERBATIM = {
    # The archive's capture stamp, not part of the page.
    "last viewed by first circuit library on 01/12/2022": None,
    # A date computed from the latest edit: checked by test_updated_date_*.
    "updated: 07/06/2021": None,
    # The 2021 USWDS banner text; base.html carries the current USWDS banner (checked below).
    "the .gov means it's official": "official websites use .gov",
    "federal government websites often end in .gov or .mil. before sharing sensitive information, "
    "make sure you're on a federal government site": "official websites use .gov",
    "the site is secure": "secure .gov websites use https",
    "the https:// ensures that you are connecting to the official website and that any information "
    "you provide is encrypted and transmitted securely": "secure .gov websites use https",
    # The 2021 figures are shown with their date (issue #16).
    "ice was created in 2003 through a merger of the investigative and interior enforcement elements of the "
    "former u.s. customs service and the immigration and naturalization service. ice now has more than 20,000 "
    "law enforcement and support personnel in more than 400 offices in the united states and around the world":
    "as of july 2021, ice had more than 20,000 law enforcement and support personnel in more than 400 offices",
    "the agency has an annual budget of approximately $8 billion, primarily devoted to three operational "
    "directorates — homeland security investigations (hsi), enforcement and removal operations (ero) and office "
    "of the principal legal advisor (opla). a fourth directorate – management and administration (m&a) – "
    "supports the three operational branches to advance the ice mission":
    "in 2021 the agency had an annual budget of approximately $8 billion",
}
# Seed link labels that are controls, not links, in USWDS: the banner toggle is a button.
NOT_LINKS = {"here's how you know"}


def fill_the_lists():
    """One live row in each list the seed links to (leaders, HSI offices abroad, each kind of news):
    the seed page shows those links, and the site shows them only while their list has content."""
    LeaderFactory(name="Example Leader", title="Director")
    InternationalOffice.objects.create(
        name="Example attaché office", region="Europe", country="Example", status=Status.PUBLISHED
    )
    for kind in NewsRelease.Kind.values:
        NewsRelease.objects.create(
            title=f"Example {kind}", slug=f"example-{kind}", kind=kind, date=timezone.localdate(), status=Status.PUBLISHED
        )


@pytest.fixture
def seeded_with_lists(seeded_site):
    fill_the_lists()


def _home(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_seed_file_parses_into_the_expected_pieces():
    strings, labels = parse_seed(seed_path().read_text(encoding="utf-8"))
    assert "learn more about ero" in labels and "flickr" in labels and "web content inventory" in labels
    assert "office of professional responsibility" in strings
    assert "u.s. immigration and customs enforcement" in strings
    assert len(strings) > 60 and len(labels) > 60


def test_every_visible_string_and_link_label_of_the_seed_is_on_the_home_page(client, seeded_with_lists):
    text, anchors, _hrefs = page_text(_home(client))
    strings, labels = parse_seed(seed_path().read_text(encoding="utf-8"))
    missing = []
    for string in strings:
        if string in NOT_VERBATIM:
            instead = NOT_VERBATIM[string]
            if instead and instead not in text:
                missing.append(f"{string!r} (replacement {instead!r})")
            continue
        if string not in text:
            missing.append(string)
    assert not missing, f"seed strings missing from /: {missing}"
    not_links = [label for label in labels if label not in NOT_LINKS and not any(label in a for a in anchors)]
    assert not not_links, f"seed link labels that are not link text on /: {not_links}"


def test_home_page_sections_come_in_the_seed_order(client, seeded_with_lists):
    text, _anchors, _hrefs = page_text(_home(client))
    order = [
        "view the latest ice guidance on covid-19",
        "ice check-in",
        "ice overview",
        "learn more about ice",
        "enforcement and removal operations",
        "learn more about ero",
        "learn more about hsi",
        "learn more about m&a",
        "learn more about opla",
        "learn more about opr",
        "view ice leadership",
        "view ice-related career information",
        "learn more about ice's mission execution",
        "learn more about ice's structure",
        "updated:",
        "related information",
    ]
    position = 0
    for item in order:  # each found after the one before it
        position = text.index(item, position) + len(item)


# Top tasks whose pages other branches build (issue 19): the lead empties this set once they are merged.
PAGES_BUILT_ELSEWHERE = {"/find-someone-in-custody/", "/detention-facilities/", "/report-a-tip/"}


def test_every_link_on_the_home_page_resolves(client, seeded_with_lists):
    _text, _anchors, hrefs = page_text(_home(client))
    assert hrefs and "#" not in hrefs and "" not in hrefs and None not in hrefs
    internal = sorted({h for h in hrefs if h.startswith("/") and not h.startswith("/static/")})
    assert len(internal) > 40
    broken = {}
    for href in internal:
        response = client.get(href, follow=True)
        if response.status_code != 200 and href not in PAGES_BUILT_ELSEWHERE:
            broken[href] = response.status_code
    assert not broken
    external = {h for h in hrefs if h.startswith("http")}
    assert "https://www.usa.gov/" in external and "https://www.fletc.gov/" in external
    assert all(h.startswith("https://") for h in external)


def test_every_footer_and_identifier_link_resolves_in_spanish_too(client, seeded_with_lists):
    links = Link.objects.filter(group__placement__in=["footer", "social", "identifier", "nav", "home_cards"])
    checked = 0
    for link in links:
        for language in ("en", "es"):
            with translation.override(language):
                href = link.href
            assert href, f"{link.label} has no address"
            if href.startswith("/"):
                assert client.get(href, follow=True).status_code == 200, href
                checked += 1
    assert checked > 60


def test_spanish_home_shows_spanish_content(client, seeded_with_lists):
    content = _home(client, "/es/")
    text, _anchors, _hrefs = page_text(content)
    assert '<html lang="es"' in content
    for expected in (
        "panorama general de ice",
        "ice se creó en 2003",
        "operaciones de control y deportación",
        "oficina de responsabilidad profesional",
        "vea el liderazgo de ice",
        "biblioteca de información",
        "reportándose con ice",
    ):
        assert expected in text, expected
    assert "the ero directorate upholds" not in text


def test_missing_spanish_translation_falls_back_to_english_marked(client, db):
    SiteSettingsFactory()
    DirectorateFactory(summary_es="", summary_en="<p>Only in English.</p>")
    content = _home(client, "/es/")
    block = re.search(r'<div class="iceinfo-fallback" lang="en"[^>]*>.*?Only in English', content, re.S)
    assert block is not None


def test_directorate_summary_edit_shows_on_the_next_request(client, seeded_with_lists):
    assert "the ero directorate upholds" in page_text(_home(client))[0]
    ero = Directorate.objects.get(slug_en="ero")
    ero.summary_en = "<p>An editor rewrote this summary.</p>"
    ero.save()
    text = page_text(_home(client))[0]
    assert "an editor rewrote this summary" in text
    assert "the ero directorate upholds" not in text


def test_directorate_edit_through_the_admin_shows_on_home(seeded_with_lists, admin_client, client):
    client.get("/")
    ero = Directorate.objects.get(slug_en="ero")
    response = admin_client.get(f"/admin/directorates/directorate/{ero.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value
    data["summary_en"] = "<p>Changed in the admin.</p>"
    data.update({"publish_at_0": "", "publish_at_1": "", "unpublish_at_0": "", "unpublish_at_1": ""})
    data = {k: v for k, v in data.items() if k not in ("publish_at", "unpublish_at")}
    data.update({"iceinfo-source-content_type-object_id-TOTAL_FORMS": "0",  # the sources inline, left empty
                 "iceinfo-source-content_type-object_id-INITIAL_FORMS": "0"})
    response = admin_client.post(f"/admin/directorates/directorate/{ero.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert "changed in the admin" in page_text(_home(client))[0]


def test_unpublished_directorate_and_expired_alert_are_not_shown(client, seeded_with_lists):
    Directorate.objects.filter(slug_en="opr").update(status=Status.DRAFT)
    Alert.objects.filter(link_url="/covid-19/").update(unpublish_at=timezone.now() - timedelta(minutes=1))
    Alert.objects.filter(link_url="/check-in/").update(publish_at=timezone.now() + timedelta(days=1))
    from iceinfo.serving import cache

    cache.bump_content_version()
    text, anchors, _ = page_text(_home(client))
    assert "learn more about opr" not in text
    assert "covid-19" not in text and "ice check-in" not in text
    assert "office of professional responsibility" not in anchors  # footer link to a draft is dropped


def test_updated_date_is_the_latest_content_date_of_what_the_page_shows_not_the_last_save(client, seeded_with_lists):
    from django.utils.formats import date_format

    from iceinfo.models import SiteSettings

    # Saves (the seed load itself included) do not move the date; the content's own date does.
    SiteSettings.objects.update(updated_at=timezone.now())
    Directorate.objects.update(content_date=timezone.localdate() - timedelta(days=900))
    recent = timezone.localdate() - timedelta(days=3)
    Directorate.objects.filter(slug_en="hsi").update(content_date=recent)
    from iceinfo.serving import cache

    cache.bump_content_version()
    content = _home(client)
    stamp = date_format(recent, "DATE_FORMAT")
    assert re.search(r"Updated:\s*<time[^>]*>\s*" + re.escape(stamp), content)
    assert f'datetime="{recent.isoformat()}"' in content
    Directorate.objects.update(content_date=None)  # no content date: the day of the last save
    Directorate.objects.update(updated_at=timezone.now() - timedelta(days=800))
    cache.bump_content_version()
    assert 'datetime="2021-07-06"' in _home(client)  # the site settings' content date, from the seed


def _build_site(directorates, links):
    SiteSettingsFactory()
    pages = PageFactory.create_batch(3)
    made = DirectorateFactory.create_batch(directorates)
    groups = [LinkGroupFactory(placement=p) for p in ("nav", "footer", "social", "identifier", "home_cards")]
    for n in range(links):
        group = groups[n % len(groups)]
        if n % 3 == 0:
            LinkFactory(group=group, target=pages[n % len(pages)])
        elif n % 3 == 1:
            LinkFactory(group=group, target=made[n % len(made)])
        else:
            LinkFactory(group=group)
    # A serving process has every content type cached after its first requests (the sources, the links'
    # targets): the budgets below are what a page costs then.
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.mark.parametrize(("directorates", "links"), [(5, 10), (50, 500)])
def test_home_page_query_budget(client, db, django_assert_num_queries, directorates, links):
    _build_site(directorates, links)
    # the content version row, settings, its sources, links, page targets, directorate targets, alerts,
    # which directorates are live, their rows for the cards, news
    with django_assert_num_queries(10):
        content = _home(client)
    assert content.count('iceinfo-directorate-summary"') == directorates


def test_home_page_with_warm_frame_needs_no_query(client, db, django_assert_num_queries):
    _build_site(5, 10)
    _home(client)
    # The frame, the live directorates and the news are kept with the frame: only the content version row
    # when the cache is process-local (with Redis its copy answers)
    with django_assert_num_queries(content_cache._local_cache()):
        _home(client)


def test_the_news_kept_with_the_frame_follow_the_schedule(client, db, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    """What the home page keeps with the frame changes at the next scheduled publish time (the content
    version moves then, as at an edit), not only at the next edit."""
    with django_capture_on_commit_callbacks(execute=True):  # the schedule boundary is stored at the commit
        _build_site(2, 0)
        NewsRelease.objects.create(title="Scheduled news release", slug="scheduled-news", kind="news",
                                   date=timezone.localdate(), status=Status.PUBLISHED,
                                   publish_at=timezone.now() + timedelta(hours=1))
    assert "Scheduled news release" not in _home(client)
    assert "Scheduled news release" not in _home(client)  # the kept frame
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("iceinfo.serving.cache.time.time", lambda: later.timestamp())
    assert "Scheduled news release" in _home(client)


def test_links_to_empty_lists_are_left_out_of_the_menus_and_the_home_page(client, seeded_site):
    """Issue 16: the seed has no leaders, HSI offices abroad or news, so / does not link to them."""
    _text, _anchors, hrefs = page_text(_home(client))
    empty = ["/leadership/", "/contact/hsi-international-offices/", "/news/feed/rss/", "/statements/",
             "/speeches-testimonies/"]
    assert [href for href in empty if href in hrefs] == []
    assert "/contact/field-offices/" in hrefs and "/contact/" in hrefs  # lists with content stay

    LeaderFactory(name="Example Leader", title="Director")  # the save bumps the content version
    _text, _anchors, hrefs = page_text(_home(client))
    assert "/leadership/" in hrefs
    assert "/statements/" not in hrefs
    spanish = _home(client, "/es/")
    assert 'href="/es/liderazgo/"' in spanish and "/es/declaraciones/" not in spanish


def test_a_scheduled_or_draft_row_does_not_fill_a_list(client, seeded_site):
    LeaderFactory(name="Draft Leader", title="Director", status=Status.DRAFT)
    LeaderFactory(name="Later Leader", title="Director", publish_at=timezone.now() + timedelta(days=1))
    NewsRelease.objects.create(
        title="A news release", slug="a-news-release", kind="news", date=timezone.localdate(), status=Status.PUBLISHED
    )
    _text, _anchors, hrefs = page_text(_home(client))
    assert "/leadership/" not in hrefs
    assert "/news/feed/rss/" in hrefs  # the feed lists every kind
    assert "/statements/" not in hrefs and "/speeches-testimonies/" not in hrefs


def test_home_leads_with_the_mission_the_tip_line_and_the_top_tasks(client, seeded_with_lists):
    content = _home(client)
    hero = content.index('class="iceinfo-hero"')
    tasks = content.index('class="iceinfo-tasks"')
    overview = content.index('id="overview-heading"')
    assert hero < tasks < overview
    assert "ICE enforces U.S. immigration laws" in content[hero:tasks]
    assert 'href="tel:+18663472423"' in content[hero:tasks]
    # The tasks come from the editable link group, in its order, each with its description.
    paths = re.findall(r'class="iceinfo-tasks__link" href="([^"]+)"', content)
    assert paths == ["/contact/field-offices/", "/check-in/", "/find-someone-in-custody/", "/detention-facilities/",
                     "/report-a-tip/"]
    spanish = _home(client, "/es/")
    assert "¿Cómo podemos ayudarle?" in spanish and "Encuentre su oficina de campo" in spanish
    assert all(href.startswith("/es/") for href in re.findall(r'class="iceinfo-tasks__link" href="([^"]+)"', spanish))


def test_home_shows_the_latest_live_news_only(client, seeded_with_lists):
    from tests.news.factories import NewsReleaseFactory

    NewsRelease.objects.all().delete()  # fill_the_lists' examples (dated today) would take the top places
    today = timezone.now().date()
    for day in range(4):
        NewsReleaseFactory(title_en=f"Release {day}.", date=today - timedelta(days=day), status=Status.PUBLISHED)
    NewsReleaseFactory(title_en="Old archived release", date=today, archived=True, status=Status.PUBLISHED)
    NewsReleaseFactory(title_en="Draft release", date=today, status=Status.DRAFT)
    content = _home(client)
    assert [t for t in ("Release 0.", "Release 1.", "Release 2.", "Release 3.") if t in content] == [
        "Release 0.", "Release 1.", "Release 2."]
    assert "Old archived release" not in content and "Draft release" not in content
