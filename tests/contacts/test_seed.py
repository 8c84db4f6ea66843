"""The field-office seed: 25 offices from the CSV, structured coverage, idempotent, editor-safe."""

import csv

import pytest

from contacts import seed
from contacts.models import ContactChannel, Coverage, FieldOffice


@pytest.mark.django_db
def test_seed_loads_the_25_offices_with_sources():
    assert seed.load().created == 25  # the loader itself, on an empty database
    with open(seed.OFFICES_CSV, encoding="utf-8") as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    assert FieldOffice.objects.count() == 25
    corrected = {"miami", "new-orleans", "new-york-city"}  # see ero_field_offices.yaml
    for office in FieldOffice.objects.all():
        row = rows[office.name_en]
        assert office.source.startswith(row["source_url"])
        assert office.as_of.isoformat() == "2025-09-30"
        if office.slug in corrected:
            assert "corrected from https://" in office.source
            continue
        assert office.source == row["source_url"]
        assert office.phone == row["phone"] and office.email == row["email"] and office.zip_code == row["zip"]
        assert office.area_of_responsibility_en == row["area_of_responsibility"]
        assert office.name_es and office.area_of_responsibility_es
        assert office.latitude is not None and office.longitude is not None
        assert office.coverage.exists()


@pytest.mark.django_db
def test_every_state_is_covered(seeded_offices):
    from contacts.regions import STATES

    covered = set(Coverage.objects.values_list("state", flat=True))
    assert set(STATES) - covered == {"AS"}  # American Samoa: not in any office's area in the source


@pytest.mark.django_db
def test_split_states(seeded_offices):
    nyc = set(Coverage.objects.filter(office__slug="new-york-city").values_list("county", flat=True))
    assert {"Bronx County", "Kings County", "New York County", "Richmond County", "Dutchess County"} <= nyc
    assert len(nyc) == 14
    assert "Duchess" not in FieldOffice.objects.get(slug="new-york-city").area_of_responsibility_en
    assert "Dutchess" in FieldOffice.objects.get(slug="new-york-city").area_of_responsibility_es
    assert Coverage.objects.filter(office__slug="buffalo", state="NY").count() == 48
    assert set(Coverage.objects.filter(office__slug="san-diego").values_list("county", flat=True)) == {
        "San Diego County",
        "Imperial County",
    }
    # ero_areas_of_responsibility.csv: every county of the three split states once, no whole-state row.
    for state, counties in (("CA", 58), ("NY", 62), ("TX", 254)):
        rows = Coverage.objects.filter(state=state)
        assert rows.count() == counties and not rows.filter(county="").exists()
    assert Coverage.objects.filter(office__slug="houston").count() == 57


@pytest.mark.django_db
def test_corrected_office_addresses(seeded_offices):
    miami = FieldOffice.objects.get(slug="miami")
    assert (miami.street, miami.city, miami.zip_code) == ("2805 SW 145th Ave", "Miramar", "33027")
    new_orleans = FieldOffice.objects.get(slug="new-orleans")
    assert (new_orleans.street, new_orleans.city, new_orleans.zip_code) == ("181 James Drive W", "St. Rose", "70087")
    assert new_orleans.latitude is not None


@pytest.mark.django_db
def test_coverage_an_earlier_seed_wrote_is_replaced_and_an_editors_is_kept(seeded_offices):
    from contacts.seed import _read, coverage_rows

    _rows, extra = _read()
    for slug in ("houston", "dallas"):  # as the earlier seed left them: Texas with no county
        office = FieldOffice.objects.get(slug=slug)
        office.coverage.all().delete()
        for state, county in coverage_rows(extra[slug]["coverage"]):
            Coverage.objects.create(office=office, state=state, county=county)
    Coverage.objects.filter(office__slug="dallas", state="OK").delete()  # an editor's change
    stats = seed.load()
    assert Coverage.objects.filter(office__slug="houston", state="TX").count() == 57
    assert list(Coverage.objects.filter(office__slug="dallas").values_list("state", "county")) == [("TX", "")]
    assert "contacts.coverage of dallas" in stats.kept


@pytest.mark.django_db
def test_seed_is_idempotent_and_keeps_editor_changes(seeded_offices):
    office = FieldOffice.objects.get(slug="atlanta")
    office.phone = "(404) 000-0000"
    office.save()
    Coverage.objects.filter(office__slug="boston", state="VT").delete()
    coverage_before = Coverage.objects.count()
    stats = seed.load()
    assert stats.created == 0
    assert len(stats.kept) == 2 and "contacts.coverage of boston" in stats.kept
    assert FieldOffice.objects.get(slug="atlanta").phone == "(404) 000-0000"
    assert not Coverage.objects.filter(office__slug="boston", state="VT").exists()
    assert Coverage.objects.count() == coverage_before  # nothing re-created, nothing else removed
    seed.load(force=True)
    assert FieldOffice.objects.get(slug="atlanta").phone == "(404) 893-1290"
    assert Coverage.objects.filter(office__slug="boston", state="VT").exists()


@pytest.mark.django_db
def test_contact_channels_invent_nothing(seeded_channels):
    channels = {channel.slug: channel for channel in ContactChannel.objects.all()}
    assert len(channels) == 7
    with_phone = {slug for slug, channel in channels.items() if channel.phone}
    assert with_phone == {"tip-line"}
    assert channels["tip-line"].phone_tel == "+18663472423"
    assert not any(channel.email for channel in channels.values())
    assert all(channel.name_es and channel.description_es for channel in channels.values())


@pytest.mark.django_db
def test_offices_get_each_languages_name_and_area_from_its_file(seeded_offices):
    import yaml

    files = sorted(seed.DATA_DIR.glob("ero_field_offices.*.yaml"))
    assert {path.name.split(".")[1] for path in files} >= {"ru", "ar", "ht", "pt", "fr"}
    for path in files:
        suffix = path.name.split(".")[1].replace("-", "_")
        with open(path, encoding="utf-8") as handle:
            texts = yaml.safe_load(handle)
        assert set(texts) == set(FieldOffice.objects.values_list("slug", flat=True)), path.name
        for office in FieldOffice.objects.all():
            assert getattr(office, f"name_{suffix}") == texts[office.slug]["name"]
            assert getattr(office, f"area_of_responsibility_{suffix}") == " ".join(texts[office.slug]["area"].split())


@pytest.mark.django_db
def test_a_translated_office_name_an_editor_changed_is_kept(seeded_offices):
    office = FieldOffice.objects.get(slug="boston")
    office.name_fr = "Bureau de Boston"
    office.save()
    stats = seed.load()
    assert stats.created == 0 and len(stats.kept) == 1
    boston = FieldOffice.objects.get(slug="boston")
    assert boston.name_fr == "Bureau de Boston"
    assert boston.name_ru == "Территориальное отделение в Бостоне"  # the other languages' rows untouched
