"""With generated volume (manage.py generate_content) every page costs the same number of queries
as with the seed alone: no query grows with the number of offices, pages, leaders or news items."""

import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Coverage, FieldOffice
from directorates.models import Directorate, Leader
from iceinfo.models import Page

SMALL = ["--offices", "300", "--pages", "500", "--leaders", "20", "--news", "300"]


def page_urls():
    return {
        "home": "/",
        "Spanish home": "/es/",
        "directorate detail": Directorate.objects.published().order_by("order").first().get_absolute_url(),
        "leader list": "/leadership/",
        "field office list": "/contact/field-offices/",
        "field office list, page 2": "/contact/field-offices/?page=2",
        "field offices in a state": "/contact/field-offices/?state=TX",
        "ZIP search": "/contact/field-offices/?q=77060",
        "page detail": Page.objects.published().filter(parent__isnull=False).order_by("pk").first().get_absolute_url(),
    }


def count_queries(client, url):
    cache.clear()  # a cold frame cache: the worst case of an uncached page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_generate_content_fills_every_language(seeded_site):
    call_command("generate_content", *SMALL, stdout=io.StringIO())
    assert FieldOffice.objects.filter(slug__startswith="gen-").count() == 300
    assert Coverage.objects.filter(office__slug__startswith="gen-").count() >= 300
    assert Page.objects.filter(slug_en__startswith="gen-").count() == 500
    assert Leader.objects.filter(slug__startswith="gen-").count() == 20
    if apps.is_installed("news"):
        news = apps.get_model("news", "NewsRelease")
        assert news.objects.published().filter(slug__startswith="gen-").count() == 300
    office = FieldOffice.objects.filter(slug__startswith="gen-").first()
    for suffix in ("en", "es", "zh_hans", "ar", "ht", "fr"):
        assert "[Generated test data]" in getattr(office, f"name_{suffix}")
    page = Page.objects.filter(slug_en__startswith="gen-page-").first()
    assert page.slug_es.endswith("-es") and "[Generated test data]" in page.body_vi
    # Running it again replaces the generated rows; seeded rows are untouched.
    seeded = FieldOffice.objects.exclude(slug__startswith="gen-").count()
    call_command("generate_content", "--offices", "10", "--pages", "0", "--leaders", "0", "--news", "0",
                 stdout=io.StringIO())
    assert FieldOffice.objects.filter(slug__startswith="gen-").count() == 10
    assert FieldOffice.objects.exclude(slug__startswith="gen-").count() == seeded
    assert not Page.objects.filter(slug_en__startswith="gen-").exists()


@pytest.mark.django_db
def test_query_counts_stay_the_same_with_generated_volume(client, seeded_site, django_assert_num_queries):
    # The seed holds the 25 field offices (one page of the list): add just enough for a second page.
    call_command("generate_content", "--offices", "30", "--pages", "1", "--leaders", "1", "--news", "1",
                 stdout=io.StringIO())
    urls = page_urls()
    with_seed = {name: count_queries(client, url) for name, url in urls.items()}
    call_command("generate_content", *SMALL, stdout=io.StringIO())
    for name, url in urls.items():
        cache.clear()
        with django_assert_num_queries(with_seed[name]):
            assert client.get(url).status_code == 200, name
    # A generated page deep in the tree costs what a seeded one does.
    generated = Page.objects.published().filter(slug_en__startswith="gen-page-").order_by("pk").first()
    cache.clear()
    with django_assert_num_queries(with_seed["page detail"]):
        assert client.get(generated.get_absolute_url()).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db
def test_generate_content_leaves_statistics_for_the_planner():
    """generate_content analyses what it wrote (autovacuum may be off): the planner knows there are
    thousands of offices, not the handful a table with no statistics is taken to hold."""
    call_command("generate_content", "--offices", "2000", "--pages", "0", "--leaders", "0", "--news", "0",
                 stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [FieldOffice._meta.db_table])
        assert cursor.fetchone()[0] >= 2000
