"""Field office names and areas in other languages: seed_data/ero_field_offices.<suffix>.yaml (issue 18)."""

import shutil

import pytest

from contacts import seed
from contacts.models import FieldOffice


@pytest.mark.django_db
def test_each_language_file_fills_its_fields_and_keeps_editor_changes(seeded_offices):
    atlanta = FieldOffice.objects.get(slug="atlanta")
    assert atlanta.name_vi == "Văn phòng khu vực Atlanta"
    assert atlanta.area_of_responsibility_ko == "조지아주, 노스캐롤라이나주, 사우스캐롤라이나주"
    assert FieldOffice.objects.get(slug="houston").name_zh_hant == "休士頓外勤辦事處"
    assert FieldOffice.objects.count() == 25

    atlanta.name_tl = "Field Office ng ICE sa Atlanta"  # an editor's wording
    atlanta.save()
    stats = seed.load()
    assert stats.created == 0 and stats.updated == 0
    assert stats.kept == ["contacts.fieldoffice {'slug': 'atlanta'}"]
    assert FieldOffice.objects.get(slug="atlanta").name_tl == "Field Office ng ICE sa Atlanta"
    assert FieldOffice.objects.get(slug="atlanta").name_vi == "Văn phòng khu vực Atlanta"


@pytest.mark.django_db
def test_a_language_file_never_creates_an_office(tmp_path, monkeypatch):
    for path in seed.DATA_DIR.glob("ero_field_offices.*"):
        if path.name.count(".") == 1:  # the CSV and the YAML the English offices come from
            shutil.copy(path, tmp_path / path.name)
    (tmp_path / "ero_field_offices.vi.yaml").write_text("nowhere:\n  name: X\n  area: Y\n", encoding="utf-8")
    monkeypatch.setattr(seed, "DATA_DIR", tmp_path)
    monkeypatch.setattr(seed, "OFFICES_CSV", tmp_path / "ero_field_offices.csv")
    monkeypatch.setattr(seed, "OFFICES_EXTRA", tmp_path / "ero_field_offices.yaml")
    with pytest.raises(ValueError, match="ero_field_offices.vi.yaml: no field office 'nowhere'"):
        seed.load()
    assert not FieldOffice.objects.exists()
