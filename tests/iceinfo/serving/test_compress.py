"""Pages leave the WSGI stack compressed (brotli or gzip), hits from the page cache as well as misses."""

import gzip

import brotli
import pytest

from iceinfo.serving.compress import Compress
from iceinfo.serving.pagecache import PageCache
from tests.iceinfo.serving.test_pagecache import app as plain_app  # noqa: F401  (fixture)
from tests.iceinfo.serving.test_pagecache import call, content_page  # noqa: F401  (fixture)


@pytest.fixture
def app(plain_app):  # noqa: F811
    assert isinstance(plain_app, PageCache)
    return Compress(plain_app)


@pytest.mark.django_db
def test_miss_and_hit_are_compressed_alike_and_revalidate(app, content_page):  # noqa: F811
    status, headers, body = call(app, "/check-in/", accept_encoding="gzip, deflate, br")
    assert status.startswith("200")
    assert headers["Content-Encoding"] == "br" and "Accept-Encoding" in headers["Vary"]
    html = brotli.decompress(body)
    assert b"Original" in html and int(headers["Content-Length"]) == len(body) < len(html)
    etag = headers["ETag"]
    assert etag.startswith('W/"')
    # A hit (the page cache answers) is compressed the same way.
    status, hit_headers, hit_body = call(app, "/check-in/", accept_encoding="gzip")
    assert hit_headers["Content-Encoding"] == "gzip" and gzip.decompress(hit_body) == html
    assert hit_headers["ETag"] == etag
    # The weak ETag the browser saw revalidates.
    status, _headers, body = call(app, "/check-in/", accept_encoding="br", if_none_match=etag)
    assert status.startswith("304") and body == b""


@pytest.mark.django_db
def test_no_compression_unless_asked_or_refused(app, content_page):  # noqa: F811
    _status, headers, body = call(app, "/check-in/")
    assert "Content-Encoding" not in headers and b"Original" in body
    _status, headers, body = call(app, "/check-in/", accept_encoding="br;q=0, gzip;q=0")
    assert "Content-Encoding" not in headers and b"Original" in body
    _status, headers, body = call(app, "/check-in/", method="HEAD", accept_encoding="br")
    assert "Content-Encoding" not in headers and body == b""
