"""The home page (issue 3): every string of the seed page, links that resolve, content from the DB."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from directorates.models import Directorate
from iceinfo import cache as content_cache
from iceinfo.models import Alert, Link, LinkGroup, Page, Status
from tests.factories import DirectorateFactory, LinkFactory, LinkGroupFactory, PageFactory, SiteSettingsFactory
from tests.seeded import load_site_seed

from .seedpage import normalise, page_text, parse_seed, seed_path

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
}
# Seed link labels that are controls, not links, in USWDS: the banner toggle is a button.
NOT_LINKS = {"here's how you know"}


@pytest.fixture
def seeded(db):
    load_site_seed()


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


def test_every_visible_string_and_link_label_of_the_seed_is_on_the_home_page(client, seeded):
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


def test_home_page_sections_come_in_the_seed_order(client, seeded):
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


def test_every_link_on_the_home_page_resolves(client, seeded):
    _text, _anchors, hrefs = page_text(_home(client))
    assert hrefs and "#" not in hrefs and "" not in hrefs and None not in hrefs
    internal = sorted({h for h in hrefs if h.startswith("/") and not h.startswith("/static/")})
    assert len(internal) > 40
    broken = {}
    for href in internal:
        response = client.get(href, follow=True)
        if response.status_code != 200:
            broken[href] = response.status_code
    assert not broken
    external = {h for h in hrefs if h.startswith("http")}
    assert "https://www.usa.gov/" in external and "https://www.fletc.gov/" in external
    assert all(h.startswith("https://") for h in external)


def test_every_footer_and_identifier_link_resolves_in_spanish_too(client, seeded):
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


def test_spanish_home_shows_spanish_content(client, seeded):
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


def test_directorate_summary_edit_shows_on_the_next_request(client, seeded):
    assert "the ero directorate upholds" in page_text(_home(client))[0]
    ero = Directorate.objects.get(slug_en="ero")
    ero.summary_en = "<p>An editor rewrote this summary.</p>"
    ero.save()
    text = page_text(_home(client))[0]
    assert "an editor rewrote this summary" in text
    assert "the ero directorate upholds" not in text


def test_directorate_edit_through_the_admin_shows_on_home(admin_client, client, seeded):
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
    response = admin_client.post(f"/admin/directorates/directorate/{ero.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert "changed in the admin" in page_text(_home(client))[0]


def test_unpublished_directorate_and_expired_alert_are_not_shown(client, seeded):
    Directorate.objects.filter(slug_en="opr").update(status=Status.DRAFT)
    Alert.objects.filter(link_url="/covid-19/").update(unpublish_at=timezone.now() - timedelta(minutes=1))
    Alert.objects.filter(link_url="/check-in/").update(publish_at=timezone.now() + timedelta(days=1))
    from iceinfo import cache

    cache.bump_content_version()
    text, anchors, _ = page_text(_home(client))
    assert "learn more about opr" not in text
    assert "covid-19" not in text and "ice check-in" not in text
    assert "office of professional responsibility" not in anchors  # footer link to a draft is dropped


def test_updated_date_is_the_latest_edit_of_what_the_page_shows(client, seeded):
    long_ago = timezone.now() - timedelta(days=800)
    for model in (Directorate, Link, LinkGroup, Alert):
        model.objects.update(updated_at=long_ago)
    from iceinfo.models import SiteSettings

    SiteSettings.objects.update(updated_at=long_ago)
    recent = timezone.now() - timedelta(days=3)
    Directorate.objects.filter(slug_en="hsi").update(updated_at=recent)
    from iceinfo import cache

    cache.bump_content_version()
    content = _home(client)
    stamp = timezone.localtime(recent).strftime("%m/%d/%Y")
    assert f'{timezone.localtime(recent).date().isoformat()}' in content
    assert re.search(r"Updated:\s*<time[^>]*>\s*" + re.escape(stamp), content)
    assert normalise(f"updated: {stamp}") in page_text(content)[0]


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
    ContentType.objects.get_for_model(Page)
    ContentType.objects.get_for_model(Directorate)


@pytest.mark.parametrize(("directorates", "links"), [(5, 10), (50, 500)])
def test_home_page_query_budget(client, db, django_assert_num_queries, directorates, links):
    _build_site(directorates, links)
    # the content version row, settings, links, page targets, directorate targets, alerts, directorates
    with django_assert_num_queries(7):
        content = _home(client)
    assert content.count("iceinfo-directorate-summary") == directorates


def test_home_page_with_warm_frame_needs_one_query(client, db, django_assert_num_queries):
    _build_site(5, 10)
    _home(client)
    # + the content version row when the cache is process-local (with Redis its copy answers)
    with django_assert_num_queries(1 + content_cache._local_cache()):
        _home(client)
