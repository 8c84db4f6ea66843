"""The web content inventory page and /data/content-inventory.csv list every published item."""

import csv
import io

import pytest

from contacts.models import FieldOffice
from directorates.models import Directorate, Leader
from facilities.models import DetentionFacility
from iceinfo.localize import localize_path
from iceinfo.models import Page, Status
from news.models import NewsRelease
from tests.factories import LeaderFactory, PageFactory, SiteSettingsFactory
from tests.news.factories import NewsReleaseFactory
from tests.queries import version_read
from tests.seeded import take_some_offline

MODELS = (Page, Directorate, Leader, FieldOffice, DetentionFacility, NewsRelease)


def _take_some_offline():
    """Three seeded rows offline (``take_some_offline``): their titles, as the inventory would list them."""
    page, directorate, facility = take_some_offline(MODELS, DetentionFacility)
    return [page.title_en, directorate.name_en, facility.name]


def _expected_count(offline):
    return sum(model.objects.count() for model in MODELS) - len(offline)


def test_csv_lists_every_published_item(client, seeded_site):
    offline = _take_some_offline()
    NewsReleaseFactory(title_en="Inventory news", title_es="")
    expected = _expected_count(offline)  # the draft below is not among the rows counted
    NewsReleaseFactory(title_en="Draft", status=Status.DRAFT)
    response = client.get("/data/content-inventory.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == expected
    assert not {row["title"] for row in rows} & set(offline)
    assert {row["type"] for row in rows} == {"page", "directorate", "leader", "field-office", "detention-facility",
                                             "news"} - (
        set() if Leader.objects.published().exists() else {"leader"}
    )
    by_title = {row["title"]: row for row in rows}
    hsi = by_title["Homeland Security Investigations"]
    assert hsi["url"] == "http://testserver/about-ice/hsi/"
    assert hsi["languages"].split()[:2] == ["en", "es"]
    assert by_title["Inventory news"]["languages"] == "en"
    assert "Draft" not in by_title
    assert all(len(row["updated"]) == 10 for row in rows)
    facilities = [row for row in rows if row["type"] == "detention-facility"]
    assert len(facilities) == 202 and {row["languages"] for row in facilities} == {"en"}  # 203 seeded, one to come


def test_page_lists_every_published_item(client, seeded_site):
    offline = _take_some_offline()
    html = client.get("/web-content-inventory/").content.decode()
    assert html.count("<h1") == 1
    assert html.count('<th scope="row">') == _expected_count(offline)
    assert 'href="/data/content-inventory.csv"' in html
    spanish = client.get(localize_path("/web-content-inventory/", "es")).content.decode()
    assert 'href="/es/sobre-ice/hsi/"' in spanish


@pytest.mark.parametrize("count", [3, 30])
def test_inventory_query_counts(client, db, django_assert_num_queries, count):
    SiteSettingsFactory()
    PageFactory.create_batch(count)
    LeaderFactory.create_batch(count)
    NewsReleaseFactory.create_batch(count)
    client.get("/")
    with django_assert_num_queries(6 + version_read()):  # pages, directorates, leaders, field offices, facilities, news
        assert client.get("/web-content-inventory/").status_code == 200
    with django_assert_num_queries(6):
        assert client.get("/data/content-inventory.csv").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_titles_never_reach_a_spreadsheet_as_formulas(client, start):
    """Issue #14, finding 7: the inventory CSV goes through the one neutralising writer."""
    SiteSettingsFactory()
    title = f'{start}HYPERLINK("https://evil.example","x")'
    PageFactory(title_en=title)
    response = client.get("/data/content-inventory.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
    assert [row["title"] for row in rows] == ["'" + title]


def test_every_csv_the_site_serves_uses_the_one_writer():
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    writers = [
        str(path.relative_to(root))
        for folder in ("iceinfo", "contacts", "directorates", "news")
        for path in (root / folder).rglob("*.py")
        if "csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text()
    ]
    assert writers == ["iceinfo/csv_export.py"]
