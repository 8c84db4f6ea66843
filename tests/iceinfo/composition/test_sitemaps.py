"""sitemap.xml (every published URL in every language, with alternates), robots.txt, the HTML site map."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import translation

from contacts.models import FieldOffice
from directorates.models import Directorate, Leader
from facilities.models import DetentionFacility
from iceinfo.localize import localize_path
from iceinfo.models import Page, Status
from tests.factories import DirectorateFactory, LeaderFactory, PageFactory, SiteSettingsFactory
from tests.news.factories import NewsReleaseFactory
from tests.queries import version_read
from tests.seeded import take_some_offline

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
CODES = [code for code, _name in settings.LANGUAGES]


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def _take_some_offline():
    return list(take_some_offline((Page, Directorate, Leader, FieldOffice, DetentionFacility), FieldOffice))


def test_every_published_url_in_every_language_with_alternates(client, seeded_site):
    offline = _take_some_offline()
    NewsReleaseFactory(title_en="Sitemap news")
    NewsReleaseFactory(title_en="Draft news", status=Status.DRAFT, slug_en="draft-news")
    root = _sitemap(client)
    urls = root.findall("s:url", NS)
    locations = {url.findtext("s:loc", namespaces=NS) for url in urls}
    expected, left_out = [], []
    for obj in [
        *Page.objects.all(), *Directorate.objects.all(), *Leader.objects.all(), *FieldOffice.objects.all(),
        *NewsReleaseFactory._meta.model.objects.exclude(slug_en="draft-news"),
    ]:
        for code in CODES:
            with translation.override(code):
                (left_out if obj in offline else expected).append("http://testserver" + obj.get_absolute_url())
    assert len(left_out) == 3 * len(CODES) and not set(left_out) & locations
    for path in ("/", "/es/", "/news/", "/statements/", "/contact/field-offices/", "/site-map/"):
        expected.append("http://testserver" + path)
    missing = set(expected) - locations
    assert not missing, sorted(missing)[:5]
    assert not any("draft-news" in loc for loc in locations)
    for url in urls:
        alternates = url.findall("xhtml:link", NS)
        assert {link.get("hreflang") for link in alternates} == {*CODES, "x-default"}
        assert all(link.get("rel") == "alternate" for link in alternates)


def test_unpublished_content_is_left_out(client, db):
    SiteSettingsFactory()
    PageFactory(slug_en="hidden-page", status=Status.DRAFT)
    parent = PageFactory(slug_en="hidden-parent", status=Status.DRAFT)
    PageFactory(slug_en="orphan-child", parent=parent)
    locations = {url.findtext("s:loc", namespaces=NS) for url in _sitemap(client).findall("s:url", NS)}
    assert not any(word in loc for loc in locations for word in ("hidden-page", "hidden-parent", "orphan-child"))


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "User-agent: *" in body and "Disallow: /admin/" in body


def test_robots_txt_uses_the_canonical_origin(client, db, settings):
    settings.SITE_URL = "https://www.ice.gov"
    assert "Sitemap: https://www.ice.gov/sitemap.xml" in client.get("/robots.txt").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_sitemap_query_count(client, db, django_assert_num_queries, count):
    SiteSettingsFactory()
    parent = PageFactory()
    PageFactory.create_batch(count, parent=parent)
    directorate = DirectorateFactory()
    LeaderFactory.create_batch(count, directorate=directorate)
    NewsReleaseFactory.create_batch(count)
    with django_assert_num_queries(6):  # pages, directorates, leaders, field offices, facilities, news
        assert client.get("/sitemap.xml").status_code == 200


def test_html_site_map_lists_sections_and_pages(client, seeded_site):
    offline = _take_some_offline()
    html = client.get("/site-map/").content.decode()
    assert html.count("<h1") == 1
    for obj in [*Page.objects.all(), *Directorate.objects.all(), *FieldOffice.objects.all(),
                *DetentionFacility.objects.all()]:
        if obj in offline:
            assert f'href="{obj.get_absolute_url()}"' not in html, obj
        else:
            assert f'href="{obj.get_absolute_url()}"' in html, obj
    for path in ("/news/", "/statements/", "/speeches-testimonies/", "/news/feed/rss/", "/web-content-inventory/",
                 "/search/", "/sitemap.xml"):
        assert f'href="{path}"' in html, path
    spanish = client.get(localize_path("/site-map/", "es")).content.decode()
    assert 'href="/es/sobre-ice/hsi/"' in spanish


@pytest.mark.parametrize("count", [3, 30])
def test_html_site_map_query_count(client, db, django_assert_num_queries, count):
    SiteSettingsFactory()
    PageFactory.create_batch(count)
    LeaderFactory.create_batch(count)
    client.get("/")
    with django_assert_num_queries(5 + version_read()):  # pages, directorates, leaders, field offices, facilities
        assert client.get("/site-map/").status_code == 200


def test_footer_links_reach_the_generated_pages(client, seeded_site):
    from iceinfo.models import Link

    for label, path in (("Site Map", "/site-map/"), ("Web Content Inventory", "/web-content-inventory/"),
                        ("Statements", "/statements/"), ("Speeches & Testimonies", "/speeches-testimonies/")):
        link = Link.objects.get(label_en=label)
        assert link.href == path
        assert client.get(path).status_code == 200
    assert not Page.objects.filter(slug_en__in=["site-map", "rss", "statements"]).exists()
