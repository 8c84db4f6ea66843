"""Views of the foundation: content pages and the health check. The home page is in home.py."""

from django.core.cache import cache as django_cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from .models import Page
from .pages import find_page


class PageDetailView(DetailView):
    model = Page
    template_name = "iceinfo/page_detail.html"
    context_object_name = "page"

    def get(self, request, *args, **kwargs):
        page, canonical = find_page(kwargs["path"], get_language())
        if page is None:
            raise Http404("No such page")
        if canonical:
            return redirect(page.get_absolute_url(), permanent=True)
        self.object = page
        return self.render_to_response(self.get_context_data(object=page))


@never_cache
def healthz(request):
    """Liveness and readiness for the load balancer: database and cache must both answer."""
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        status["database"] = f"error: {type(exc).__name__}"
    try:
        django_cache.set("healthz", "1", 10)
        if django_cache.get("healthz") != "1":
            status["cache"] = "error: value not stored"
    except Exception as exc:  # noqa: BLE001
        status["cache"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in status.values())
    status["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(status, status=200 if healthy else 503)
