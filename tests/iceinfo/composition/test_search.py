"""Site search: same tests on SQLite and PostgreSQL (run with DATABASE_URL=postgres://...)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from iceinfo.composition import search
from iceinfo.localize import localize_path
from iceinfo.models import SearchDocument, Status
from tests.factories import DirectorateFactory, LeaderFactory, PageFactory
from tests.news.factories import NewsReleaseFactory
from tests.queries import version_read


def _titles(client, url):
    import re

    html = client.get(url).content.decode()
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="usa-collection__heading"><a[^>]*>(.*?)</a>', html)
    ]


def test_hsi_comes_first_in_english_and_spanish(client, seeded_site):
    assert _titles(client, "/search/?q=investigations")[0] == "Homeland Security Investigations (HSI)"
    with translation.override("es"):
        url = reverse("iceinfo:search")
    assert url.startswith("/es/")
    assert _titles(client, url + "?q=investigaciones")[0] == "Investigaciones de Seguridad Nacional (HSI)"


def test_title_match_ranks_above_body_match(client, site_settings):
    PageFactory(title_en="Detention standards", body_en="<p>Rules.</p>")
    PageFactory(title_en="Something else", body_en="<p>About detention and more detention.</p>")
    titles = _titles(client, "/search/?q=detention")
    assert titles == ["Detention standards", "Something else"]


def test_every_kind_of_content_is_found(client, site_settings):
    from contacts.models import ContactChannel, FieldOffice

    PageFactory(title_en="Zebra page")
    DirectorateFactory(name_en="Zebra directorate")
    LeaderFactory(name="Zebra Person")
    FieldOffice.objects.create(name_en="Zebra Field Office", slug="zebra", status=Status.PUBLISHED)
    ContactChannel.objects.create(name_en="Zebra line", slug="zebra-line", status=Status.PUBLISHED)
    NewsReleaseFactory(title_en="Zebra news")
    html = client.get("/search/?q=zebra").content.decode()
    for kind in ("Page", "Directorate or office", "Leader", "Field office", "Contact", "News"):
        assert f'<li class="usa-collection__meta-item">{kind}</li>' in html, kind
    assert html.count('class="usa-collection__item"') == 6


def test_snippet_is_escaped_and_highlighted(client, site_settings):
    PageFactory(
        title_en="Tricky <b>title</b> walrus",
        summary_en="",
        body_en="<p>The walrus &lt;script&gt;alert(1)&lt;/script&gt; swims.</p>",
    )
    html = client.get("/search/?q=walrus").content.decode()
    assert "Tricky &lt;b&gt;title&lt;/b&gt; <mark>walrus</mark>" in html
    assert "The <mark>walrus</mark> &lt;script&gt;alert(1)&lt;/script&gt; swims." in html
    assert "<script>alert(1)" not in html


def test_spanish_search_falls_back_to_english_content(client, site_settings):
    PageFactory(title_en="Narwhal guidance", title_es="", slug_es=None, summary_es="", body_es="")
    html = client.get(localize_path("/search/?q=narwhal", "es")).content.decode()
    assert 'lang="en"><mark>Narwhal</mark> guidance</a>' in html


def test_index_follows_saves_unpublishing_and_deletes(client, site_settings):
    page = PageFactory(title_en="Okapi facts")
    assert _titles(client, "/search/?q=okapi") == ["Okapi facts"]
    page.title_en = "Okapi figures"
    page.save()
    assert _titles(client, "/search/?q=okapi") == ["Okapi figures"]
    page.status = Status.DRAFT
    page.save()
    assert _titles(client, "/search/?q=okapi") == []
    page.status = Status.PUBLISHED
    page.unpublish_at = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    page.save()
    assert _titles(client, "/search/?q=okapi") == []  # scheduled window is checked at query time
    page.delete()
    assert not SearchDocument.objects.filter(title__icontains="okapi").exists()


def test_child_pages_follow_their_parents_address(site_settings):
    parent = PageFactory(slug_en="parent-one")
    child = PageFactory(parent=parent, title_en="Ibex child")
    parent.slug_en = "parent-two"
    parent.save()
    urls = set(SearchDocument.objects.filter(object_id=child.pk, language="en").values_list("url", flat=True))
    assert urls == {f"/parent-two/{child.slug_en}/"}


def test_rebuild_command_restores_the_index(site_settings):
    PageFactory(title_en="Tapir")
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert [doc.title for doc in search.search("tapir", "en")] == ["Tapir"]


def test_results_are_paginated(client, site_settings):
    PageFactory.create_batch(25, title_en="Lemur page")
    first = client.get("/search/?q=lemur").content.decode()
    assert first.count('class="usa-collection__item"') == 10
    assert "q=lemur&amp;page=2" in first
    last = client.get("/search/?q=lemur&page=3").content.decode()
    assert last.count('class="usa-collection__item"') == 5


def test_empty_query_and_no_results_suggest_pages(client, seeded_site):
    for url in ("/search/", "/search/?q=", "/search/?q=%20%20", "/search/?q=qwxzzyq"):
        html = client.get(url).content.decode()
        assert "Popular pages" in html, url
        assert 'href="/contact/field-offices/"' in html, url
    assert "Nothing on this website matches" in client.get("/search/?q=qwxzzyq").content.decode()


BAD_QUERIES = [
    "x" * 2000,
    "investigations " * 300,
    '"unterminated',
    "a & b | !c <-> d:*",
    "' OR 1=1; DROP TABLE iceinfo_searchdocument; --",
    "<script>alert(1)</script>",
    "%00",
    "a\x00b",
    "\\",
    "():*&|!",
    "-",
    "OR OR AND",
    "🙂" * 100,
    "الرمز",
    "{{ 7*7 }}",
    # FTS5 query syntax (SQLite): operators, column filters, prefixes, quotes, a NUL in the middle.
    "NEAR(investigations page, 2)",
    "investigations NOT page",
    "investigations AND",
    "title: investigations",
    "{title body}: x",
    "^investigations",
    "- investigations",
    "investigations + page",
    "*",
    '"" "',
    'inv"estigations',
    "a_b _ __",
    "investigations*",
    "investigations\x00page",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_gives_a_normal_page(client, site_settings, query):
    PageFactory(title_en="Investigations page")
    for prefix in ("/search/", localize_path("/search/", "es"), localize_path("/search/", "ar")):
        response = client.get(prefix, {"q": query})
        assert response.status_code == 200, (prefix, query[:30])
        assert "<script>alert(1)" not in response.content.decode()
        response = client.get(prefix, {"q": query, "page": "-1"})  # a page the results do not have
        assert response.status_code == 404, (prefix, query[:30])
        assert "<script>alert(1)" not in response.content.decode()


def test_raw_nul_byte_in_query_string(client, site_settings):
    """The NUL becomes a space (PostgreSQL refuses it in a query): the search runs on the words around it."""
    PageFactory(title_en="Abalone page")
    response = client.get("/search/?q=abalone%00page")
    assert response.status_code == 200 and "\x00" not in response.content.decode()
    assert _titles(client, "/search/?q=abalone%00page") == ["Abalone page"]


@pytest.mark.parametrize("count", [5, 40])
def test_search_query_count(client, site_settings, django_assert_num_queries, count):
    PageFactory.create_batch(count, title_en="Marmot page")
    NewsReleaseFactory.create_batch(count, title_en="Marmot news")
    client.get("/search/")  # warm the page frame
    page = 2 if count > 5 else 1  # 10 results to a page: only pages the results have answer
    with django_assert_num_queries(1 + version_read()):
        response = client.get(f"/search/?q=marmot&page={page}")
    assert response.status_code == 200


def test_header_search_form_on_every_page(client, seeded_site):
    from tests.seeded import public_urls

    for language in ("en", "es"):
        with translation.override(language):
            action = reverse("iceinfo:search")
        for url in public_urls(language):
            html = client.get(url).content.decode()
            assert '<form class="usa-search usa-search--small" role="search" method="get"' in html, url
            assert f'action="{action}"' in html, url
            assert '<label class="usa-sr-only" for="header-search">' in html, url


def test_a_page_whose_parent_is_not_live_is_not_found(client, site_settings):
    """Issue #14, finding 5: search follows the one definition of a live page (Page.live_window)."""
    from django.utils import timezone

    parent = PageFactory(title_en="About the agency", slug_en="about-agency")
    child = PageFactory(title_en="A day in the life", slug_en="a-day-in-the-life", parent=parent)
    assert _titles(client, "/search/?q=Day in the Life") == ["A day in the life"]
    parent.status = Status.DRAFT
    parent.save()
    assert client.get(child.get_absolute_url()).status_code == 404
    assert _titles(client, "/search/?q=Day in the Life") == []
    call_command("rebuild_search_index", verbosity=0)
    assert _titles(client, "/search/?q=Day in the Life") == []
    # A parent scheduled for later hides its child until then, too.
    parent.status, parent.publish_at = Status.PUBLISHED, timezone.now() + datetime.timedelta(days=1)
    parent.save()
    assert _titles(client, "/search/?q=Day in the Life") == []
    parent.publish_at = None
    parent.save()
    assert _titles(client, "/search/?q=Day in the Life") == ["A day in the life"]


# --- SQLite's FTS5 engine (the embedded default; PostgreSQL has its own tsvector tests above) ------

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 engine")


@sqlite_only
def test_fts_index_and_its_triggers_exist_after_migrations(db):
    """A later migration that alters SearchDocument rebuilds the table on SQLite, dropping the triggers
    (see migration 0010): this fails until that migration recreates them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'iceinfo_searchdocument_fts%'")
        names = {name for _type, name in cursor.fetchall()}
    assert {
        "iceinfo_searchdocument_fts",
        *(f"iceinfo_searchdocument_fts_{t}" for t in ("insert", "delete", "update")),
    } <= names


def test_title_hit_ranks_above_a_short_body_hit(client, site_settings):
    """bm25 favours short documents; a page named by the words still comes before a short body hit."""
    long_body = (
        "<p>" + "Arctic coast and ice shelf where the walrus lives. " * 5 + "Arctic coast ice shelf. " * 300 + "</p>"
    )
    PageFactory(title_en="Walrus habitats", summary_en="", body_en=long_body)
    PageFactory(title_en="Other animals", summary_en="", body_en="<p>A walrus.</p>")
    PageFactory.create_batch(20)  # pages without the word: bm25 needs a collection to weigh it in
    assert _titles(client, "/search/?q=walrus") == ["Walrus habitats", "Other animals"]


def test_ranking_by_how_well_the_body_matches(client, site_settings):
    PageFactory(title_en="Beta", summary_en="", body_en="<p>Notes about a manatee.</p>")
    PageFactory(title_en="Alpha", summary_en="", body_en="<p>Manatee, manatee and manatee.</p>")
    assert _titles(client, "/search/?q=manatee") == ["Alpha", "Beta"]


@sqlite_only
def test_accents_and_case_are_ignored(client, site_settings):
    PageFactory(title_es="Servicio de Inmigración y Control de Aduanas", body_es="<p>Oficina de INMIGRACIÓN.</p>")
    spanish = localize_path("/search/", "es")
    assert _titles(client, spanish + "?q=inmigracion") == ["Servicio de Inmigración y Control de Aduanas"]
    assert _titles(client, spanish + "?q=INMIGRACIÓN") == ["Servicio de Inmigración y Control de Aduanas"]
    html = client.get(spanish + "?q=inmigracion").content.decode()
    assert "<mark>Inmigración</mark>" in html and "<mark>INMIGRACIÓN</mark>" in html


def test_each_language_searches_its_own_rows(client, site_settings):
    PageFactory(title_en="Harbor seal", body_en="<p>Seals.</p>", title_es="Foca común", body_es="<p>Focas.</p>")
    spanish = localize_path("/search/", "es")
    assert _titles(client, spanish + "?q=foca") == ["Foca común"]
    assert _titles(client, spanish + "?q=harbor") == []
    assert _titles(client, "/search/?q=foca") == []
    assert _titles(client, "/search/?q=harbor") == ["Harbor seal"]


@sqlite_only
def test_chinese_words_are_found_inside_a_run_of_characters(client, site_settings):
    """FTS5's unicode61 makes a run of Chinese characters one token: Chinese words are substrings."""
    PageFactory(title_zh_hans="美国移民和海关执法局简介", body_zh_hans="<p>执法与遣返行动处负责移民执法。</p>")
    PageFactory(title_zh_hans="表格", body_zh_hans="<p>移民表格。</p>")
    PageFactory(title_zh_hans="隐私政策", body_zh_hans="<p>个人信息。</p>")
    chinese = localize_path("/search/", "zh-hans")
    assert _titles(client, chinese + "?q=移民") == ["美国移民和海关执法局简介", "表格"]
    assert _titles(client, chinese + "?q=海关 移民") == ["美国移民和海关执法局简介"]
    assert "美国<mark>移民</mark>和海关执法局简介" in client.get(chinese + "?q=移民").content.decode()
    assert _titles(client, chinese + "?q=移民 ICE") == []  # every word must match
    PageFactory(title_zh_hans="ICE 移民 表格", body_zh_hans="")
    assert _titles(client, chinese + "?q=移民 ice") == ["ICE 移民 表格"]


@sqlite_only
def test_arabic_words_are_found(client, site_settings):
    PageFactory(title_ar="إدارة الهجرة والجمارك", body_ar="<p>معلومات عن الهجرة.</p>")
    assert _titles(client, localize_path("/search/", "ar") + "?q=الهجرة") == ["إدارة الهجرة والجمارك"]


@sqlite_only
def test_rebuild_repairs_the_fts_index(client, site_settings):
    PageFactory(title_en="Quokka")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO iceinfo_searchdocument_fts(iceinfo_searchdocument_fts) VALUES ('delete-all')")
    assert _titles(client, "/search/?q=quokka") == []
    call_command("rebuild_search_index", verbosity=0)
    assert _titles(client, "/search/?q=quokka") == ["Quokka"]


@sqlite_only
def test_fts_query_quotes_every_word():
    assert search.fts_query('NEAR(a "b") OR -c* title:d 移民') == ('"near"* "a"* "b"* "c"* "title"* "d"*', ["移民"])
    assert search.fts_query("investigations Investigations") == ('"investigation"*', [])
    assert search.fts_query("_ 🙂 ()") == ("", [])
