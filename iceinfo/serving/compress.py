"""A WSGI layer outside the page cache that compresses pages (brotli, else gzip) for the wire.

It sits outside ``iceinfo.serving.pagecache.PageCache`` so a cached hit and a miss are compressed alike,
and the cache keeps one plain copy whatever the visitor's Accept-Encoding. Static files are
compressed ahead of time by WhiteNoise and already carry Content-Encoding, so they pass through.
Pages the page cache stores are compressed once, when stored (``variants``): a hit is answered with
the stored copy the visitor's Accept-Encoding takes, already carrying Content-Encoding, its own ETag
(``"tag-br"``, ``"tag-gzip"``: distinct per encoding, so a shared cache never mixes them up) and
``Vary: Accept-Encoding`` (also on the plain copy), and passes this layer untouched. What this layer
still compresses itself are responses that are never stored (a signed-in editor's pages, the cache
down): their strong ETag becomes weak (as nginx's gzip does), the bytes differ but the page is the
same, and Django compares If-None-Match weakly. The last few of those bodies are kept per process,
keyed by ETag and encoding.
"""

import gzip
from collections import OrderedDict

import brotli

COMPRESSIBLE = (
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/json",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "text/javascript",
)
MIN_BYTES = 860  # below about one packet, compression saves nothing
MEMO_SIZE = 64


def _parse_encoding(accept):
    offered = {}
    for part in accept.lower().split(","):
        name, _, params = part.partition(";")
        q = params.strip().removeprefix("q=")
        try:
            offered[name.strip()] = float(q) if params else 1.0
        except ValueError:
            offered[name.strip()] = 0.0
    return next((name for name in ("br", "gzip") if offered.get(name, 0) > 0), None)


_chosen = {}  # Accept-Encoding header -> encoding: browsers send a handful of distinct values


def choose_encoding(accept):
    """br when the client takes it, else gzip, else None (a q=0 entry refuses that encoding)."""
    try:
        return _chosen[accept]
    except KeyError:
        pass
    if len(_chosen) >= 256:
        _chosen.clear()
    encoding = _chosen[accept] = _parse_encoding(accept)
    return encoding


def _compressible(status, names):
    content_type = names.get("content-type", "").split(";")[0].strip().lower()
    return (
        status.startswith("200")
        and "content-encoding" not in names
        and content_type in COMPRESSIBLE
        and "no-transform" not in names.get("cache-control", "")
    )


def _with_vary(headers):
    """``headers`` with Accept-Encoding added to Vary (and every Vary header merged into one)."""
    vary = [v.strip() for name, value in headers if name.lower() == "vary" for v in value.split(",") if v.strip()]
    if "accept-encoding" not in {v.lower() for v in vary}:
        vary.append("Accept-Encoding")
    return [(name, value) for name, value in headers if name.lower() != "vary"] + [("Vary", ", ".join(vary))]


def encoded_etag(etag, encoding):
    """The entity tag of one encoding's copy: ``"abc"`` -> ``"abc-br"`` (``W/"abc"`` -> ``W/"abc-br"``)."""
    if not etag or not etag.endswith('"'):
        return etag
    return f'{etag[:-1]}-{encoding}"'


def etag_matches(if_none_match, etag):
    """If-None-Match against one entity tag, compared weakly as RFC 9110 asks (``*`` matches any)."""
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def variants(status, headers, body):
    """Compress a page once, when the page cache stores it: ``(plain_headers, {encoding: (headers, body,
    etag)})`` with brotli and gzip copies, or ``(headers, {})`` when the page is not worth compressing.

    Both encodings are kept: browsers take br, while many CDNs and proxies ask their origin for gzip only.
    Every copy, the plain one too, carries ``Vary: Accept-Encoding``."""
    names = {name.lower(): value for name, value in headers}
    if len(body) < MIN_BYTES or not _compressible(status, names):
        return headers, {}
    plain = _with_vary(headers)
    etag = names.get("etag")
    kept = [(name, value) for name, value in plain if name.lower() not in ("content-length", "etag")]
    copies = {}
    for encoding in ("br", "gzip"):
        compressed = _compress(body, encoding)
        tag = encoded_etag(etag, encoding)
        copy_headers = kept + ([("ETag", tag)] if tag else [])
        copy_headers += [("Content-Encoding", encoding), ("Content-Length", str(len(compressed)))]
        copies[encoding] = (copy_headers, compressed, tag)
    return plain, copies


def _compress(body, encoding):
    if encoding == "br":
        return brotli.compress(body, quality=5, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=6, mtime=0)


class Compress:
    def __init__(self, app):
        self.app = app
        self.memo = OrderedDict()

    def __call__(self, environ, start_response):
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding is None or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        held = {}

        def capture(status, headers, exc_info=None):
            names = {name.lower(): value for name, value in headers}
            if _compressible(status, names):
                held["status"], held["headers"], held["names"] = status, list(headers), names
                return lambda data: held.setdefault("written", []).append(data)  # write() is rare
            return start_response(status, headers, exc_info)  # passes through untouched, streamed

        result = self.app(environ, capture)
        if not held:
            return result
        try:
            body = b"".join(held.get("written", [])) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers, names = held["status"], held["headers"], held["names"]
        if len(body) < MIN_BYTES:
            start_response(status, headers)
            return [body]
        etag = names.get("etag", "")
        key = (etag, encoding) if etag else None
        compressed = self.memo.get(key) if key else None
        if compressed is None:
            compressed = _compress(body, encoding)
            if key:
                self.memo[key] = compressed
                if len(self.memo) > MEMO_SIZE:
                    self.memo.popitem(last=False)
        else:
            self.memo.move_to_end(key)
        headers = [
            (name, value) for name, value in _with_vary(headers) if name.lower() not in ("content-length", "etag")
        ]
        if etag:
            headers.append(("ETag", etag if etag.startswith("W/") else f"W/{etag}"))
        headers += [("Content-Encoding", encoding), ("Content-Length", str(len(compressed)))]
        start_response(status, headers)
        return [compressed]
