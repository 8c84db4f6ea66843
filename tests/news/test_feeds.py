"""RSS 2.0 and Atom feeds per language: valid XML, the expected structure, advertised and linked."""

import xml.etree.ElementTree as ET

import pytest

from iceinfo.localize import localize_path
from iceinfo.models import Link, Status
from tests.factories import SiteSettingsFactory

from .factories import NewsReleaseFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def releases(db):
    SiteSettingsFactory()
    NewsReleaseFactory(title_en="Draft one", status=Status.DRAFT)
    return NewsReleaseFactory.create_batch(3, title_en="Release <b>&amp;</b>")


def test_rss_2_0(client, releases):
    response = client.get("/news/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description", "language"):
        assert channel.findtext(name), name
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        assert item.findtext("title") == "Release <b>&amp;</b>"  # text, escaped in the XML
        assert item.findtext("link").startswith("http://testserver/news/release-")
        assert item.findtext("pubDate") and item.findtext("guid") and item.findtext("category")


def test_atom(client, releases):
    response = client.get("/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") and root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/news/")


def test_spanish_feed_is_in_spanish(client, releases):
    root = ET.fromstring(client.get(localize_path("/news/feed/rss/", "es")).content)
    channel = root.find("channel")
    assert channel.findtext("language") == "es"
    assert channel.find("item").findtext("title").startswith("Comunicado")
    assert localize_path("/news/", "es") + "comunicado-" in channel.find("item").findtext("link")


def test_empty_feed_is_still_valid(client, db):
    root = ET.fromstring(client.get("/news/feed/rss/").content)
    assert root.find("channel").findall("item") == []


def test_feeds_are_advertised_on_every_page(client, releases):
    content = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in content and 'href="/news/feed/rss/"' in content
    assert 'type="application/atom+xml"' in content
    assert f'href="{localize_path("/news/feed/rss/", "es")}"' in client.get("/es/").content.decode()


def test_footer_rss_link_points_to_the_feed(client, seeded_site):
    link = Link.objects.get(label_en="RSS")
    assert link.url == "/news/feed/rss/" and link.href == "/news/feed/rss/"
    content = client.get("/es/").content.decode()
    assert f'href="{localize_path("/news/feed/rss/", "es")}"' in content
    assert client.get("/news/feed/rss/").status_code == 200
