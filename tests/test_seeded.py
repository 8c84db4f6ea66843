"""The ``seeded_site`` fixture's shortcut (tests/seeded.py) leaves the database as the loader does."""

import pytest
from django.db import connection, transaction

from iceinfo.models import ContentVersion
from tests import seeded


@pytest.mark.django_db
def test_the_seed_written_again_equals_a_real_load(monkeypatch):
    monkeypatch.setattr(seeded, "_snapshots", {})
    with connection.cursor() as cursor:
        tables = seeded._tables(cursor)
    start = transaction.savepoint()
    seeded.seed_site()  # the real loader
    with connection.cursor() as cursor:
        loaded = seeded._rows(cursor, tables)
    transaction.savepoint_rollback(start)

    def no_loader():
        raise AssertionError("the second load must write the noted rows, not run the loader")

    monkeypatch.setattr(seeded, "load_site_seed", no_loader)
    version = ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    seeded.seed_site()
    with connection.cursor() as cursor:
        written = seeded._rows(cursor, tables)
    version_table = ContentVersion._meta.db_table
    assert {t: rows for t, rows in written.items() if t != version_table} == {
        t: rows for t, rows in loaded.items() if t != version_table
    }
    assert sum(len(rows) for _, rows in written.values()) > 1000
    # the content version moved on, as after the loader's saves: nothing cached before is served after
    assert ContentVersion.objects.get(pk=1).value != version
