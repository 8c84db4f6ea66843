"""The home page: composed from site settings, alerts, link groups and the directorates.

Composition layer: this module may import the domain apps. One query for which directorates are
live and one for the latest news on top of the page frame (itself a fixed number of queries, cached
per content version), both kept per stored frame and process, as each directorate's card is (so
until the next content edit or scheduled change): a home page whose frame is kept makes no query.
"""

from types import SimpleNamespace

from django.utils.translation import get_language
from django.views.generic import TemplateView

from directorates.models import Directorate
from iceinfo.models import content_as_of
from iceinfo.serving import cache
from iceinfo.serving.frame import get_frame
from iceinfo.templatetags.iceinfo import render_both_ways
from news.models import NewsRelease

NEWS_COUNT = 3
CARD_TEMPLATE = "directorates/includes/directorate_summary.html"


def directorate_cards(pks, frame):
    """{pk: card HTML variants} of the directorates ``pks``, kept per stored frame (one query for the
    cards not kept). A card whose summary falls back to English comes in two variants: the page shows
    the full notice sentence only on its first such block (``{% fallback_variant %}`` picks)."""
    language = get_language()

    def render(missing):
        return {
            directorate.pk: render_both_ways(CARD_TEMPLATE, {"directorate": directorate, "LANGUAGE_CODE": language})
            for directorate in Directorate.objects.filter(pk__in=missing)
        }

    return cache.frame_items(frame.get("id"), language, ("directorate-summary",), pks, render)


def live_directorates():
    """The live directorates in their order: plain values (pk, kind and dates), no model rows."""
    return [
        SimpleNamespace(pk=pk, kind=kind, content_date=content_date, updated_at=updated_at)
        for pk, kind, content_date, updated_at in Directorate.objects.published().values_list(
            "pk", "kind", "content_date", "updated_at"
        )
    ]


def latest_news():
    return list(NewsRelease.objects.published().filter(archived=False)[:NEWS_COUNT])


class HomeView(TemplateView):
    template_name = "iceinfo/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frame = get_frame()
        # What the page reads of the content is the same until the next edit (or scheduled change,
        # which is one too): kept per stored frame, so a page whose frame is kept makes no query.
        memo = cache.frame_memo(frame.get("id"), ("home",))
        live = memo(("live",), live_directorates)
        cards = directorate_cards([row.pk for row in live], frame)
        site_settings = frame["site_settings"]
        # The date of what the page shows (the overview and the directorates), never the day it was loaded.
        dates = [content_as_of(item) for item in [site_settings, *live] if item is not None]
        context.update(
            frame=frame,  # the same frame the context processor would load, fetched once
            directorates=[cards[row.pk] for row in live if row.kind == Directorate.Kind.DIRECTORATE and row.pk in cards],
            offices=[cards[row.pk] for row in live if row.kind == Directorate.Kind.OFFICE and row.pk in cards],
            news=memo(("news",), latest_news),
            updated_at=max((date for date in dates if date), default=None),
            content_date=site_settings.content_as_of if site_settings is not None else None,
            sources=frame["site_sources"],
        )
        return context
