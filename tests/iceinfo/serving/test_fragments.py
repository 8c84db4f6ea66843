"""Pieces of pages worked out once and kept per process (issue 9): the frame's HTML, an object's
address in every language, the language selector. An edit still shows at the next request."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from iceinfo.localize import _translated_paths, translated_urls
from iceinfo.models import LinkGroup
from iceinfo.serving import cache
from iceinfo.serving.frame import get_frame
from tests.factories import DirectorateFactory, LinkFactory, LinkGroupFactory, SiteSettingsFactory

HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


@pytest.fixture
def frame_links(db):
    SiteSettingsFactory()
    nav = LinkGroupFactory(placement=LinkGroup.Placement.NAV)
    footer = LinkGroupFactory(placement=LinkGroup.Placement.FOOTER)
    return {
        "nav": LinkFactory(group=nav, label_en="Nav before", label_es="Navegación antes"),
        "footer": LinkFactory(group=footer, label_en="Footer before", label_es="Pie antes"),
        "directorate": DirectorateFactory(slug_en="ero", slug_es="ero-es", slug_fr="ero-fr"),
    }


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_an_edit_of_the_header_and_footer_shows_at_the_next_request(client, frame_links):
    html = _get(client, "/")
    assert "Nav before" in html and "Footer before" in html
    assert "Nav before" in _get(client, "/")  # served from the kept fragments
    frame_links["nav"].label_en = "Nav after"
    frame_links["nav"].save()
    frame_links["footer"].label_en = "Footer after"
    frame_links["footer"].save()
    html = _get(client, "/")
    assert "Nav after" in html and "Footer after" in html
    assert "Nav before" not in html and "Footer before" not in html


def test_fragments_are_kept_per_language(client, frame_links):
    assert "Nav before" in _get(client, "/")
    spanish = _get(client, "/es/")
    assert "Navegación antes" in spanish and "Nav before" not in spanish
    assert 'lang="es"' in spanish
    assert "Nav before" in _get(client, "/")


def test_the_frame_is_rendered_when_the_cache_does_not_answer(client, frame_links, monkeypatch):
    _get(client, "/")
    monkeypatch.setattr(cache, "content_version", lambda: None)
    frame_links["nav"].label_en = "Nav without cache"
    frame_links["nav"].save()
    assert "Nav without cache" in _get(client, "/")


def test_a_kept_frame_is_read_from_the_process_until_the_version_moves(client, frame_links, monkeypatch):
    """The frame is copied into the process under its version's key: a page reads it without asking the
    shared cache (nor the database, when the shared cache was emptied), and an edit, which moves the
    version, is shown at the next request."""
    from django.core.cache import cache as shared

    _get(client, "/")
    asked = []
    real_get = shared.get
    monkeypatch.setattr(shared, "get", lambda key, *args, **kwargs: asked.append(key) or real_get(key, *args, **kwargs))
    shared.clear()
    assert "Nav before" in _get(client, "/")
    assert not [key for key in asked if key.startswith("frame:")]
    frame_links["nav"].label_en = "Nav after"
    frame_links["nav"].save()
    assert "Nav after" in _get(client, "/")
    assert [key for key in asked if key.startswith("frame:")]  # the new version's frame: asked, then built


def test_an_edited_slug_shows_in_the_alternates_at_the_next_request(client, frame_links):
    directorate = frame_links["directorate"]
    alternates = dict(HREFLANG.findall(_get(client, "/about-ice/ero/")))
    assert alternates["fr"].endswith("/ero-fr/")
    directorate.slug_fr = "ero-fr-new"
    directorate.save()
    alternates = dict(HREFLANG.findall(_get(client, "/about-ice/ero/")))
    assert alternates["fr"].endswith("/ero-fr-new/")


def test_a_preview_of_a_draft_slug_is_not_kept_for_the_public_page(client, frame_links):
    directorate = frame_links["directorate"]
    _get(client, "/about-ice/ero/")  # the public page: its addresses are kept
    directorate.slug_fr = "draft-slug"  # a draft, never saved, rendered at an admin address
    request = RequestFactory().get(f"/admin/directorates/directorate/{directorate.pk}/preview/")
    template = Template("{% load iceinfo %}{% language_alternates as alternates %}"
                        "{% for a in alternates %}{{ a.code }}={{ a.url }} {% endfor %}")
    with translation.override("en"):
        rendered = template.render(Context({"object": directorate, "request": request, "frame": get_frame()}))
    assert "fr=/fr/" in rendered and "/draft-slug/" in rendered
    alternates = dict(HREFLANG.findall(_get(client, "/about-ice/ero/")))
    assert alternates["fr"].endswith("/ero-fr/")


def test_include_pure_renders_each_set_of_values_once_and_tells_them_apart():
    template = Template('{% load iceinfo %}{% include_pure "includes/breadcrumbs.html" crumbs=crumbs current=current %}')
    plain = template.render(Context({"crumbs": [], "current": "A & B"}))
    assert "A &amp; B" in plain
    assert template.render(Context({"crumbs": [], "current": "A & B"})) == plain
    assert "<b>A</b>" in template.render(Context({"crumbs": [], "current": mark_safe("<b>A</b>")}))
    assert "&lt;b&gt;A&lt;/b&gt;" in template.render(Context({"crumbs": [], "current": "<b>A</b>"}))
    crumbs = [{"title": "Parent", "url": "/parent/"}]
    assert 'href="/parent/"' in template.render(Context({"crumbs": crumbs, "current": "A & B"}))
    with translation.override("es"):
        assert template.render(Context({"crumbs": [], "current": "A & B"})) != plain  # "Inicio", not "Home"


def test_the_language_selector_follows_the_page(client, frame_links):
    english = _get(client, "/about-ice/directorates/")
    assert 'href="/es/' in english
    spanish = _get(client, "/es/")
    selector = spanish[spanish.index('id="language-options"'):]
    assert 'href="/" lang="en"' in selector and 'hreflang="es" dir="ltr" aria-current="true"' in selector


def test_url_memo_keeps_paths_never_query_strings_or_long_paths():
    _translated_paths.cache_clear()
    codes = ("en", "es")
    with translation.override("en"):
        for n in range(50):  # e.g. fifty different searches: one path remembered
            english, spanish = translated_urls(f"/contact/field-offices/?q={n}", codes)
            assert english == f"/contact/field-offices/?q={n}"
            assert spanish.startswith("/es/") and spanish.endswith(f"/?q={n}") and spanish != english
        assert _translated_paths.cache_info().currsize == 1
        long_path = "/" + "a" * 5000
        assert translated_urls(long_path, codes) == (long_path, long_path)
        assert _translated_paths.cache_info().currsize == 1


def test_frame_memo_keeps_whole_lists_apart_and_few(monkeypatch):
    """A whole list (``large=True``: every office's row) is kept once per frame in a store of its own,
    emptied when full, so many frames or filters cannot make a process grow; other values never
    share its bound. Without a frame (the cache is down) nothing is kept."""
    built = []

    def build(name):
        return lambda: built.append(name) or [name]

    monkeypatch.setattr(cache, "LIST_LIMIT", 3)
    monkeypatch.setattr(cache, "_lists", {})  # this test's stores, whatever ran before
    monkeypatch.setattr(cache, "_values", {})
    memo = cache.frame_memo("frame-a", ("locator",))
    assert memo(("every-row",), build("a"), large=True) == ["a"]
    assert memo(("every-row",), build("again"), large=True) == ["a"]  # kept
    assert memo(("count",), build("count")) == ["count"]  # a small value: the other store
    assert ("frame-a", "locator", "every-row") in cache._lists
    assert ("frame-a", "", ("locator", "count")) in cache._values
    for frame_id in ("frame-b", "frame-c", "frame-d"):  # the fourth list empties the store first
        cache.frame_memo(frame_id, ("locator",))(("every-row",), build(frame_id), large=True)
    assert list(cache._lists) == [("frame-d", "locator", "every-row")]
    assert memo(("count",), build("count again")) == ["count"]  # untouched by the lists' bound
    assert cache.frame_memo("", ("locator",))(("every-row",), build("x"), large=True) == ["x"]
    assert cache.frame_memo("", ("locator",))(("every-row",), build("y"), large=True) == ["y"]
    assert built == ["a", "count", "frame-b", "frame-c", "frame-d", "x", "y"]
