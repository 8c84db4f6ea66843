"""On PostgreSQL, with generated volume, the locator's and the pages' lookups read indexes.

Runs only on PostgreSQL (the ``postgres`` marker; .ci/run provides it). The tables are filled by
``generate_content`` (2,000 offices, 2,000 pages) and ANALYZEd, so the planner chooses as it would
in production: no ``enable_seqscan = off``.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q

from contacts.models import Coverage, FieldOffice
from iceinfo.models import Page

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

INDEX_SCANS = ("Index Scan", "Index Only Scan", "Bitmap Index Scan")


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker):
    """Generated once for the module, committed (ANALYZE needs it), flushed afterwards."""
    with django_db_blocker.unblock():
        call_command("load_seed_content", verbosity=0, stdout=io.StringIO())
        call_command("generate_content", "--offices", "2000", "--pages", "2000", "--leaders", "0", "--news", "0",
                     stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def assert_index(queryset, table):
    text = queryset.explain()
    lines = [line for line in text.splitlines() if table in line]
    assert any(scan in line for line in lines for scan in INDEX_SCANS), text
    assert not any(f"Seq Scan on {table}" in line for line in lines), text


def test_field_offices_of_a_state_use_the_coverage_index(volume):
    offices = FieldOffice.objects.published().filter(coverage__state="DC").distinct()
    assert_index(offices, "contacts_coverage")


def test_coverage_by_state_uses_an_index(volume):
    assert_index(Coverage.objects.filter(state="DC").values_list("office_id", "county"), "contacts_coverage")


def test_coverage_of_some_offices_uses_an_index(volume):
    ids = list(FieldOffice.objects.filter(slug__startswith="gen-").values_list("pk", flat=True)[:25])
    assert_index(Coverage.objects.filter(office_id__in=ids), "contacts_coverage")


def test_field_office_by_slug_uses_an_index(volume):
    assert_index(FieldOffice.objects.published().filter(slug="gen-office-7"), "contacts_fieldoffice")


def test_page_lookup_by_slug_in_any_language_uses_indexes(volume):
    segments = ["gen-section-3", "gen-page-103-es"]
    match = Q()
    for code in ("en", "es", "zh_hans", "zh_hant", "vi", "ko", "tl", "ru", "ar", "ht", "pt", "fr"):
        match |= Q(**{f"slug_{code}__in": segments})
    assert_index(Page.objects.published().filter(match).select_related("parent"), "iceinfo_page")
