"""Views of the foundation: content pages and the health check. The home page is in home.py."""

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from .errors import note_database_answers
from .localize import translated_urls
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


@require_safe
@never_cache
def healthz_live(request):
    """Liveness: the process answers (no database, no cache). Restart the process when this fails."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def healthz(request):
    """Readiness for the load balancer (also at /healthz/ready): 503 only when the database does not
    answer. A cache that does not answer is reported as "degraded" with 200: pages are then served
    from the database (slower), and taking every app server out at once would take the site down."""
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        note_database_answers()  # visitors stop getting the quick 503 at once
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        status["database"] = f"error: {type(exc).__name__}"
    try:
        django_cache.set("healthz", "1", 10)
        if django_cache.get("healthz") != "1":
            status["cache"] = "degraded: value not stored"
    except Exception as exc:  # noqa: BLE001
        status["cache"] = f"degraded: {type(exc).__name__}"
    ready = status["database"] == "ok"
    status["status"] = ("ok" if status["cache"] == "ok" else "degraded") if ready else "unavailable"
    return JsonResponse(status, status=200 if ready else 503)


class LanguagesView(TemplateView):
    """"View in other languages": every language, the same page in it, and the language-help notice."""

    template_name = "iceinfo/languages.html"

    def get(self, request, *args, **kwargs):
        next_path = request.GET.get("next", "")
        if next_path and not self._is_local_path(next_path):
            return HttpResponseBadRequest(gettext("That is not an address on this site."))
        return super().get(request, *args, **kwargs)

    @staticmethod
    def _is_local_path(value):
        return (
            len(value) <= 500
            and value.startswith("/")
            and not value.startswith("//")
            and "\\" not in value
            and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        next_path = self.request.GET.get("next") or reverse("iceinfo:home")
        codes = tuple(code for code, _name in settings.LANGUAGES)
        urls = translated_urls(next_path, codes)  # resolved in the visitor's language, reversed in each
        languages = []
        for code, url in zip(codes, urls, strict=True):
            info = translation.get_language_info(code)
            with translation.override(code):
                languages.append(
                    {
                        "code": code,
                        "name_local": info["name_local"],
                        "bidi": info["bidi"],
                        "url": url,
                        "notice": gettext(LANGUAGE_HELP_NOTICE),
                        "link_text": gettext("Read this page in %(language)s") % {"language": info["name_local"]},
                    }
                )
        context["languages"] = languages
        return context


LANGUAGE_HELP_NOTICE = gettext_noop(
    "If you need help with this information in your language, you can ask for language help when you "
    "contact ICE. Language help is free."
)
