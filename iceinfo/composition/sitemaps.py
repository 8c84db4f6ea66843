"""sitemap.xml (every published address in every language, with hreflang alternates), robots.txt,
and the HTML "Site map" page. Composition layer: it imports the domain apps.

Both are built from the models with a fixed number of queries: one per kind of content.
"""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from contacts.models import FieldOffice
from directorates.models import Directorate, Leader
from facilities.models import DetentionFacility
from iceinfo.localize import absolute_url
from iceinfo.models import Page
from news.models import NewsRelease

# Pages that list or explain content, by URL name (each in every language).
LIST_PAGES = [
    "iceinfo:home",
    "directorates:directorate_list",
    "directorates:leader_list",
    "contacts:contact_list",
    "contacts:fieldoffice_list",
    "contacts:internationaloffice_list",
    "facilities:facility_list",
    "news:newsrelease_list",
    "news:statement_list",
    "news:speech_list",
    "iceinfo:languages",
    "iceinfo:site_map",
    "iceinfo:content_inventory",
]


def live_pages():
    """Published pages whose ancestors are published too (the ones a visitor can reach)."""
    pages = list(Page.objects.published().select_related("parent__parent__parent"))
    return [page for page in pages if page.is_live]  # Page.live_window: the one definition of live


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True  # every language of settings.LANGUAGES (Sitemap's default languages)


class ListPageSitemap(I18nSitemap):
    priority = 0.6

    def items(self):
        return LIST_PAGES

    def location(self, item):
        return reverse(item)


class ContentSitemap(I18nSitemap):
    def lastmod(self, item):
        return item.updated_at


class PageSitemap(ContentSitemap):
    def items(self):
        return live_pages()


class DirectorateSitemap(ContentSitemap):
    priority = 0.7

    def items(self):
        return Directorate.objects.published()


class LeaderSitemap(ContentSitemap):
    def items(self):
        return Leader.objects.published()


class FieldOfficeSitemap(ContentSitemap):
    def items(self):
        return FieldOffice.objects.published()


class DetentionFacilitySitemap(ContentSitemap):
    def items(self):
        return DetentionFacility.objects.published().order_by("pk")


class NewsSitemap(ContentSitemap):
    def items(self):
        return NewsRelease.objects.published()


SITEMAPS = {
    "lists": ListPageSitemap,
    "pages": PageSitemap,
    "directorates": DirectorateSitemap,
    "leaders": LeaderSitemap,
    "field-offices": FieldOfficeSitemap,
    "detention-facilities": DetentionFacilitySitemap,
    "news": NewsSitemap,
}


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _page_tree(pages):
    """[{page, children: [...]}] for the top-level pages, children nested in order."""
    by_parent = {}
    for page in pages:
        by_parent.setdefault(page.parent_id, []).append(page)

    def branch(parent_id, depth=0):
        if depth > 6:
            return []
        return [{"page": page, "children": branch(page.pk, depth + 1)} for page in by_parent.get(parent_id, [])]

    return branch(None)


class SiteMapView(TemplateView):
    """The HTML site map: every section and page, generated from the models (five queries)."""

    template_name = "iceinfo/site_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directorates = list(Directorate.objects.published())
        context.update(
            page_tree=_page_tree(live_pages()),
            directorates=directorates,
            leaders=list(Leader.objects.published()),
            field_offices=list(FieldOffice.objects.published()),
            detention_facilities=list(DetentionFacility.objects.published()),
            sections=[
                {
                    "title": _("News"),
                    "links": [
                        (_("News"), reverse("news:newsrelease_list")),
                        (_("Statements"), reverse("news:statement_list")),
                        (_("Speeches and testimonies"), reverse("news:speech_list")),
                        (_("RSS feed"), reverse("news:feed_rss")),
                        (_("Atom feed"), reverse("news:feed_atom")),
                    ],
                },
                {
                    "title": _("About this website"),
                    "links": [
                        (_("Search"), reverse("iceinfo:search")),
                        (_("View in other languages"), reverse("iceinfo:languages")),
                        (_("Web content inventory"), reverse("iceinfo:content_inventory")),
                        (_("Web content inventory (CSV)"), reverse("content_inventory_csv")),
                        (_("XML sitemap"), reverse("sitemap")),
                    ],
                },
            ],
        )
        return context
