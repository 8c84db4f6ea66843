"""On PostgreSQL, with 2,000 generated offices, the locator's and the list's queries read indexes:
the serving office from the coverage state index; the nearest-first order, the page of a list and
the counts from the ``fieldoffice_listing`` index alone (index-only); the rows of cards not yet
rendered by primary key.

Runs only on PostgreSQL (the ``postgres`` marker; .ci/run provides it). The module's fixture
ANALYZEs the tables after filling them, so the plans do not depend on what statistics a cluster had
before (a fresh one has none), and the planner is left to choose: no ``enable_seqscan = off``.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import locator
from contacts.models import FieldOffice

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(scope="module")
def offices(django_db_setup, django_db_blocker):
    """2,000 generated offices and the seed's 25, committed and analysed once for the module."""
    with django_db_blocker.unblock():
        from contacts import seed

        seed.load()
        call_command("generate_content", "--offices", "2000", "--pages", "0", "--leaders", "0", "--news", "0",
                     stdout=io.StringIO())
        with connection.cursor() as cursor:  # fresh statistics and visibility on every table read below
            cursor.execute("VACUUM ANALYZE")
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def search_queries(query, page=1):
    """The SQL of a locator search and of one page of its results, as the list view runs them."""
    live = FieldOffice.objects.published()
    with CaptureQueriesContext(connection) as captured:
        result = locator.locate(query, live)
        result.others.count()
        result.others[(page - 1) * 25 : page * 25]
    return [entry["sql"] for entry in captured.captured_queries]


def test_a_zip_search_reads_indexes_only(offices):
    serving, count, rows = search_queries("77060")
    text = plan(serving)
    assert "contacts_coverage_state" in text and "Seq Scan" not in text, text
    text = plan(count)
    assert "Index Only Scan using fieldoffice_listing" in text and "Seq Scan" not in text, text
    text = plan(rows)
    assert "Index Only Scan using fieldoffice_listing" in text, text  # order and page: no row is read
    assert "Seq Scan" not in text, text


def test_the_cards_rows_are_read_by_primary_key(client, offices):
    """A list's cards not rendered yet read their rows by primary key, the page's ids only."""
    from iceinfo.serving import cache

    cache._items.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/contact/field-offices/", {"q": "77060"}).status_code == 200
    rows = [entry["sql"] for entry in captured.captured_queries if '"contacts_fieldoffice"."name_en"' in entry["sql"]]
    assert len(rows) == 1, rows
    text = plan(rows[0])
    assert "contacts_fieldoffice_pkey" in text and "Seq Scan" not in text, text


def test_a_later_page_of_a_city_search_reads_indexes_only(offices):
    for sql in search_queries("Houston, TX", page=4):
        assert "Seq Scan" not in plan(sql), plan(sql)


def test_the_plain_list_reads_a_page_through_an_index(offices):
    live = FieldOffice.objects.published()
    for queryset in (locator.listing(live)[:25], locator.listing(live)[1000:1025],
                     locator.listing(live.filter(office_type="hsi"))[:25],
                     locator.listing(locator.offices_for_state("TX", live))[:25]):
        text = queryset.explain()
        assert "Index" in text and "Seq Scan on contacts_fieldoffice " not in text, text
    with CaptureQueriesContext(connection) as captured:
        live.count()
    text = plan(captured.captured_queries[0]["sql"])
    assert "Index Only Scan using fieldoffice_listing" in text and "Seq Scan" not in text, text

