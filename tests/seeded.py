"""The site as `manage.py load_seed_content` builds it, and one URL of every public page type.

Loading the seed runs the whole loader (YAML, the field-office CSV, sanitising, history, the search
index): seconds, more under a parallel run. A test asks for it through the ``seeded_site`` fixture (or a
part of it, e.g. ``seeded_facilities``); the first one in a process runs the real loader and notes the
rows it wrote, and later tests that start from the same database state get those very rows written
back in a few statements:

- on a database that holds only post_migrate's rows (content types, permissions, the content-version
  row), new or flushed (``transaction=True``, ``live_server``): the whole database after the load, in
  place of those rows, in one transaction. Their keys differ after each flush, so the content types
  come back under the first load's keys (tests/conftest.py forgets the cached ones after each test);
- in a test's transaction (``db``) that wrote rows of its own first: the rows the loader inserted,
  updated and deleted, told apart by every table's row count and highest key. A flushed database with
  a test's own rows gets the real loader.

What the loader writes on a clean database is also left in the run's shared folder (``shared_folder``),
so under pytest-xdist the first worker to need it loads it and the others read it.

Rows differ from a fresh load only in time stamps (the first load's, minutes old). tests/test_seeded.py
compares both shortcuts with the real loader.
"""

import fcntl
import hashlib
import io
import pickle
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse
from django.utils import translation

_snapshots = {}  # (loader, the database's state before loading) -> what the loader wrote
shared_folder = None  # a folder every worker of the run sees (tests/conftest.py sets it)


def load_site_seed():
    """Run the real loader (what `make run` does)."""
    call_command("load_seed_content", verbosity=0, stdout=io.StringIO())


def _tables(cursor):
    """{table: primary key column} for every table of an installed model, in a fixed order."""
    tables = {}
    for table in sorted(connection.introspection.django_table_names(only_existing=True, include_views=False)):
        tables[table] = connection.introspection.get_primary_key_column(cursor, table)
    return tables


def _fingerprint(cursor, tables):
    """Row count and highest key of every table: equal fingerprints mean the loader meets the same rows."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT {i} AS n, COUNT(*) AS c, CAST(MAX({quote(pk)}) AS TEXT) AS m FROM {quote(table)}"
        for i, (table, pk) in enumerate(tables.items())
    ]
    # UNION ALL promises no order (PostgreSQL may run its parts in parallel): the rows are put in the
    # tables' order, so that each count stays with its table.
    cursor.execute(" UNION ALL ".join(f"SELECT * FROM ({part}) AS t{i}" for i, part in enumerate(parts)) + " ORDER BY 1")
    return tuple((count, highest) for _, count, highest in cursor.fetchall())


def _rows(cursor, tables):
    quote = connection.ops.quote_name
    state = {}
    for table, pk in tables.items():
        cursor.execute(f"SELECT * FROM {quote(table)}")
        columns = [column[0] for column in cursor.description]
        key = columns.index(pk)
        state[table] = (columns, {row[key]: tuple(row) for row in cursor.fetchall()})
    return state


def _changes(before, after):
    """Per table: the columns, the rows to insert, the rows to update, the keys to delete."""
    changes = {}
    for table, (columns, rows) in after.items():
        old = before.get(table, (columns, {}))[1]
        inserted = [row for key, row in rows.items() if key not in old]
        updated = [row for key, row in rows.items() if key in old and old[key] != row]
        deleted = [key for key in old if key not in rows]
        if inserted or updated or deleted:
            changes[table] = (columns, inserted, updated, deleted)
    return changes


def _apply(cursor, tables, changes):
    from django.apps import apps

    quote = connection.ops.quote_name
    for table, (columns, inserted, updated, deleted) in changes.items():
        pk = tables[table]
        names = ", ".join(quote(column) for column in columns)
        marks = ", ".join(["%s"] * len(columns))
        if deleted:
            cursor.execute(
                f"DELETE FROM {quote(table)} WHERE {quote(pk)} IN ({', '.join(['%s'] * len(deleted))})", deleted
            )
        for row in updated:
            assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s", [*row, row[columns.index(pk)]]
            )
        # Many rows per statement, in the batches bulk_create makes: on SQLite a statement that writes
        # search documents opens a savepoint, at which FTS5 (their trigger, migration 0011) writes out the
        # terms it holds, so one statement per row (executemany) took three times as long.
        size = max(connection.ops.bulk_batch_size(columns, inserted), 1)  # PostgreSQL: all of them
        for start in range(0, len(inserted), size):
            batch = inserted[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([f'({marks})'] * len(batch))}",
                [value for row in batch for value in row],
            )
    # PostgreSQL: the sequences move past the inserted keys, so the test's own rows get new ones.
    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in changes]
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)


def _post_migrate_tables():
    """The tables a new or flushed database has rows in: those post_migrate writes."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from iceinfo.models import ContentVersion

    return {ContentType._meta.db_table, Permission._meta.db_table, ContentVersion._meta.db_table}


@contextmanager
def _run_wide(key):
    """What the loader writes on a clean database is the same in every worker of a run (pytest-xdist): the
    first worker to need it loads it and leaves it in a file, the others wait for that file and read it.
    Yields the file's path, or None where nothing is shared (one process, or no key given)."""
    if shared_folder is None or key is None:
        yield None
        return
    path = shared_folder / f"seed-{hashlib.sha256(repr(key).encode()).hexdigest()[:16]}.pickle"
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held while the first worker loads
        yield path


def replay(name, loader):
    """Run ``loader`` in the current test's database, or write again the rows it wrote the first time it
    met the same state (see the module's docstring). Returns True when the loader itself ran."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from iceinfo.models import ContentVersion
    from iceinfo.serving.cache import bump_content_version

    with connection.cursor() as cursor:
        tables = _tables(cursor)
        fingerprint = _fingerprint(cursor, tables)
    counts = {table: count for table, (count, _) in zip(tables, fingerprint, strict=True)}
    clean = {table for table, count in counts.items() if count} <= _post_migrate_tables()
    if clean:
        # Keys differ after each flush and the content-version row comes and goes: the whole database
        # after the load is written in place of these rows, so only the numbers of them must match.
        version = ContentVersion._meta.db_table
        key = (name, "clean", tuple(0 if table == version else count for table, count in counts.items()))
    elif connection.in_atomic_block:
        key = (name, fingerprint)
    else:
        key = None  # a flushed database with a test's own rows: writing the whole database back would lose them
    written = _snapshots.get(key)
    if written is None:
        with _run_wide(key if clean else None) as stored:  # a state with a test's own rows is never shared
            if stored is not None and stored.exists():
                written = _snapshots[key] = pickle.loads(stored.read_bytes())
            else:
                with connection.cursor() as cursor:
                    before = {} if clean or key is None else _rows(cursor, tables)
                loader()
                if key is not None:
                    with connection.cursor() as cursor:
                        _snapshots[key] = _changes(before, _rows(cursor, tables))
                if stored is not None:
                    partial = stored.with_suffix(".partial")
                    partial.write_bytes(pickle.dumps(_snapshots[key], pickle.HIGHEST_PROTOCOL))
                    partial.rename(stored)
                return True
    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys are checked at commit
        if clean:
            for table in _post_migrate_tables():
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        _apply(cursor, tables, written)
    # The content types may be back under the keys of the first load: cache them again, all of them,
    # as the loader's look-ups did (a query count measured after the load must not see a cold cache).
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())
    bump_content_version()  # as the loader's saves do: nothing assembled before the load is served after it
    return False


def seed_site():
    """The seed in the database of the current test: the real loader once per starting state, then its rows."""
    replay("site", load_site_seed)


@contextmanager
def seed_rolled_back(django_db_blocker):
    """The seed in a transaction of its own that is rolled back at the end of the block, for a module-scoped
    fixture that reads the seeded site once; the content types cached meanwhile are forgotten with it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    try:
        with django_db_blocker.unblock(), transaction.atomic():
            seed_site()
            yield
            transaction.set_rollback(True)
    finally:
        ContentType.objects.clear_cache()


def seeded_sqlite_file(path, django_db_blocker):
    """A SQLite database at ``path`` holding what `make run` leaves (migrated, then seeded), for a site run
    in a process of its own, made without running migrate and the loader again there: the test database
    (SQLite) is copied, then given the seeded site's rows, read in a transaction rolled back at once.
    Returns False, leaving ``path`` alone, where the test database is not SQLite."""
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    if connection.vendor != "sqlite":
        return False
    with django_db_blocker.unblock():
        # sqlite3's backup waits for a write transaction of its own connection to end: it never would.
        assert not connection.in_atomic_block, "seeded_sqlite_file copies a database no transaction is writing"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # the schema, django_migrations, post_migrate's rows
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    seed_site()
                    tables = _tables(cursor)
                    rows = _rows(cursor, tables)
                    transaction.set_rollback(True)
            finally:
                ContentType.objects.clear_cache()
            # Values as Django's SQLite cursor reads them (its converters are sqlite3's, process-wide) go
            # back in through sqlite3's adapters, stored as Django stores them (tests/test_seeded.py).
            quote = connection.ops.quote_name
            with target:
                for table, (columns, by_key) in rows.items():
                    target.execute(f"DELETE FROM {quote(table)}")
                    marks = ", ".join(["?"] * len(columns))
                    names = ", ".join(quote(column) for column in columns)
                    target.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", by_key.values())
        finally:
            target.close()
    return True


def public_urls(language):
    """One URL of every public page type in ``language``, built from the seeded database."""
    from contacts.models import FieldOffice
    from directorates.models import Directorate
    from facilities.models import DetentionFacility
    from iceinfo.models import Page

    with translation.override(language):
        field_offices = reverse("contacts:fieldoffice_list")
        facilities = reverse("facilities:facility_list")
        return [
            reverse("iceinfo:home"),
            reverse("iceinfo:languages"),
            Directorate.objects.published().first().get_absolute_url(),
            reverse("directorates:directorate_list"),
            reverse("directorates:leader_list"),
            Page.objects.published().filter(parent__isnull=True).first().get_absolute_url(),
            Page.objects.published().filter(parent__isnull=False).first().get_absolute_url(),
            reverse("contacts:contact_list"),
            reverse("contacts:internationaloffice_list"),
            field_offices,
            field_offices + "?zip=77060",  # results
            field_offices + "?zip=abcde",  # an error message
            field_offices + "?state=TX&type=ero",  # a filtered list
            field_offices + "?zip=99999",  # an unknown ZIP
            FieldOffice.objects.published().first().get_absolute_url(),  # with its detention facilities
            field_offices + "?zip=96799",  # American Samoa: no field office covers it
            facilities,
            facilities + "?zip=98421",  # nearest first, with distances
            facilities + "?zip=abcde",  # an error message
            DetentionFacility.objects.get(slug="northwest-ice-processsing-center").get_absolute_url(),
            DetentionFacility.objects.get(slug="miami-staging-facility").get_absolute_url(),  # no street, no page
            reverse("iceinfo:search"),  # suggestions
            reverse("iceinfo:search") + "?q=investigations",  # results
            reverse("iceinfo:search") + "?q=qwxzzyq",  # nothing found
            reverse("news:newsrelease_list"),  # the empty state (the seed has no news)
            reverse("news:statement_list"),
            reverse("iceinfo:site_map"),
            reverse("iceinfo:content_inventory"),
        ]


def take_some_offline(models, last):
    """Every seeded row of ``models`` is live; three go offline in three ways: a page (one without
    children) becomes a draft, a directorate's end date passes, and the first row of the model ``last``
    gets a start date to come. Returns (page, directorate, that row), so that a test works out what a
    list shows from these, not with the views' published() filter."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from directorates.models import Directorate
    from iceinfo.models import Page, Status

    for model in models:
        assert not model.objects.exclude(status=Status.PUBLISHED).exists(), model
        assert not model.objects.filter(Q(publish_at__isnull=False) | Q(unpublish_at__isnull=False)).exists(), model
    now = timezone.now()
    page = Page.objects.filter(children__isnull=True).order_by("pk").first()
    Page.objects.filter(pk=page.pk).update(status=Status.DRAFT)
    directorate = Directorate.objects.order_by("pk").first()
    Directorate.objects.filter(pk=directorate.pk).update(unpublish_at=now - timedelta(days=1))
    row = last.objects.order_by("pk").first()
    last.objects.filter(pk=row.pk).update(publish_at=now + timedelta(days=1))
    return page, directorate, row
