"""The page cache in front of Django: hits skip Django entirely and match misses byte for byte."""

import io
import wsgiref.util
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from iceinfo.models import Page, SiteSettings, Status
from iceinfo.serving import cache as content_cache
from iceinfo.serving.pagecache import PageCache


@pytest.fixture
def app():
    # As Django's test client does: keep the test's database connection (and its transaction)
    # across requests instead of closing "old" connections at each request's start and end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCache(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(app, path, method="GET", query="", **headers):
    environ = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "SERVER_NAME": "testserver",
            "wsgi.input": io.BytesIO(b""),
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        }
    )
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, response_headers

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return captured["status"], dict(captured["headers"]), body


@pytest.fixture
def content_page(db):
    SiteSettings.objects.create(agency_name="U.S. Immigration and Customs Enforcement", short_name="ICE",
                                tip_line_display="1-866-DHS-2-ICE", tip_line_tel="+18663472423")
    return Page.objects.create(title="Check-in", slug="check-in", body="<p>Original</p>", status=Status.PUBLISHED)


@pytest.mark.django_db
def test_a_hit_runs_no_query_and_matches_the_miss(app, content_page, django_assert_num_queries):
    status, miss_headers, miss_body = call(app, "/check-in/")
    assert status.startswith("200")
    assert "public" in miss_headers["Cache-Control"]
    assert "ETag" in miss_headers and "Last-Modified" in miss_headers
    # With Redis the version comes from its copy (no query); with a process-local cache (make run),
    # from the version row, so that every worker sees an edit made by another process.
    with django_assert_num_queries(0 if not content_cache._local_cache() else 1):
        status, hit_headers, hit_body = call(app, "/check-in/")
    assert status.startswith("200")
    assert hit_body == miss_body
    assert hit_headers == miss_headers  # same security headers, CSP included
    assert "Cookie" not in hit_headers.get("Vary", "")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert header in hit_headers


@pytest.mark.django_db
def test_an_edit_shows_at_the_next_request(app, content_page):
    assert b"Original" in call(app, "/check-in/")[2]
    content_page.body = "<p>Edited by staff</p>"
    content_page.save()
    body = call(app, "/check-in/")[2]
    assert b"Edited by staff" in body and b"Original" not in body


@pytest.mark.django_db
def test_site_settings_edit_reaches_every_cached_page(app, content_page):
    call(app, "/check-in/")
    settings_row = SiteSettings.load()
    settings_row.tip_line_display = "1-866-DHS-2-ICE (test)"
    settings_row.save()
    assert b"1-866-DHS-2-ICE (test)" in call(app, "/check-in/")[2]


@pytest.mark.django_db
def test_conditional_get_answers_304(app, content_page):
    _, headers, _ = call(app, "/check-in/")
    status, _, body = call(app, "/check-in/", if_none_match=headers["ETag"])
    assert status.startswith("304") and body == b""


def signed_in_cookie(user):
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()
    return f"sessionid={session.session_key}"


@pytest.mark.django_db
def test_signed_in_staff_bypass_the_cache(app, content_page, django_assert_max_num_queries):
    from django.contrib.auth.models import User

    call(app, "/check-in/")
    Page.objects.filter(pk=content_page.pk).update(body="<p>Changed quietly</p>")  # no signal: cache is stale
    assert b"Changed quietly" not in call(app, "/check-in/")[2]
    staff = User.objects.create_user("staff", is_staff=True)
    assert b"Changed quietly" in call(app, "/check-in/", cookie=signed_in_cookie(staff))[2]


@pytest.mark.django_db
def test_a_cookie_named_sessionid_is_no_reason_to_skip_the_cache(app, content_page, django_assert_max_num_queries):
    """Issue #14, finding 11: only a valid signed-in session bypasses the cache."""
    call(app, "/check-in/")
    Page.objects.filter(pk=content_page.pk).update(body="<p>Changed quietly</p>")
    # The session lookup, and (with a process-local cache) the version row: a hit, nothing more.
    with django_assert_max_num_queries(2 if content_cache._local_cache() else 1):
        status, _headers, body = call(app, "/check-in/", cookie="sessionid=abc")
    assert status.startswith("200") and b"Changed quietly" not in body


@pytest.mark.django_db
def test_parameters_no_view_reads_never_reach_a_stored_page(app, content_page):
    """Issue #14, finding 3: GET /check-in/?xq=MARK then GET /check-in/ shows no MARK, and the page for
    ?xq= is not stored at all (every parameter of a stored page is one its view declared)."""
    status, _headers, body = call(app, "/check-in/", query="xq=MARK")
    assert status.startswith("200") and b"MARK" not in body  # alternates carry declared parameters only
    status, _headers, body = call(app, "/check-in/")
    assert b"MARK" not in body
    Page.objects.filter(pk=content_page.pk).update(body="<p>Quiet</p>")  # no signal
    assert b"Quiet" in call(app, "/check-in/", query="xq=MARK")[2]  # never stored: rendered each time
    assert b"Quiet" in call(app, "/check-in/", query="utm_source=mail")[2]
    assert b"Quiet" not in call(app, "/check-in/")[2]  # the plain page was stored


@pytest.mark.django_db
def test_contact_page_with_junk_parameter_leaves_no_trace(app, content_page):
    call(app, "/contact/", query="xq=MARK" + "x" * 90)
    call(app, "/contact/", query="xq=MARK")
    status, _headers, body = call(app, "/contact/")
    assert status.startswith("200") and b"MARK" not in body


def test_repeated_parameters_do_not_share_an_entry():
    assert content_cache.cache_query("q=a&q=b") != content_cache.cache_query("q=b&q=a")
    assert content_cache.cache_query("page=2&q=a") == content_cache.cache_query("q=a&page=2")
    assert content_cache.cache_query("q=" + "x" * 500) is None  # not worth an entry


def test_a_requests_slot_is_its_normalised_addresss_and_is_remembered():
    """``request_slot`` (remembered per process) gives what ``page_slot`` of the normalised query gives."""
    def slot(query_string):
        return content_cache.request_slot("http", "testserver", "/contact/field-offices/", query_string)

    for _ in range(2):  # worked out, then remembered
        assert slot("page=2&q=a") == slot("q=a&page=2") == content_cache.page_slot(
            "http", "testserver", "/contact/field-offices/", "page=2&q=a")
        assert slot("q=a&q=b") != slot("q=b&q=a")
        assert slot("") == content_cache.page_slot("http", "testserver", "/contact/field-offices/", "")
        assert slot("q=" + "x" * 500) is None  # not worth an entry, nor a place in the memory
    assert ("http", "testserver", "/contact/field-offices/", "q=" + "x" * 500) not in content_cache._slots


@pytest.mark.django_db
def test_repeated_search_terms_in_another_order_get_their_own_page(app, content_page,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.create(title="Alpha marmot", slug="alpha", status=Status.PUBLISHED)
        Page.objects.create(title="Bravo walrus", slug="bravo", status=Status.PUBLISHED)
    first = call(app, "/search/", query="q=alpha&q=walrus")[2]  # Django reads the last value
    assert b"/bravo/" in first and b"/alpha/" not in first
    second = call(app, "/search/", query="q=walrus&q=alpha")[2]
    assert b"/alpha/" in second and b"/bravo/" not in second


@pytest.mark.django_db
def test_declared_parameters_are_kept_and_echoed(app, content_page):
    body = call(app, "/search/", query="q=marmot&xq=MARK")[2]
    assert b"marmot" in body and b"MARK" not in body
    assert b"/es/" in body  # the alternates are there, without the undeclared parameter


@pytest.mark.django_db
def test_pages_a_list_does_not_have_are_404_and_not_stored(app, content_page):
    """Issue #14, finding 11: only pages the view can produce are stored."""
    assert call(app, "/news/", query="page=7")[0].startswith("404")
    assert call(app, "/news/", query="page=abc")[0].startswith("404")
    assert call(app, "/search/", query="q=check&page=99")[0].startswith("404")
    # A parameter the content page does not read: rendered, never stored.
    call(app, "/check-in/", query="page=12345")
    Page.objects.filter(pk=content_page.pk).update(body="<p>Quiet</p>")
    assert b"Quiet" in call(app, "/check-in/", query="page=12345")[2]


@pytest.mark.django_db
def test_the_key_has_the_scheme(app, content_page, settings):
    """Issue #14, finding 4: a request over HTTPS (as the proxy says) does not answer a plain one."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure = call(PageCache(app.app), "/check-in/", x_forwarded_proto="https")[2]
    assert b"https://testserver/check-in/" in secure
    plain = call(PageCache(app.app), "/check-in/")[2]
    assert b"https://testserver" not in plain and b"http://testserver/check-in/" in plain


@pytest.mark.django_db
def test_plain_http_is_never_answered_from_the_cache_when_the_site_redirects(app, content_page, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    layer = PageCache(WSGIHandler())  # SecurityMiddleware reads the setting when it is built
    assert call(layer, "/check-in/", x_forwarded_proto="https")[0].startswith("200")
    assert call(layer, "/check-in/", x_forwarded_proto="https")[0].startswith("200")
    status, headers, _body = call(layer, "/check-in/")
    assert status.startswith("301") and headers["Location"] == "https://testserver/check-in/"


@pytest.mark.django_db
def test_public_pages_do_not_vary_on_accept_language(app, content_page):
    """Issue #14, finding 12."""
    for path in ("/check-in/", "/es/check-in/", "/search/", "/"):
        _status, headers, _body = call(app, path, accept_language="es")
        assert "accept-language" not in headers.get("Vary", "").lower(), path


@pytest.mark.django_db
def test_errors_and_posts_are_not_cached(app, content_page):
    assert call(app, "/no-such-page/")[0].startswith("404")
    Page.objects.create(title="Late", slug="no-such-page", body="<p>Now here</p>", status=Status.PUBLISHED)
    assert call(app, "/no-such-page/")[0].startswith("200")
    # A POST never gets the stored page (Django answers it: no CSRF token, so 403)...
    assert b"Original" in call(app, "/check-in/")[2]
    status, headers, body = call(app, "/check-in/", method="POST")
    assert status.startswith("403") and b"Original" not in body
    assert "public" not in headers.get("Cache-Control", "")
    # ...and what Django answered to a POST is never stored for the GETs that follow.
    Page.objects.filter(pk=content_page.pk).update(body="<p>Changed quietly</p>")  # no signal: cache is stale
    content_cache.bump_content_version()
    assert call(app, "/check-in/", method="POST")[0].startswith("403")
    status, _headers, body = call(app, "/check-in/")
    assert status.startswith("200") and b"Changed quietly" in body


@pytest.mark.django_db
def test_a_delete_shows_at_the_next_request(app, content_page):
    """Issue #23: deleting content bumps the version, like saving it (the post_delete signal)."""
    assert call(app, "/check-in/")[0].startswith("200")
    assert call(app, "/check-in/")[0].startswith("200")  # now stored
    content_page.delete()
    assert call(app, "/check-in/")[0].startswith("404")


@pytest.mark.django_db
def test_a_page_that_sets_a_cookie_is_not_marked_public(app, content_page, settings):
    """Issue #23: the headers middleware never marks a response with a cookie public (here the CSRF
    cookie of a page with a form), so no CDN and no page cache keeps one visitor's cookie for all."""
    settings.ROOT_URLCONF = "tests.iceinfo.serving.extra_urls"
    status, headers, first = call(app, "/form-page/")
    assert status.startswith("200") and "csrftoken=" in headers["Set-Cookie"]
    assert "public" not in headers.get("Cache-Control", "")
    status, headers, second = call(app, "/form-page/")
    assert "csrftoken=" in headers["Set-Cookie"] and second != first  # rendered again, its own token


@pytest.mark.django_db
def test_a_response_with_a_cookie_is_never_stored_even_when_marked_public(app, content_page, settings):
    """Issue #23: the page cache checks Set-Cookie itself, whatever Cache-Control the view set."""
    settings.ROOT_URLCONF = "tests.iceinfo.serving.extra_urls"
    status, headers, first = call(app, "/self-marked/")
    assert status.startswith("200") and "public" in headers["Cache-Control"] and "visitor=" in headers["Set-Cookie"]
    status, second_headers, second = call(app, "/self-marked/")
    assert second != first and second_headers["Set-Cookie"] != headers["Set-Cookie"]  # not a stored copy


@pytest.mark.django_db
def test_a_scheduled_unpublish_takes_effect_without_an_edit(app, monkeypatch, django_capture_on_commit_callbacks):
    # The schedule boundary is stored when the editor's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.create(
            title="Notice", slug="notice", body="<p>Until tomorrow</p>", status=Status.PUBLISHED,
            unpublish_at=timezone.now() + timedelta(hours=1),
        )
    assert call(app, "/notice/")[0].startswith("200")
    assert call(app, "/notice/")[0].startswith("200")  # a cache hit, still before the time
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("iceinfo.serving.cache.time.time", lambda: later.timestamp())
    assert call(app, "/notice/")[0].startswith("404")


@pytest.mark.django_db
def test_cache_down_still_serves_pages(app, content_page, monkeypatch, caplog):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    for name in ("get", "set", "get_many", "add", "incr"):
        monkeypatch.setattr(cache, name, broken)
    status, _, body = call(app, "/check-in/")
    assert status.startswith("200") and b"Original" in body
    assert "serving without it" in caplog.text


def _slot(path):
    return content_cache.page_slot("http", "testserver", path, "")


@pytest.mark.django_db
def test_a_hit_reads_only_the_version_when_this_process_has_the_page(app, content_page, monkeypatch):
    from django.core.cache import cache as shared

    miss = call(app, "/check-in/")
    read = []
    real_get = content_cache.safe_get
    monkeypatch.setattr(content_cache, "safe_get", lambda key, default=None: read.append(key) or real_get(key, default))
    assert call(app, "/check-in/") == miss
    assert read == []  # the page came from this process's copy: only the version was asked for
    shared.delete(_slot("/check-in/"))  # another server's view of the shared cache does not matter...
    assert call(app, "/check-in/") == miss
    content_cache.bump_content_version()  # ...but the version does, on every server
    Page.objects.filter(pk=content_page.pk).update(body="<p>Changed</p>")  # no signal: the bump above counts
    assert b"Changed" in call(app, "/check-in/")[2]


@pytest.mark.django_db
def test_the_version_survives_the_shared_cache_losing_everything(app, content_page):
    """The version lives in the database: a Redis restart (everything lost) neither repeats nor loses
    a version, and an edit saved before it shows."""
    from django.core.cache import cache as shared

    call(app, "/check-in/")
    before = content_cache.content_version()
    shared.clear()
    assert content_cache.content_version() == before
    content_page.body = "<p>Edited before the cache lost everything</p>"
    content_page.save()
    shared.clear()
    assert content_cache.content_version() == before + 1
    assert b"Edited before the cache lost everything" in call(app, "/check-in/")[2]


def test_the_kept_pages_are_bounded(monkeypatch):
    monkeypatch.setattr(content_cache, "PAGE_MEMORY_BYTES", 40 * 1024)
    content_cache._forget_pages()
    try:
        for n in range(10):
            content_cache._keep_page(f"slot-{n}", (1, "200 OK", [], b"x" * 8 * 1024, None), 60)
            assert content_cache._pages_size <= content_cache.PAGE_MEMORY_BYTES
        content_cache._keep_page("big", (1, "200 OK", [], b"x" * 20 * 1024, None), 60)
        assert "big" not in content_cache._pages  # over a quarter of the memory: not kept
        content_cache._keep_page("slot-9", (1, "200 OK", [], b"y", None), 60)  # replacing counts once
        assert content_cache._pages_size == sum(kept[2] for kept in content_cache._pages.values())
    finally:
        content_cache._forget_pages()


@pytest.mark.django_db
def test_a_kept_page_is_read_again_after_a_minute(app, content_page, monkeypatch):
    import time

    call(app, "/check-in/")
    read = []
    real_get = content_cache.safe_get
    monkeypatch.setattr(content_cache, "safe_get", lambda key, default=None: read.append(key) or real_get(key, default))
    later = time.monotonic() + content_cache.PAGE_MEMORY_SECONDS + 1
    monkeypatch.setattr(content_cache.time, "monotonic", lambda: later)
    assert call(app, "/check-in/")[0].startswith("200")
    assert read == [_slot("/check-in/")]


@pytest.mark.django_db
def test_a_pool_timeout_behind_another_database_error_is_an_outage(client, settings):
    """Issue #23: an error whose cause is the pool's timeout is the database not answering: the visitor
    gets the 503 page with Retry-After (not a 500), and never a stored copy of it."""
    settings.ROOT_URLCONF = "tests.iceinfo.serving.extra_urls"
    response = client.get("/pool-timeout/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit() and response["Cache-Control"] == "no-store"
