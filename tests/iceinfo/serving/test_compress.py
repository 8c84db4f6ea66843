"""Pages leave the WSGI stack compressed (brotli or gzip), hits from the page cache as well as misses.

The page cache compresses a page once, when it stores it, and keeps a copy per encoding, each with its
own ETag; a hit only picks the copy the request's Accept-Encoding takes."""

import gzip

import brotli
import pytest

from iceinfo.serving import cache as content_cache
from iceinfo.serving import compress
from iceinfo.serving.compress import Compress
from iceinfo.serving.pagecache import PageCache
from tests.iceinfo.serving.test_pagecache import (
    _slot,
    call,
    content_page,  # noqa: F401  (fixture)
    signed_in_cookie,
)
from tests.iceinfo.serving.test_pagecache import app as plain_app  # noqa: F401  (fixture)


@pytest.fixture
def app(plain_app):  # noqa: F811
    assert isinstance(plain_app, PageCache)
    return Compress(plain_app)


@pytest.mark.django_db
def test_miss_and_hit_are_compressed_alike_with_an_etag_per_encoding(app, content_page):  # noqa: F811
    status, headers, body = call(app, "/check-in/", accept_encoding="gzip, deflate, br")
    assert status.startswith("200")
    assert headers["Content-Encoding"] == "br" and "Accept-Encoding" in headers["Vary"]
    html = brotli.decompress(body)
    assert b"Original" in html and int(headers["Content-Length"]) == len(body) < len(html)
    br_etag = headers["ETag"]
    assert br_etag.startswith('"') and br_etag.endswith('-br"')
    # A hit (the page cache answers) sends the copy the request takes, with that copy's ETag.
    status, gzip_headers, gzip_body = call(app, "/check-in/", accept_encoding="gzip")
    assert gzip_headers["Content-Encoding"] == "gzip" and gzip.decompress(gzip_body) == html
    assert gzip_headers["ETag"] == br_etag.removesuffix('-br"') + '-gzip"'
    assert int(gzip_headers["Content-Length"]) == len(gzip_body)
    status, plain_headers, plain_body = call(app, "/check-in/")
    assert "Content-Encoding" not in plain_headers and plain_body == html
    assert plain_headers["ETag"] == br_etag.removesuffix('-br"') + '"'
    # The plain copy varies on Accept-Encoding too: a shared cache must not give it to everyone.
    assert plain_headers["Vary"] == gzip_headers["Vary"] == headers["Vary"] == "Accept-Encoding"
    assert plain_headers["Cache-Control"] == headers["Cache-Control"]


@pytest.mark.django_db
def test_each_copy_revalidates_with_its_own_etag(app, content_page):  # noqa: F811
    br_etag = call(app, "/check-in/", accept_encoding="br")[1]["ETag"]
    gzip_etag = call(app, "/check-in/", accept_encoding="gzip")[1]["ETag"]
    status, headers, body = call(app, "/check-in/", accept_encoding="gzip, br", if_none_match=br_etag)
    assert status.startswith("304") and body == b""
    assert headers["ETag"] == br_etag and "Accept-Encoding" in headers["Vary"]
    assert not {"Content-Encoding", "Content-Length", "Content-Type"} & set(headers)
    # A list, a weak form, or a browser's own copy: compared weakly, as RFC 9110 asks.
    assert call(app, "/check-in/", accept_encoding="br", if_none_match=f'"x", W/{br_etag}')[0].startswith("304")
    assert call(app, "/check-in/", accept_encoding="gzip", if_none_match=gzip_etag)[0].startswith("304")
    assert call(app, "/check-in/", accept_encoding="gzip", if_none_match="*")[0].startswith("304")
    # The ETag of another encoding's copy is not this copy's: the full page is sent.
    status, headers, body = call(app, "/check-in/", accept_encoding="gzip", if_none_match=br_etag)
    assert status.startswith("200") and headers["Content-Encoding"] == "gzip" and b"Original" in gzip.decompress(body)
    status, headers, body = call(app, "/check-in/", if_none_match=gzip_etag)
    assert status.startswith("200") and b"Original" in body


@pytest.mark.django_db
def test_a_page_is_compressed_once_when_stored_never_per_hit(app, content_page, monkeypatch):  # noqa: F811
    calls = []
    real = compress._compress
    monkeypatch.setattr(compress, "_compress", lambda body, encoding: calls.append(encoding) or real(body, encoding))
    call(app, "/check-in/", accept_encoding="br")
    assert sorted(calls) == ["br", "gzip"]  # stored with both copies
    for accept in ("br", "gzip", "gzip, deflate, br, zstd", "", "identity"):
        assert call(app, "/check-in/", accept_encoding=accept)[0].startswith("200")
    assert sorted(calls) == ["br", "gzip"]
    entry = content_cache.safe_get(_slot("/check-in/"))
    assert set(entry[5]) == {"br", "gzip"}


@pytest.mark.django_db
def test_no_compression_unless_asked_or_refused(app, content_page):  # noqa: F811
    _status, headers, body = call(app, "/check-in/")
    assert "Content-Encoding" not in headers and b"Original" in body
    _status, headers, body = call(app, "/check-in/", accept_encoding="br;q=0, gzip;q=0")
    assert "Content-Encoding" not in headers and b"Original" in body
    _status, headers, body = call(app, "/check-in/", accept_encoding="gzip;q=0, br")
    assert headers["Content-Encoding"] == "br"


@pytest.mark.django_db
def test_head_sends_the_headers_of_the_copy_a_get_would_get(app, content_page):  # noqa: F811
    _status, get_headers, _body = call(app, "/check-in/", accept_encoding="br")
    _status, headers, body = call(app, "/check-in/", method="HEAD", accept_encoding="br")
    assert body == b"" and headers["Content-Encoding"] == "br"
    assert headers["Content-Length"] == get_headers["Content-Length"] and headers["ETag"] == get_headers["ETag"]


@pytest.mark.django_db
def test_a_page_stored_before_compressed_copies_is_still_served(app, content_page):  # noqa: F811
    """Entries a previous release left in Redis (no copies) are served plain; Compress still compresses."""
    _status, headers, body = call(app, "/check-in/")
    entry = content_cache.safe_get(_slot("/check-in/"))
    content_cache._forget_pages()
    content_cache.safe_set(_slot("/check-in/"), entry[:5], 300)
    _status, headers, body = call(app, "/check-in/", accept_encoding="gzip")
    assert headers["Content-Encoding"] == "gzip" and b"Original" in gzip.decompress(body)


@pytest.mark.django_db
def test_pages_never_stored_are_compressed_per_response(app, content_page):  # noqa: F811
    """A signed-in editor's page skips the page cache: this layer compresses it, with a weak ETag that
    Django's conditional GET still matches."""
    from django.contrib.auth.models import User

    cookie = signed_in_cookie(User.objects.create_user("staff", is_staff=True))
    status, headers, body = call(app, "/check-in/", accept_encoding="br", cookie=cookie)
    assert status.startswith("200") and headers["Content-Encoding"] == "br" and b"Original" in brotli.decompress(body)
    assert "Accept-Encoding" in headers["Vary"] and headers["ETag"].startswith('W/"')
    assert "private" in headers["Cache-Control"]
