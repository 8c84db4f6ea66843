"""Facilities in the sitemap, open data, site search, the site map and the content inventory; the
seed (idempotent, editor-safe) and the roles."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from facilities import seed
from facilities.models import DetentionFacility, FacilityType
from iceinfo.composition import search
from iceinfo.models import Status

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_has_all_203_facility_pages(seeded_facilities, client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)}
    english = {loc for loc in locations if loc.startswith("http://testserver/detention-facilities/")}
    assert len(english) == 204  # the directory and 203 facility pages
    assert "http://testserver/es/centros-de-detencion/northwest-ice-processsing-center/" in locations


def test_open_data_json_lists_203(seeded_facilities, client):
    response = client.get("/data/detention-facilities.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 203 == len(data["items"])
    nwipc = next(item for item in data["items"] if item["slug"] == "northwest-ice-processsing-center")
    assert nwipc["facility_type"] == "CDF"
    assert nwipc["facility_type_name"]["es"] == "Centro de detención por contrato"
    assert nwipc["field_office"] == "seattle"
    assert nwipc["as_of"] == "2026-04-02"
    assert nwipc["url"] == "http://testserver/detention-facilities/northwest-ice-processsing-center/"
    assert nwipc["sources"].startswith("https://github.com/CarwilB/ice-detention/")


def test_open_data_csv_neutralises_formulas(seeded_facilities, client):
    DetentionFacility.objects.filter(slug="el-valle-detention-facility").update(street="=HYPERLINK(\"x\")")
    response = client.get("/data/detention-facilities.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 203
    row = next(row for row in rows if row["slug"] == "el-valle-detention-facility")
    assert row["street"] == "'=HYPERLINK(\"x\")"
    assert row["facility_type_name_en"] == "Dedicated intergovernmental service agreement"


def test_data_page_lists_the_dataset(seeded_site, client):
    html = client.get("/data/").content.decode()
    assert 'href="/data/detention-facilities.json"' in html and 'href="/data/detention-facilities.csv"' in html


def test_site_search_finds_a_facility(seeded_facilities, client):
    search.rebuild_index()
    html = client.get("/search/", {"q": "Florence"}).content.decode()
    assert 'href="/detention-facilities/florence-service-processing-center/"' in html


def test_content_inventory_lists_facilities(seeded_facilities, client):
    html = client.get("/web-content-inventory/").content.decode()
    assert 'href="/detention-facilities/el-valle-detention-facility/"' in html


def test_seed_is_idempotent_and_keeps_editor_changes(db):
    from contacts import seed as contacts_seed

    contacts_seed.load()
    assert seed.load().created == 11 + 203
    assert DetentionFacility.objects.published().count() == 203
    facility = DetentionFacility.objects.get(slug="el-valle-detention-facility")
    assert facility.as_of.isoformat() == "2026-04-02" and facility.latitude is not None
    facility.phone = "(956) 000-0000"
    facility.save()
    stats = seed.load()
    assert stats.created == 0 and len(stats.kept) == 1
    assert DetentionFacility.objects.get(pk=facility.pk).phone == "(956) 000-0000"
    seed.load(force=True)
    assert DetentionFacility.objects.get(pk=facility.pk).phone == ""


def test_every_type_code_in_the_data_is_explained(seeded_facilities):
    for kind in FacilityType.objects.all():
        assert kind.explanation_en and kind.explanation_es and kind.label_es, kind.code
        assert kind.label_ar and kind.label_zh_hans and kind.explanation_ar and kind.explanation_zh_hant, kind.code
        if not kind.defined_by_ice:
            assert "do not explain it" in kind.explanation_en
    assert set(FacilityType.objects.filter(defined_by_ice=False).values_list("code", flat=True)) == {
        "STAGING", "STATE", "DOD"}


def test_facility_sources_must_be_https_addresses(seeded_facilities):
    from django.core.exceptions import ValidationError

    facility = DetentionFacility.objects.get(slug="el-valle-detention-facility")
    facility.sources = "https://www.ice.gov/\njavascript:alert(1)"
    with pytest.raises(ValidationError):
        facility.full_clean()
    facility.sources = "https://www.ice.gov/"
    facility.ice_page_url = "http://example.com/"
    with pytest.raises(ValidationError):
        facility.full_clean()


def test_roles_can_edit_and_publish_facilities(db):
    call_command("setup_roles", stdout=io.StringIO())
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    publishers = set(Group.objects.get(name="Publishers").permissions.values_list("codename", flat=True))
    assert {"add_detentionfacility", "change_detentionfacility", "change_facilitytype"} <= editors
    assert "delete_detentionfacility" not in editors
    assert {"delete_detentionfacility", "publish_content"} <= publishers


def test_draft_facility_is_left_out_of_open_data_and_sitemap(seeded_facilities, client):
    DetentionFacility.objects.filter(slug="el-valle-detention-facility").update(status=Status.DRAFT)
    assert json.loads(client.get("/data/detention-facilities.json").content)["count"] == 202
    assert b"el-valle-detention-facility" not in client.get("/sitemap.xml").content
