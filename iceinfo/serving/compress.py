"""A WSGI layer outside the page cache that compresses pages (brotli, else gzip) for the wire.

It sits outside ``iceinfo.serving.pagecache.PageCache`` so a cached hit and a miss are compressed alike,
and the cache keeps one plain copy whatever the visitor's Accept-Encoding. Static files are
compressed ahead of time by WhiteNoise and already carry Content-Encoding, so they pass through.
The strong ETag becomes weak (as nginx's gzip does): the bytes differ but the page is the same,
and both Django and the page cache compare If-None-Match weakly.

The last few compressed bodies are kept per process, keyed by ETag and encoding, so a popular
page is compressed once per content version rather than on every hit.
"""

import gzip
from collections import OrderedDict

import brotli

COMPRESSIBLE = ("text/html", "text/plain", "text/xml", "application/xml", "application/json",
                "application/rss+xml", "application/atom+xml", "application/javascript", "text/javascript")
MIN_BYTES = 860  # below about one packet, compression saves nothing
MEMO_SIZE = 64


def _encoding(accept):
    """br when the client takes it, else gzip, else None (a q=0 entry refuses that encoding)."""
    offered = {}
    for part in accept.lower().split(","):
        name, _, params = part.partition(";")
        q = params.strip().removeprefix("q=")
        try:
            offered[name.strip()] = float(q) if params else 1.0
        except ValueError:
            offered[name.strip()] = 0.0
    return next((name for name in ("br", "gzip") if offered.get(name, 0) > 0), None)


def _compress(body, encoding):
    if encoding == "br":
        return brotli.compress(body, quality=5, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=6, mtime=0)


class Compress:
    def __init__(self, app):
        self.app = app
        self.memo = OrderedDict()

    def __call__(self, environ, start_response):
        encoding = _encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding is None or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        held = {}

        def capture(status, headers, exc_info=None):
            names = {name.lower(): value for name, value in headers}
            content_type = names.get("content-type", "").split(";")[0].strip().lower()
            if (
                status.startswith("200")
                and "content-encoding" not in names
                and content_type in COMPRESSIBLE
                and "no-transform" not in names.get("cache-control", "")
            ):
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
        vary = [v.strip() for name, value in headers if name.lower() == "vary" for v in value.split(",") if v.strip()]
        if "accept-encoding" not in {v.lower() for v in vary}:
            vary.append("Accept-Encoding")
        headers = [(name, value) for name, value in headers if name.lower() not in ("content-length", "etag", "vary")]
        headers.append(("Vary", ", ".join(vary)))
        if etag:
            headers.append(("ETag", etag if etag.startswith("W/") else f"W/{etag}"))
        headers += [("Content-Encoding", encoding), ("Content-Length", str(len(compressed)))]
        start_response(status, headers)
        return [compressed]
