"""Per-address limits on the public views that bypass the page cache for every new query (search,
the field office locator): a cache-busting search costs about as much as 14 cached pages.

Counted in the shared cache (Redis: across every app server; without it, per process). Only requests
that reach Django are counted: a page the page cache answers is never limited. A cache that does
not answer limits nothing.
"""

import time

from django.conf import settings
from django.core.cache import cache

from iceinfo.query import client_ip
from iceinfo.serving.errors import _render

LIMITED_VIEWS = frozenset(("iceinfo:search", "contacts:fieldoffice_list"))


def _over_limit(address):
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    key = f"ratelimit:{address}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, window + 1)
        return cache.incr(key) > settings.RATE_LIMIT_REQUESTS
    except Exception:  # noqa: BLE001 - no counter, no limit
        return False


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if settings.RATE_LIMIT_REQUESTS <= 0 or match is None or match.view_name not in LIMITED_VIEWS:
            return None
        if not _over_limit(client_ip(request)):
            return None
        response = _render(request, "429.html", 429)
        response["Retry-After"] = str(settings.RATE_LIMIT_WINDOW_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
