"""Browsers and CDNs (#20): browsers revalidate every page, shared caches may keep public pages
``PAGE_SHARED_MAX_AGE`` seconds and are told to purge at each edit; what must not be shared is
marked private and no-store. Checked through the WSGI stack a visitor's request goes through."""

import http.server
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from iceinfo.models import Page
from iceinfo.serving import purge
from iceinfo.serving.compress import Compress
from tests.iceinfo.serving.test_pagecache import app as _app  # noqa: F401  (keeps the test's connection)
from tests.iceinfo.serving.test_pagecache import call, content_page, signed_in_cookie  # noqa: F401


@pytest.fixture
def site(_app):  # noqa: F811
    return Compress(_app)


def directives(headers):
    return {part.strip() for part in headers.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
def test_browsers_revalidate_every_page_while_shared_caches_keep_it(site, content_page, settings):  # noqa: F811
    settings.PAGE_SHARED_MAX_AGE = 600
    for attempt in ("miss", "hit"):
        status, headers, _body = call(site, "/check-in/", accept_encoding="br")
        assert status.startswith("200"), attempt
        assert directives(headers) == {"public", "max-age=0", "must-revalidate", "s-maxage=600"}, attempt
        assert headers["ETag"] and headers["Last-Modified"]
    # The browser's revalidation costs a bodiless 304 from the page cache.
    status, headers, body = call(site, "/check-in/", accept_encoding="br", if_none_match=headers["ETag"])
    assert status.startswith("304") and body == b"" and "s-maxage=600" in headers["Cache-Control"]


@pytest.mark.django_db
def test_what_must_not_be_shared_is_private_and_never_stored(site, content_page, settings):  # noqa: F811
    settings.ROOT_URLCONF = "tests.iceinfo.serving.extra_urls"
    settings.RATE_LIMIT_REQUESTS = 1
    staff = User.objects.create_user("staff", is_staff=True)
    cases = {
        "admin": call(site, "/admin/login/"),
        "a cookie": call(site, "/form-page/"),
        "an error": call(site, "/no-such-page/"),
        "a POST": call(site, "/check-in/", method="POST"),
    }
    call(site, "/search/", query="q=first")
    cases["the rate limit"] = call(site, "/search/", query="q=second")
    for name, (status, headers, _body) in cases.items():
        assert not status.startswith("200") or "Set-Cookie" in headers, name
        assert "no-store" in directives(headers), name
        assert "public" not in directives(headers) and "s-maxage" not in headers["Cache-Control"], name
    for name in ("admin", "a cookie", "an error", "a POST"):
        assert "private" in directives(cases[name][1]), name
    # A signed-in editor's view of a public page: theirs alone, and asked again at every load.
    status, headers, _body = call(site, "/check-in/", cookie=signed_in_cookie(staff))
    assert status.startswith("200") and {"private", "no-cache"} <= directives(headers)
    assert "public" not in directives(headers)


@pytest.mark.django_db
def test_public_pages_vary_on_accept_encoding_only(site, content_page):  # noqa: F811
    """A CDN keeps one copy per encoding, not per language header or cookie."""
    for accept in ("br", ""):
        _status, headers, _body = call(site, "/check-in/", accept_encoding=accept, accept_language="es")
        assert headers["Vary"] == "Accept-Encoding"


class _CDN(http.server.BaseHTTPRequestHandler):
    """A stand-in for a CDN's purge API on 127.0.0.1: records each request, optionally slowly."""

    def _record(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(self.server.delay)
        self.server.seen.append((self.command, self.path, dict(self.headers), body))
        self.send_response(self.server.answer)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PURGE = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CDN)
    server.seen, server.delay, server.answer = [], 0.0, 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_address[1]}/purge"
    settings.CDN_PURGE_TIMEOUT = 2
    yield server
    purge.wait(10)
    server.shutdown()
    server.server_close()


def _edit(page, text):
    page.body = f"<p>{text}</p>"
    page.save()


def _commit():
    """What the commit of the edit's transaction does (the test's own transaction never commits)."""
    callbacks, connection.run_on_commit[:] = list(connection.run_on_commit), []
    for _savepoints, callback, _robust in callbacks:
        callback()


@pytest.mark.django_db
def test_an_edit_purges_the_cdn_after_it_commits(cdn, content_page, settings):  # noqa: F811
    settings.CDN_PURGE_METHOD = "PURGE"
    settings.CDN_PURGE_HEADERS = '{"Authorization": "Bearer test-token"}'
    settings.CDN_PURGE_BODY = '{"purge_everything": true}'
    _commit()  # the page's creation
    purge.wait(5)
    cdn.seen.clear()
    _edit(content_page, "Edited")
    purge.wait(5)
    assert cdn.seen == []  # nothing before the edit's transaction commits
    _commit()
    purge.wait(5)
    assert len(cdn.seen) == 1
    method, path, headers, body = cdn.seen[0]
    assert (method, path, body) == ("PURGE", "/purge", b'{"purge_everything": true}')
    assert headers["Authorization"] == "Bearer test-token"


@pytest.mark.slow
@pytest.mark.django_db
def test_a_burst_of_edits_sends_two_purges_and_the_editor_never_waits(cdn, content_page, settings):  # noqa: F811
    # A slow CDN: each purge takes 5 s (long, so a loaded CI machine still saves ten times first), within the timeout.
    cdn.delay, settings.CDN_PURGE_TIMEOUT = 5.0, 10
    started = time.monotonic()
    for n in range(10):
        _edit(content_page, f"Edit {n}")
        _commit()
    assert time.monotonic() - started < 5  # ten saves did not wait for ten slow purges
    purge.wait(20)
    assert len(cdn.seen) == 2  # the one in flight, then one for everything after it


@pytest.mark.django_db
def test_a_cdn_that_fails_or_hangs_is_logged_and_the_save_stands(cdn, content_page, settings, caplog):  # noqa: F811
    cdn.answer = 500
    _edit(content_page, "Saved anyway")
    _commit()
    purge.wait(5)
    assert "CDN purge failed" in caplog.text and "500" in caplog.text
    caplog.clear()
    cdn.delay, settings.CDN_PURGE_TIMEOUT = 3, 1
    started = time.monotonic()
    _edit(content_page, "Saved again")
    _commit()
    assert time.monotonic() - started < 1  # the editor does not wait for the CDN
    purge.wait(5)
    assert "CDN purge failed" in caplog.text and "timed out" in caplog.text
    assert Page.objects.get(pk=content_page.pk).body == "<p>Saved again</p>"


@pytest.mark.django_db
def test_bump_content_version_purges_the_cdn_too(cdn, content_page):  # noqa: F811
    call_command("bump_content_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    purge.wait(5)
    assert len(cdn.seen) >= 1


@pytest.mark.django_db
def test_no_purge_hook_by_default(site, content_page, settings, monkeypatch):  # noqa: F811
    assert settings.CDN_PURGE_URL == ""
    monkeypatch.setattr(purge, "send_purge", lambda: pytest.fail("no purge without CDN_PURGE_URL"))
    _edit(content_page, "Edited")
    _commit()
    assert purge._worker is None
    assert b"Edited" in call(site, "/check-in/")[2]  # the page itself shows the edit at once
