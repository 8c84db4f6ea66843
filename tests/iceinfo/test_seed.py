"""load_seed_content: idempotent, keeps editors' changes, --force overwrites, optional records."""

import io

import pytest
from django.core.management import call_command

from directorates.models import Directorate
from iceinfo import seeding
from iceinfo.models import Alert, Link, LinkGroup, Page, SeedRecord, SiteSettings, Status


def _load(*args):
    out = io.StringIO()
    call_command("load_seed_content", *args, stdout=out)
    return out.getvalue()


def _counts():
    return {m.__name__: m.objects.count() for m in (Page, Directorate, Alert, LinkGroup, Link)}


def test_seed_creates_the_home_page_content(seeded_site):
    assert Directorate.objects.published().count() == 5
    assert list(Directorate.objects.values_list("acronym", flat=True)) == ["ERO", "HSI", "M&A", "OPLA", "OPR"]
    assert Directorate.objects.get(acronym="OPR").kind == Directorate.Kind.OFFICE
    assert Alert.objects.published().count() == 2
    assert Alert.objects.get(link_url="/check-in/").show_spanish_alongside
    settings_row = SiteSettings.load()
    assert settings_row.overview_es and settings_row.overview_heading_en == "ICE Overview"
    groups = list(LinkGroup.objects.filter(placement="footer").values_list("slug", flat=True))
    assert groups == ["related-information", "contact-us", "information-library", "partners"]
    assert LinkGroup.objects.get(slug="usa-gov").placement == "identifier"
    partners = Link.objects.filter(group__slug="partners")
    assert [link.label for link in partners] == ["DHS", "USCIS", "TSA", "FEMA", "USSS", "CISA", "CBP", "USCG", "FLETC"]
    assert all(link.url.startswith("https://") for link in partners)


def test_every_translated_seed_field_has_spanish(seeded_site):
    for model, fields in (
        (Page, ("title", "summary", "body")),
        (Directorate, ("name", "summary")),
        (LinkGroup, ("title",)),
        (Link, ("label",)),
        (Alert, ("link_text",)),
    ):
        for row in model.objects.all():
            for field in fields:
                if getattr(row, f"{field}_en"):
                    assert getattr(row, f"{field}_es"), f"{model.__name__} {row} has no Spanish {field}"


def test_every_publishable_seed_row_is_published(seeded_site):
    assert not Page.objects.exclude(status=Status.PUBLISHED).exists()
    assert not Directorate.objects.exclude(status=Status.PUBLISHED).exists()


def test_loading_twice_changes_nothing(seeded_site):
    before = _counts()
    output = _load()
    assert _counts() == before
    assert "0 created, 0 updated" in output.splitlines()[-1]


def test_an_editors_change_is_kept_and_force_overwrites_it(seeded_site):
    ero = Directorate.objects.get(slug_en="ero")
    ero.summary_en = "<p>Edited by an editor.</p>"
    ero.save()
    output = _load()
    assert "kept editor's change" in output
    ero.refresh_from_db()
    assert ero.summary_en == "<p>Edited by an editor.</p>"
    _load("--force")
    ero.refresh_from_db()
    assert ero.summary_en.startswith("<p>The ERO directorate upholds")


def test_an_editor_may_change_the_key_field_without_a_duplicate(seeded_site):
    before = _counts()
    link = Link.objects.get(group__slug="partners", label_en="DHS")
    link.label_en = "Department of Homeland Security"
    link.save()
    page = Page.objects.get(slug_en="careers")
    page.slug_en = "jobs"
    page.save()
    _load()
    assert _counts() == before
    assert Link.objects.get(pk=link.pk).label_en == "Department of Homeland Security"
    assert not Page.objects.filter(slug_en="careers").exists()


def test_optional_record_is_skipped_while_its_reference_is_missing(db):
    records = [
        {"model": "iceinfo.linkgroup", "key": {"slug": "g"}, "fields": {"title_en": "G"}},
        {
            "model": "iceinfo.link",
            "optional": True,
            "key": {"group": {"ref": "iceinfo.linkgroup", "key": {"slug": "g"}}, "label_en": "Data"},
            "fields": {"target": {"ref": "iceinfo.page", "key": {"slug_en": "no-such-page"}}},
        },
    ]
    stats = seeding.load_records(records)
    assert stats.created == 1 and len(stats.skipped) == 1
    assert not Link.objects.exists()
    records[1].pop("optional")
    with pytest.raises(ValueError, match="seed reference not found"):
        seeding.load_records(records)


@pytest.mark.django_db
def test_a_language_file_fills_empty_fields_of_an_existing_row_but_keeps_written_ones():
    from iceinfo.models import Page, Status
    from iceinfo.seeding import load_records

    Page.objects.create(title_en="Check in", title_fr="Déjà écrit", slug_en="check-in", status=Status.PUBLISHED)
    record = {"model": "iceinfo.page", "key": {"slug_en": "check-in"}, "fields": {"title_ko": "체크인"}}
    stats = load_records([record])
    assert stats.updated == 1
    assert Page.objects.get(slug_en="check-in").title_ko == "체크인"
    kept = {"model": "iceinfo.page", "key": {"slug_en": "check-in"}, "fields": {"title_fr": "Se présenter"}}
    stats = load_records([kept])
    assert stats.kept and Page.objects.get(slug_en="check-in").title_fr == "Déjà écrit"
    assert load_records([record]).unchanged == 1  # and a second load changes nothing


def test_loading_a_file_again_reads_its_seed_records_once(seeded_site, django_assert_num_queries):
    """A file with nothing to change reads the seed records, its rows' table and the sources in one query
    each, not row by row."""
    records = seeding.read_seed_file(seeding.SEED_DIR / "020_directorates.yaml")
    with_sources = sum(1 for record in records if "sources" in record)
    assert len(records) == 5 and with_sources == 4
    # the transaction (2), the seed records (1), the directorates (1), the sources (1); nothing written
    loaded_at = set(SeedRecord.objects.values_list("pk", "loaded_at"))
    with django_assert_num_queries(2 + 1 + 1 + 1):
        stats = seeding.load_records(records)
    assert stats.unchanged == 5
    assert set(SeedRecord.objects.values_list("pk", "loaded_at")) == loaded_at


def test_after_a_files_first_write_its_rows_are_read_again_from_the_database(seeded_site):
    """A row read before a save may have been changed by it: once the file has written, the next record
    reads its row again, so a record saving the row never writes older values over another's."""
    key = {"slug_en": "check-in"}
    french = {"model": "iceinfo.page", "key": key, "fields": {"title_fr": "Se présenter"}}
    portuguese = {"model": "iceinfo.page", "key": key, "fields": {"title_pt": "Apresentar-se"}}
    korean = {"model": "iceinfo.page", "key": key, "fields": {"title_ko": "새 제목", "title_ru": "Новый"}}  # never loaded
    seeding.load_records([french, portuguese], force=True)
    Page.objects.filter(slug_en="check-in").update(title_pt="Editado")  # an editor's change, to be forced back
    # French is unchanged (the row is read with its table), Korean writes through a row it reads by key,
    # Portuguese writes the row again: after Korean's write, from the database.
    stats = seeding.load_records([french, korean, portuguese], force=True)
    assert (stats.unchanged, stats.updated) == (1, 2)
    page = Page.objects.get(slug_en="check-in")
    assert (page.title_fr, page.title_pt, page.title_ko, page.title_ru) == ("Se présenter", "Apresentar-se", "새 제목", "Новый")


def test_a_load_inside_another_shares_its_rows_so_the_outer_one_sees_the_inner_ones_writes(seeded_site):
    page = Page.objects.get(slug_en="check-in")
    portuguese = {"model": "iceinfo.page", "key": {"slug_en": "check-in"}, "fields": {"title_pt": "Apresentar-se (novo)"}}
    with seeding._shared("rows", seeding.BatchRows):  # the outer batch, as load_records opens it
        outer = seeding._rows()
        assert outer.get(Page, page.pk).title_pt != "Apresentar-se (novo)"  # the table, read whole
        assert seeding.load_records([portuguese], force=True).updated == 1
        assert outer.get(Page, page.pk).title_pt == "Apresentar-se (novo)"


def test_a_load_moves_the_content_version_once_per_file_it_changes(seeded_site):
    from iceinfo.models import ContentVersion

    for slug in ("ero", "hsi"):  # two rows of one file
        directorate = Directorate.objects.get(slug_en=slug)
        directorate.summary_en = "<p>Edited.</p>"
        directorate.save()
    page = Page.objects.get(slug_en="careers")  # and one of another
    page.title_en = "Edited"
    page.save()
    version = ContentVersion.objects.get(pk=1).value
    _load("--force")
    assert Directorate.objects.get(slug_en="hsi").summary_en != "<p>Edited.</p>"
    assert Page.objects.get(pk=page.pk).title_en != "Edited"
    assert ContentVersion.objects.get(pk=1).value == version + 2  # one per file, not one per row


def test_a_whole_load_reads_the_seed_records_once(seeded_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        output = _load()
    assert "0 created, 0 updated" in output.splitlines()[-1]
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and '"iceinfo_seedrecord"' in q["sql"]]
    assert len(reads) == 1, reads[:3]  # one read for every file and every app's hook
