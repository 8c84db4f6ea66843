"""Every response carries X-Request-ID (page-cache hits included) and its log line is JSON with that id."""

import json
import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler

from iceinfo.serving.observability import JsonFormatter, RequestLog
from iceinfo.serving.pagecache import PageCache
from tests.iceinfo.serving.test_pagecache import app as _app  # noqa: F401  (the fixture keeps the test's connection)
from tests.iceinfo.serving.test_pagecache import call, content_page  # noqa: F401


@pytest.fixture
def site_app(_app):  # noqa: F811
    return RequestLog(PageCache(WSGIHandler()))


def _lines(caplog):
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "iceinfo.request"]


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_one_json_line(site_app, content_page, caplog):  # noqa: F811
    caplog.set_level(logging.INFO, logger="iceinfo.request")
    miss = call(site_app, "/check-in/")[1]
    hit = call(site_app, "/check-in/")[1]  # answered by the page cache, without Django
    missing = call(site_app, "/no-such-page/")[1]
    ids = [headers["X-Request-ID"] for headers in (miss, hit, missing)]
    assert len(set(ids)) == 3 and all(len(value) == 32 for value in ids)
    lines = _lines(caplog)
    assert [line["request_id"] for line in lines] == ids
    assert [line["status"] for line in lines] == [200, 200, 404]
    first = lines[0]
    assert first["method"] == "GET" and first["path"] == "/check-in/" and first["duration_ms"] >= 0
    assert "client" in first
    assert first["time"].endswith("Z")  # UTC


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_bad_one_replaced(site_app, content_page, caplog):  # noqa: F811
    caplog.set_level(logging.INFO, logger="iceinfo.request")
    call(site_app, "/check-in/")
    assert call(site_app, "/check-in/", X_REQUEST_ID="lb-4f2a.17")[1]["X-Request-ID"] == "lb-4f2a.17"
    assert _lines(caplog)[-1]["request_id"] == "lb-4f2a.17"
    replaced = call(site_app, "/check-in/", X_REQUEST_ID="<script>\n")[1]["X-Request-ID"]
    assert replaced != "<script>\n" and len(replaced) == 32


def test_log_lines_written_while_serving_carry_the_id(caplog):
    seen = []

    def inner(environ, start_response):
        logging.getLogger("iceinfo.test").warning("inside")
        seen.append(JsonFormatter().format(caplog.records[-1]))
        start_response("200 OK", [])
        return [b"ok"]

    call(RequestLog(inner), "/x", X_REQUEST_ID="abc-1")
    assert json.loads(seen[0])["request_id"] == "abc-1"


@pytest.mark.parametrize(
    ("trusted_proxies", "client"),
    [
        (0, "203.0.113.9"),  # nothing trusted (make run): X-Forwarded-For is never read
        (1, "198.51.100.7"),  # one proxy: the address it appended, not what the visitor wrote
        (2, "192.0.2.44"),  # a load balancer and nginx: the address the first of them saw
    ],
)
def test_the_logged_client_follows_the_trusted_proxies_setting(settings, caplog, trusted_proxies, client):
    """The access line's client is iceinfo.query.client_ip's, the address lockouts and rate limits key on."""
    settings.TRUSTED_PROXIES = trusted_proxies
    caplog.set_level(logging.INFO, logger="iceinfo.request")

    def inner(environ, start_response):
        start_response("200 OK", [])
        return [b"ok"]

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/x",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_X_FORWARDED_FOR": "10.9.9.9, 192.0.2.44, 198.51.100.7",  # 10.9.9.9: written by the visitor
    }
    result = RequestLog(inner)(environ, lambda status, headers, exc_info=None: None)
    b"".join(result)
    result.close()
    assert _lines(caplog)[-1]["client"] == client
