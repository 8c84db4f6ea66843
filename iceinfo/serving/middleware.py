"""Site-wide middleware: headers Django does not set, and the database-down page."""

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from iceinfo.serving.errors import database_unavailable, is_database_outage


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A database that does not answer gives visitors a localized 503 with Retry-After, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError, DatabaseError)) and is_database_outage(exception):
            return database_unavailable(request)
        return None


class PublicCacheHeadersMiddleware:
    """Marks anonymous, cookie-free, successful page responses as cacheable by a CDN and our page cache.

    Sets ``Cache-Control: public, max-age=...`` and ``Last-Modified``; ConditionalGetMiddleware adds the
    ETag and answers 304s. Responses that set cookies, or that a view marked otherwise, are left alone.

    Public pages take their language from the address (English unprefixed, see iceinfo.urls) or are
    English whatever the visitor asks, never from Accept-Language: the ``Vary: Accept-Language`` that
    LocaleMiddleware adds to addresses without a language prefix is dropped, so a CDN keeps one copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and not response.has_header("Cache-Control")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(("/admin/", "/healthz"))
        ):
            patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
            if not response.has_header("Last-Modified"):
                response.headers["Last-Modified"] = http_date()
            _drop_vary(response, "accept-language")
        return response


def _drop_vary(response, name):
    if not response.has_header("Vary"):
        return
    kept = [value.strip() for value in response["Vary"].split(",") if value.strip() and value.strip().lower() != name]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
