"""News lists (all, statements, speeches and testimonies) and detail pages: fixed query counts."""

import re

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from iceinfo.localize import slug_in_any_language
from iceinfo.pagination import page_links, page_or_404, query_without_page
from iceinfo.query import reads_query

from .models import NewsRelease, Topic

YEAR = re.compile(r"\d{4}")
LIST_URL_NAMES = {
    None: "news:newsrelease_list",
    NewsRelease.Kind.STATEMENT: "news:statement_list",
    NewsRelease.Kind.SPEECH: "news:speech_list",
}
HEADINGS = {
    None: _("News"),
    NewsRelease.Kind.STATEMENT: _("Statements"),
    NewsRelease.Kind.SPEECH: _("Speeches and testimonies"),
}
INTROS = {
    None: _("News releases, statements, speeches and testimonies published by ICE, newest first."),
    NewsRelease.Kind.STATEMENT: _("Official statements published by ICE, newest first."),
    NewsRelease.Kind.SPEECH: _("Speeches by ICE officials and their testimony before Congress, newest first."),
}


def _releases():
    return NewsRelease.objects.published().select_related("topic", "directorate")


@reads_query("topic", "year", "page")
class NewsReleaseListView(ListView):
    """Twenty to a page, filtered by topic and year (GET). A topic or year the list does not have
    (``?year=0000``) shows the whole list with a 400 status: never a 500, never stored by the page cache."""

    kind = None  # set by the URL: statements, speeches and testimonies are filtered views
    paginate_by = 20
    context_object_name = "releases"
    template_name = "news/newsrelease_list.html"

    def get(self, request, *args, **kwargs):
        self.topics = list(Topic.objects.all())
        topic = request.GET.get("topic", "")
        self.topic = next((t for t in self.topics if t.slug == topic), None)
        # Only the years the list has (the year filter's choices): a year is a range-checked number.
        self.years = [day.year for day in self._base().dates("date", "year", order="DESC")]
        year = request.GET.get("year", "")
        self.year = int(year) if YEAR.fullmatch(year) and int(year) in self.years else None
        response = super().get(request, *args, **kwargs)
        if (topic and self.topic is None) or (year and self.year is None):
            response.status_code = 400  # a filter value the list does not have
        return response

    def _base(self):
        releases = _releases()
        if self.kind:
            releases = releases.filter(kind=self.kind)
        return releases

    def get_queryset(self):
        releases = self._base()
        if self.topic is not None:
            releases = releases.filter(topic=self.topic)
        if self.year is not None:
            releases = releases.filter(date__year=self.year)
        return releases

    def paginate_queryset(self, queryset, page_size):
        # Only pages the list has: a page number out of range or not a number is a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = page_or_404(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=HEADINGS[self.kind],
            intro=INTROS[self.kind],
            list_url=reverse(LIST_URL_NAMES[self.kind]),
            topics=self.topics,
            years=self.years,
            selected_topic=self.topic.slug if self.topic else "",
            selected_year=self.year,
            filtered=self.topic is not None or self.year is not None,
            total=context["paginator"].count,
            query_string=query_without_page(self.request),
            page_links=page_links(context["page_obj"]) if context.get("is_paginated") else [],
            feed_url=reverse("news:feed_rss"),
            atom_url=reverse("news:feed_atom"),
            crumbs=[] if self.kind is None else [{"title": HEADINGS[None], "url": reverse("news:newsrelease_list")}],
        )
        return context


class NewsReleaseDetailView(DetailView):
    context_object_name = "release"

    def get_queryset(self):
        return _releases()

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        release = self.get_queryset().filter(slug_in_any_language(slug)).first()
        if release is None:
            raise Http404("No such news release")
        if release.slug != slug:
            # An old or other-language slug: send the visitor to this language's address.
            return redirect(release.get_absolute_url(), permanent=True)
        self.object = release
        return self.render_to_response(self.get_context_data(object=release))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = self.object
        kind = release.kind if release.kind != NewsRelease.Kind.NEWS else None
        crumbs = [{"title": HEADINGS[None], "url": reverse("news:newsrelease_list")}]
        if kind:
            crumbs.append({"title": HEADINGS[kind], "url": reverse(LIST_URL_NAMES[kind])})
        directorate = release.directorate if release.directorate and release.directorate.is_live else None
        context.update(crumbs=crumbs, directorate=directorate)
        return context
