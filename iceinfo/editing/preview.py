"""Staff preview: the public page of one object, draft values included, in the site's own frame.

The page is rendered by the object's public view (its template and context), in the language asked
for, with a "Preview — not published" banner, and is never cached (private, no-store).
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from iceinfo.editing.translation_status import stale_fields
from iceinfo.localize import language_codes

BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)


def preview_language(request):
    language = request.GET.get("language", "")
    return language if language in language_codes() else settings.LANGUAGE_CODE


def render_preview(request, obj, view_class, *, change_url="", language=None, extra_context=None):
    """Render ``obj`` with ``view_class`` (a DetailView) without its published-only lookup."""
    language = language or preview_language(request)
    with translation.override(language):
        view = view_class()
        view.setup(request, slug=getattr(obj, "slug", ""), pk=obj.pk)
        view.object = obj
        context = view.get_context_data(object=obj)
        context.update(extra_context or {})
        response = TemplateResponse(request, view.get_template_names(), context)
        response.render()
        banner = render_to_string(
            "admin/iceinfo/preview_banner.html",
            {"object": obj, "change_url": change_url, "language": language,
             "languages": settings.LANGUAGES, "request": request,
             "stale_fields": [obj._meta.get_field(name).verbose_name for name in stale_fields(obj, language)]},
        )
        response.content = BODY_OPEN.sub(lambda match: match.group(0) + banner, response.content.decode(), count=1)
    mark_private(response)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def mark_private(response):
    """Never stored by the page cache, a CDN or the browser's cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response.headers.pop("Last-Modified", None)
    return response
