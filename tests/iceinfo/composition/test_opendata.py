"""Open data: /data/<dataset>.json and .csv (iceinfo/composition/opendata.py) and the Data page."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from contacts.models import FieldOffice
from iceinfo.models import Page, Status
from tests.contacts.factories import bulk_offices

DATASETS = ("field-offices", "directorates", "contact-channels")


@pytest.fixture
def seeded(db):
    call_command("load_seed_content", verbosity=0, stdout=io.StringIO())


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.django_db
def test_field_offices_json_lists_the_25_seeded_offices(client, seeded):
    response = client.get("/data/field-offices.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    data = json.loads(response.content)
    assert data["dataset"] == "field-offices"
    assert data["count"] == len(data["items"]) == 25
    houston = next(item for item in data["items"] if item["slug"] == "houston")
    # every language that has a value (the seed translates office names: issue 18)
    assert {
        "en": "Houston Field Office",
        "es": "Oficina de Campo de Houston",
        "vi": "Văn phòng khu vực Houston",
    }.items() <= houston["name"].items()
    assert houston["phone"] == "(281) 774-4816"
    assert len(houston["coverage"]) == 57 and {"state": "TX", "county": "Harris County"} in houston["coverage"]
    assert round(houston["latitude"], 2) == 29.93 and round(houston["longitude"], 2) == -95.40
    assert houston["url"] == "http://testserver/contact/field-offices/houston/"
    assert "source" not in houston  # provenance is for editors
    nyc = next(item for item in data["items"] if item["slug"] == "new-york-city")
    assert {"state": "NY", "county": "Kings County"} in nyc["coverage"]


@pytest.mark.django_db
def test_field_offices_csv_parses(client, seeded):
    response = client.get("/data/field-offices.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert len(rows) == 25
    row = next(r for r in rows if r["slug"] == "new-york-city")
    assert row["name_en"] == "New York City Field Office"
    assert row["name_es"] == "Oficina de Campo de la Ciudad de Nueva York"
    assert "NY:Kings County" in row["coverage"].split(";")
    assert float(row["latitude"])
    assert next(r for r in rows if r["slug"] == "atlanta")["coverage"] == "GA;NC;SC"


@pytest.mark.django_db
@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_in_both_formats(client, seeded, name):
    data = json.loads(client.get(f"/data/{name}.json").content)
    assert data["count"] == len(data["items"]) > 0
    rows = _csv(client.get(f"/data/{name}.csv"))
    assert len(rows) == data["count"]
    assert "name_en" in rows[0] and "name_es" in rows[0]


@pytest.mark.django_db
def test_contact_channels_data(client, seeded):
    items = json.loads(client.get("/data/contact-channels.json").content)["items"]
    tip = next(item for item in items if item["slug"] == "tip-line")
    assert tip["phone_tel"] == "+18663472423"
    assert tip["anchor_url"] == "http://testserver/contact/#tip-line"
    offices = next(item for item in items if item["slug"] == "field-offices")
    assert offices["url"] == "http://testserver/contact/field-offices/"


@pytest.mark.django_db
def test_directorates_data(client, seeded):
    items = json.loads(client.get("/data/directorates.json").content)["items"]
    ero = next(item for item in items if item["acronym"] == "ERO")
    assert ero["name"]["en"] == "Enforcement and Removal Operations"
    assert ero["url"].startswith("http://testserver/")


@pytest.mark.django_db
def test_only_published_rows(client):
    bulk_offices(3)
    FieldOffice.objects.filter(slug="bulk-office-0").update(status=Status.DRAFT)
    data = json.loads(client.get("/data/field-offices.json").content)
    assert [item["slug"] for item in data["items"]] == ["bulk-office-1", "bulk-office-2"]


@pytest.mark.django_db
def test_english_addresses_whatever_the_language_cookie(client):
    bulk_offices(1)
    client.cookies["django_language"] = "es"
    data = json.loads(client.get("/data/field-offices.json", HTTP_ACCEPT_LANGUAGE="es").content)
    assert data["items"][0]["url"].endswith("/contact/field-offices/bulk-office-0/")
    assert "/es/" not in data["items"][0]["url"]


@pytest.mark.django_db
def test_csv_cells_cannot_run_as_formulas(client):
    bulk_offices(1)
    FieldOffice.objects.update(name_en='=HYPERLINK("http://x")')
    rows = _csv(client.get("/data/field-offices.csv"))
    assert rows[0]["name_en"].startswith("'=")


@pytest.mark.django_db
def test_conditional_get(client):
    bulk_offices(2)
    first = client.get("/data/field-offices.json")
    again = client.get("/data/field-offices.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/data/unknown.json", "/data/field-offices.xml", "/data/field-offices.json.json"])
def test_unknown_files_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/data/field-offices", "/es/data/field-offices.json"])
def test_data_files_have_one_address(client, path):
    # Not a data file: APPEND_SLASH sends it to a content page path, which does not exist.
    assert client.get(path, follow=True).status_code == 404


@pytest.mark.django_db
def test_post_is_refused(client):
    assert client.post("/data/field-offices.json").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("count", [25, 2000])
def test_query_count_is_fixed(client, django_assert_num_queries, count):
    bulk_offices(count)
    with django_assert_num_queries(2):  # offices, their coverage
        response = client.get("/data/field-offices.json")
    assert json.loads(response.content)["count"] == count


@pytest.mark.django_db
def test_data_page_links_every_file(client, seeded):
    page = Page.objects.get(slug_en="data", parent=None)
    assert page.title_en == "Data" and page.title_es == "Datos"
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in DATASETS:
        for fmt in ("json", "csv"):
            assert f'href="/data/{name}.{fmt}"' in html
    for field in ("coverage", "latitude", "area_of_responsibility", "phone_tel", "acronym"):
        assert f"<code>{field}</code>" in html
    with translation.override("es"):
        url = page.get_absolute_url()
    assert "Datos" in client.get(url).content.decode()
