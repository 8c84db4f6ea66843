"""The ``seeded_site`` fixture's shortcut (tests/seeded.py) leaves the database as the loader does."""

import pytest
from django.db import connection, transaction

from iceinfo.models import ContentVersion
from tests import seeded


def _seed_without_the_loader(monkeypatch, tables):
    """seed_site() with the loader made to fail: the rows it leaves, all written back from the snapshot."""

    def no_loader():
        raise AssertionError("the second load must write the noted rows, not run the loader")

    monkeypatch.setattr(seeded, "load_site_seed", no_loader)
    seeded.seed_site()
    with connection.cursor() as cursor:
        return seeded._rows(cursor, tables)


@pytest.fixture
def no_snapshots(monkeypatch):
    """Nothing noted yet, in this process or in the run's shared folder: the next replay runs the loader."""
    monkeypatch.setattr(seeded, "_snapshots", {})
    monkeypatch.setattr(seeded, "shared_folder", None)


@pytest.fixture
def group_loader():
    """A loader of one group, named after how many times it ran: "load 1", "load 2"..."""
    from django.contrib.auth.models import Group

    runs = []

    def loader():
        runs.append(1)
        Group.objects.create(name=f"load {len(runs)}")

    return loader


def _without_the_version(rows):
    """Every table but the content version's, which a load moves on (compared on its own)."""
    return {table: table_rows for table, table_rows in rows.items() if table != ContentVersion._meta.db_table}


@pytest.mark.slow
@pytest.mark.django_db
def test_the_seed_written_again_equals_a_real_load(monkeypatch, no_snapshots):
    with connection.cursor() as cursor:
        tables = seeded._tables(cursor)
        state = seeded._fingerprint(cursor, tables)
    start = transaction.savepoint()
    seeded.seed_site()  # the real loader
    with connection.cursor() as cursor:
        loaded = seeded._rows(cursor, tables)
    transaction.savepoint_rollback(start)
    with connection.cursor() as cursor:
        again = seeded._fingerprint(cursor, tables)
    changed = {table: (old, new) for table, old, new in zip(tables, state, again, strict=True) if old != new}
    assert not changed, f"rows that outlived the rollback (written outside this test's transaction): {changed}"
    version = ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    written = _seed_without_the_loader(monkeypatch, tables)
    assert _without_the_version(written) == _without_the_version(loaded)
    assert sum(len(rows) for _, rows in written.values()) > 1000
    # the content version moved on, as after the loader's saves: nothing cached before is served after
    assert ContentVersion.objects.get(pk=1).value != version


def _flush():
    """What the end of a transactional test does: every table emptied, post_migrate's rows written again."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_on_a_flushed_database_the_whole_seed_written_again_equals_a_real_load(monkeypatch, no_snapshots):
    _flush()  # the state every later transactional test starts from
    seeded.seed_site()  # the real loader
    with connection.cursor() as cursor:
        tables = seeded._tables(cursor)
        loaded = seeded._rows(cursor, tables)
    _flush()
    written = _seed_without_the_loader(monkeypatch, tables)
    assert _without_the_version(written) == _without_the_version(loaded)
    assert ContentVersion.objects.get(pk=1).value != loaded[ContentVersion._meta.db_table][1][1][1]


@pytest.mark.django_db(transaction=True)
def test_on_a_flushed_database_a_tests_own_rows_are_never_written_over(no_snapshots, group_loader):
    from django.contrib.auth.models import Group, User

    _flush()
    assert seeded.replay("groups", group_loader) is True  # the first time: the loader
    _flush()
    assert seeded.replay("groups", group_loader) is False  # then its rows, written again
    assert list(Group.objects.values_list("name", flat=True)) == ["load 1"]
    _flush()
    User.objects.create(username="written-first")  # a row of the test's own, before the load
    assert seeded.replay("groups", group_loader) is True  # so the loader runs: the whole database is not written back
    assert User.objects.filter(username="written-first").exists()
    assert list(Group.objects.values_list("name", flat=True)) == ["load 2"]


@pytest.mark.django_db
def test_in_a_transaction_after_a_tests_own_rows_only_the_loaders_rows_are_written_again(no_snapshots, group_loader):
    from django.contrib.auth.models import Group, User

    User.objects.create(username="written-first")
    start = transaction.savepoint()
    assert seeded.replay("groups", group_loader) is True
    transaction.savepoint_rollback(start)
    assert seeded.replay("groups", group_loader) is False  # the same state: the noted insert, not the loader
    assert list(Group.objects.values_list("name", flat=True)) == ["load 1"]
    assert User.objects.filter(username="written-first").exists()
    User.objects.create(username="another")
    assert seeded.replay("groups", group_loader) is True  # another state: the loader


@pytest.mark.django_db
def test_rows_a_loader_only_changed_or_deleted_are_changed_and_deleted_again(no_snapshots):
    from django.contrib.auth.models import Group

    Group.objects.bulk_create([Group(name="kept"), Group(name="renamed"), Group(name="deleted")])

    def loader():
        Group.objects.filter(name="renamed").update(name="renamed by the loader")
        Group.objects.filter(name="deleted").delete()

    start = transaction.savepoint()
    assert seeded.replay("changes", loader) is True
    transaction.savepoint_rollback(start)
    assert seeded.replay("changes", loader) is False  # nothing to insert: the noted update and delete
    assert sorted(Group.objects.values_list("name", flat=True)) == ["kept", "renamed by the loader"]


@pytest.mark.django_db(transaction=True)
def test_another_worker_reads_the_rows_the_first_one_left_in_the_shared_folder(
    monkeypatch, tmp_path, no_snapshots, group_loader
):
    from django.contrib.auth.models import Group

    monkeypatch.setattr(seeded, "shared_folder", tmp_path)
    _flush()
    assert seeded.replay("groups", group_loader) is True  # the first worker: the loader, its rows left in a file
    assert len(list(tmp_path.glob("seed-*.pickle"))) == 1
    monkeypatch.setattr(seeded, "_snapshots", {})  # another worker: nothing of its own noted
    _flush()
    assert seeded.replay("groups", group_loader) is False  # the file's rows, not the loader
    assert list(Group.objects.values_list("name", flat=True)) == ["load 1"]
    monkeypatch.setattr(seeded, "_snapshots", {})
    with transaction.atomic():
        Group.objects.create(name="a test's own")
        assert seeded.replay("groups", group_loader) is True  # a test's own rows: never shared, the loader runs
    assert len(list(tmp_path.glob("seed-*.pickle"))) == 1


def _stored_values(cursor, tables):
    """Every row of every table as SQLite stores it (``quote()``: the text, number or blob itself, untouched
    by the converters Django's cursor applies by column type), in key order."""
    quote = connection.ops.quote_name
    stored = {}
    for table, pk in tables.items():
        columns = [column[1] for column in cursor.execute(f"PRAGMA table_info({quote(table)})").fetchall()]
        values = ", ".join(f"quote({quote(column)})" for column in columns)
        stored[table] = cursor.execute(f"SELECT {values} FROM {quote(table)} ORDER BY {quote(pk)}").fetchall()
    return stored


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a copy of a SQLite test database")
@pytest.mark.django_db(transaction=True)
def test_the_sqlite_copy_of_the_seeded_site_stores_what_the_test_database_does(tmp_path, django_db_blocker):
    import sqlite3

    path = tmp_path / "site.sqlite3"
    assert seeded.seeded_sqlite_file(path, django_db_blocker)
    with connection.cursor() as cursor:
        tables = seeded._tables(cursor)
    with transaction.atomic():
        seeded.seed_site()
        with connection.cursor() as cursor:
            expected = _stored_values(cursor, tables)
        transaction.set_rollback(True)
    copy = sqlite3.connect(path)
    try:
        assert _without_the_version(_stored_values(copy.cursor(), tables)) == _without_the_version(expected)
        names = {row[0] for row in copy.execute("SELECT name FROM django_migrations")}
        assert {"0001_initial", "0011_searchdocument_fts5"} <= names  # migrate need not run on the copy
    finally:
        copy.close()
    assert len(expected["iceinfo_page"]) > 20 and len(expected["facilities_detentionfacility"]) == 203
