"""Views of the foundation: content pages and the health check. The home page is in home.py."""


from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext, gettext_noop
from django.views.generic import DetailView, TemplateView

from iceinfo.localize import language_codes, translated_urls
from iceinfo.models import Page
from iceinfo.pages import find_page
from iceinfo.query import reads_query


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = published_children(self.object)
        return context


def published_children(page):
    """The live pages directly under ``page`` ("In this section"), in their order; one query."""
    children = list(page.children.published())
    for child in children:
        child.parent = page  # its address is built from the parent's, already in memory
    return children


@reads_query("next")
class LanguagesView(TemplateView):
    """"View in other languages": every language, the same page in it, and the language-help notice.
    ``?next=`` must be an address of this site (else 400)."""

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
        codes = language_codes()
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
