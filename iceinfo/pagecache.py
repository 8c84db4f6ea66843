"""A thin WSGI layer in front of Django that answers anonymous page requests from the shared cache.

A hit runs none of Django's request cycle: no session, no database, no template. The stored entry
is exactly what Django sent on the miss (status, every header, body), so a hit and a miss carry the
same security headers. Only responses Django marked ``Cache-Control: public`` without cookies are
stored (see ``iceinfo.middleware.PublicCacheHeadersMiddleware``); keys and invalidation live in
``iceinfo.cache``.
"""

from django.conf import settings

from . import cache

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz")


class PageCache:
    def __init__(self, app):
        self.app = app
        self.session_cookie = f"{settings.SESSION_COOKIE_NAME}="

    def _eligible(self, environ):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return False
        path = environ.get("PATH_INFO", "")
        if path.startswith(SKIP_PREFIXES):
            return False
        # Signed-in staff (a session cookie) always get a fresh page.
        return self.session_cookie not in environ.get("HTTP_COOKIE", "")

    def __call__(self, environ, start_response):
        if not self._eligible(environ):
            return self.app(environ, start_response)
        query = cache.relevant_query(environ.get("QUERY_STRING", ""))
        version = cache.content_version() if query is not None else None
        if version is None:
            return self.app(environ, start_response)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        key = cache.page_key(host.lower(), environ.get("PATH_INFO", ""), query, version)
        hit = cache.safe_get(key)
        if hit is not None:
            return self._serve(hit, environ, start_response)
        return self._miss(key, environ, start_response)

    @staticmethod
    def _serve(entry, environ, start_response):
        status, headers, body = entry
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        if etag and environ.get("HTTP_IF_NONE_MATCH") in (etag, f"W/{etag}"):
            kept = [(n, v) for n, v in headers if n.lower() not in ("content-length", "content-type")]
            start_response("304 Not Modified", kept)
            return []
        start_response(status, list(headers))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _miss(self, key, environ, start_response):
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
        cache.safe_set(key, (captured["status"], list(captured["headers"]), body), settings.PAGE_CACHE_SECONDS)
        return [body]

    @staticmethod
    def _storable(captured):
        if not captured.get("status", "").startswith("200"):
            return False
        names = {name.lower(): value for name, value in captured["headers"]}
        return "set-cookie" not in names and "public" in names.get("cache-control", "")
