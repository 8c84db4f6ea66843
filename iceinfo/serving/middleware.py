"""Site-wide middleware: headers Django does not set, and the database-down page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext

from iceinfo.serving import cache as content_cache
from iceinfo.serving.errors import database_unavailable
from iceinfo.serving.outage import database_recently_down, is_database_outage

HEALTH_PATHS = frozenset(("/healthz", "/healthz/live", "/healthz/ready"))


class HealthProbeHostMiddleware:
    """Health probes work whatever Host they send (a load balancer often sends its own IP).

    First in MIDDLEWARE, before anything reads the host: for the health paths only, an unknown Host
    is replaced by the first of ALLOWED_HOSTS, so the probe reaches its view (with every security
    header) instead of a 400. Nothing a health check answers depends on the host.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        allowed = [host for host in settings.ALLOWED_HOSTS if host != "*"]
        self.host = allowed[0].lstrip(".") if allowed else None

    def __call__(self, request):
        if request.path_info in HEALTH_PATHS and self.host:
            try:
                request.get_host()
            except DisallowedHost:
                request.META["HTTP_HOST"] = self.host
                request.META.pop("HTTP_X_FORWARDED_HOST", None)
        return self.get_response(request)


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
        if database_recently_down() and not request.path_info.startswith("/healthz"):
            return database_unavailable(request)  # it failed a moment ago: do not make this visitor wait
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError, DatabaseError)) and is_database_outage(exception):
            return database_unavailable(request)
        return None


class PublicCacheHeadersMiddleware:
    """Marks anonymous, cookie-free, successful page responses as cacheable by a CDN and our page cache.

    Sets ``Cache-Control: public, max-age=0, must-revalidate, s-maxage=PAGE_SHARED_MAX_AGE`` and
    ``Last-Modified``: a browser asks again at every load of a page (an editor who publishes sees the
    change at once; the ETag, added by ConditionalGetMiddleware or the page cache, makes the answer a
    bodiless 304 when nothing changed), while a shared cache (a CDN) may keep the page that long; the
    CDN purge hook (``iceinfo.serving.purge``) empties it at each edit. Responses a view marked itself
    are left alone; every other response (cookies, a signed-in visitor, errors, POSTs) is marked
    ``private, no-store``, so no shared cache keeps it.

    Public pages take their language from the address (English unprefixed, see iceinfo.urls) or are
    English whatever the visitor asks, never from Accept-Language: the ``Vary: Accept-Language`` that
    LocaleMiddleware adds to addresses without a language prefix is dropped, so a CDN keeps one copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.path.startswith("/healthz"):
            return response
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/admin/")
        ):
            patch_cache_control(
                response, public=True, max_age=0, must_revalidate=True, s_maxage=settings.PAGE_SHARED_MAX_AGE
            )
            if not response.has_header("Last-Modified"):
                response.headers["Last-Modified"] = http_date()
            _drop_vary(response, "accept-language")
        elif response.status_code >= 400 or response.cookies or request.method not in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_store=True)
        elif settings.SESSION_COOKIE_NAME in request.COOKIES and response.status_code == 200:
            patch_cache_control(response, private=True, no_cache=True)  # a signed-in editor's page
        return response


def _drop_vary(response, name):
    if not response.has_header("Vary"):
        return
    kept = [value.strip() for value in response["Vary"].split(",") if value.strip() and value.strip().lower() != name]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class ContentVersionNoticeMiddleware:
    """Tells the editor when a save could not reach the live site yet (the shared cache did not answer).

    The edit is saved and its content version is in the database; servers show it within
    ``CONTENT_VERSION_MIRROR_SECONDS`` of the cache answering again. Placed after MessageMiddleware,
    so the message is stored with this response (the admin's redirect shows it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if content_cache.take_mirror_failure() and getattr(request, "user", None) and request.user.is_staff:
            messages.warning(
                request,
                gettext(
                    "Your change is saved, but the live site could not be updated yet because the "
                    "cache server did not answer. It will show by itself within a few seconds of "
                    "the cache server answering again."
                ),
            )
        return response
