"""A thin WSGI layer in front of Django that answers anonymous page requests from the shared cache.

A hit runs none of Django's request cycle: no session, no database, no template. The stored entry
is exactly what Django sent on the miss (status, every header, body), so a hit and a miss carry the
same security headers. Only responses Django marked ``Cache-Control: public`` without cookies are
stored (see ``iceinfo.serving.middleware.PublicCacheHeadersMiddleware``), and only when every query parameter
of the request is one its view declared (``iceinfo.query``); keys and invalidation live in
``iceinfo.serving.cache``. The key carries the scheme, and a plain-HTTP request on a site that redirects to
HTTPS always goes to Django (which redirects). Only a valid signed-in session skips the cache.

A page is compressed once, when stored (brotli and gzip copies, ``iceinfo.serving.compress.variants``);
a hit sends the copy the request's Accept-Encoding takes, and answers a matching If-None-Match (the
ETag of that copy) with a 304, so browsers, which revalidate every page (``Cache-Control: max-age=0``),
get a few hundred bytes when nothing changed.
"""

from importlib import import_module

from django.conf import settings
from django.core.signals import request_finished
from django.http.cookie import parse_cookie

from iceinfo.query import ENVIRON_KEY
from iceinfo.serving import cache
from iceinfo.serving.compress import choose_encoding, etag_matches, variants

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz")
HEAD_OR_GET = frozenset(("GET", "HEAD"))


class PageCache:
    """Wraps a WSGI app. ``PAGE_CACHE_SECONDS = 0`` switches the layer off (every request reaches Django)."""

    def __init__(self, app):
        self.app = app
        self.timeout = settings.PAGE_CACHE_SECONDS  # read once: settings are fixed for a process
        self.enabled = self.timeout != 0
        self.https_only = settings.SECURE_SSL_REDIRECT
        self.proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)

    def _scheme(self, environ):
        """The scheme as Django's request.scheme works it out (the proxy's header when trusted)."""
        if self.proxy_header:
            header, secure_value = self.proxy_header
            value = environ.get(header)
            if value is not None:
                return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
        return environ.get("wsgi.url_scheme", "http")

    def _signed_in(self, environ):
        """True when the request carries a valid session of a signed-in user (staff get a fresh page).
        A cookie that merely has the session cookie's name is no reason to skip the cache."""
        cookie = environ.get("HTTP_COOKIE", "")
        if settings.SESSION_COOKIE_NAME not in cookie:
            return False
        key = parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME)
        if not key:
            return False
        try:
            store = import_module(settings.SESSION_ENGINE).SessionStore(key)
            return "_auth_user_id" in store.load()
        except Exception:  # noqa: BLE001 - a session store that does not answer: let Django decide
            return True
        finally:
            request_finished.send(sender=type(self))  # as Django does after a request: tidy connections

    def _eligible(self, environ):
        if not self.enabled or environ.get("REQUEST_METHOD") not in HEAD_OR_GET:
            return False
        if environ.get("PATH_INFO", "").startswith(SKIP_PREFIXES):
            return False
        return not self._signed_in(environ)

    def __call__(self, environ, start_response):
        if not self._eligible(environ):
            return self.app(environ, start_response)
        scheme = self._scheme(environ)
        if self.https_only and scheme != "https":
            return self.app(environ, start_response)  # Django redirects it to HTTPS; never a stored page
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        slot = cache.request_slot(scheme, host.lower(), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        if slot is None:  # a query too odd to be worth caching
            return self.app(environ, start_response)
        version, entry = cache.lookup_page(slot)  # the kept version; the entry from this process or one round trip
        if entry is not None:
            return self._serve(entry, environ, start_response)
        if version is None:  # the cache does not answer: serve without it
            return self.app(environ, start_response)
        return self._miss(slot, version, environ, start_response)

    @staticmethod
    def _serve(entry, environ, start_response):
        status, headers, body, etag = entry[1], entry[2], entry[3], entry[4]
        copies = entry[5] if len(entry) > 5 else None  # entries stored before compressed copies: plain
        if copies:
            encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
            if encoding is not None:
                headers, body, etag = copies[encoding]
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match and etag and etag_matches(if_none_match, etag):
            dropped = ("content-length", "content-type", "content-encoding")
            start_response("304 Not Modified", [(n, v) for n, v in headers if n.lower() not in dropped])
            return []
        start_response(status, headers[:])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _miss(self, slot, version, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            # Held until Django's answer is known: a stored page is sent as its compressed copy.
            captured["status"], captured["headers"], captured["exc_info"] = status, headers, exc_info
            return captured.setdefault("written", []).append  # write() is rare (Django never uses it)

        result = self.app(environ, capture)
        status, headers, written = captured["status"], captured["headers"], captured.get("written")
        stored = (
            environ.get("REQUEST_METHOD") == "GET"
            and self._storable(captured)
            and environ.get(ENVIRON_KEY) is True  # else a parameter the view does not read: not stored
        )
        if not stored and not written:
            start_response(status, headers, captured["exc_info"])
            return result  # streamed as Django sends it
        try:
            body = b"".join(written or ()) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if not stored:
            start_response(status, headers, captured["exc_info"])
            return [body]
        plain_headers, copies = variants(status, list(headers), body)  # compressed once, here
        cache.store_page(slot, version, status, plain_headers, body, self.timeout, copies)
        etag = next((value for name, value in plain_headers if name.lower() == "etag"), None)
        return self._serve((version, status, plain_headers, body, etag, copies), environ, start_response)

    @staticmethod
    def _storable(captured):
        if not captured.get("status", "").startswith("200"):
            return False
        names = {name.lower(): value for name, value in captured["headers"]}
        return "set-cookie" not in names and "public" in names.get("cache-control", "")
