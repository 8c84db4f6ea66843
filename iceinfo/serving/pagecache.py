"""A thin WSGI layer in front of Django that answers anonymous page requests from the shared cache.

A hit runs none of Django's request cycle: no session, no database, no template. The stored entry
is exactly what Django sent on the miss (status, every header, body), so a hit and a miss carry the
same security headers. Only responses Django marked ``Cache-Control: public`` without cookies are
stored (see ``iceinfo.serving.middleware.PublicCacheHeadersMiddleware``); keys and invalidation live in
``iceinfo.serving.cache``.
"""

from django.conf import settings

from iceinfo.serving import cache

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz")
HEAD_OR_GET = frozenset(("GET", "HEAD"))


class PageCache:
    """Wraps a WSGI app. ``PAGE_CACHE_SECONDS = 0`` switches the layer off (every request reaches Django)."""

    def __init__(self, app):
        self.app = app
        self.session_cookie = f"{settings.SESSION_COOKIE_NAME}="
        self.timeout = settings.PAGE_CACHE_SECONDS  # read once: settings are fixed for a process
        self.enabled = self.timeout != 0

    def _eligible(self, environ):
        if not self.enabled or environ.get("REQUEST_METHOD") not in HEAD_OR_GET:
            return False
        if environ.get("PATH_INFO", "").startswith(SKIP_PREFIXES):
            return False
        # Signed-in staff (a session cookie) always get a fresh page.
        return self.session_cookie not in environ.get("HTTP_COOKIE", "")

    def __call__(self, environ, start_response):
        if not self._eligible(environ):
            return self.app(environ, start_response)
        query_string = environ.get("QUERY_STRING", "")
        query = cache.relevant_query(query_string) if query_string else ""
        if query is None:
            return self.app(environ, start_response)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        slot = cache.page_slot(host.lower(), environ.get("PATH_INFO", ""), query)
        version, entry = cache.lookup_page(slot)  # one round trip to the shared cache
        if entry is not None:
            return self._serve(entry, environ, start_response)
        if version is None:  # the cache does not answer: serve without it
            return self.app(environ, start_response)
        return self._miss(slot, version, environ, start_response)

    @staticmethod
    def _serve(entry, environ, start_response):
        _version, status, headers, body, etag = entry
        if etag and environ.get("HTTP_IF_NONE_MATCH") in (etag, f"W/{etag}"):
            kept = [(n, v) for n, v in headers if n.lower() not in ("content-length", "content-type")]
            start_response("304 Not Modified", kept)
            return []
        start_response(status, headers[:])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _miss(self, slot, version, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if environ.get("REQUEST_METHOD") != "GET" or not self._storable(captured):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        cache.store_page(slot, version, captured["status"], list(captured["headers"]), body, self.timeout)
        return [body]

    @staticmethod
    def _storable(captured):
        if not captured.get("status", "").startswith("200"):
            return False
        names = {name.lower(): value for name, value in captured["headers"]}
        return "set-cookie" not in names and "public" in names.get("cache-control", "")
