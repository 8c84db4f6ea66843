"""The home page: composed from site settings, alerts, link groups and the directorates.

Composition layer: this module may import the domain apps. One query for the directorates and one
for the latest news on top of the page frame (itself a fixed number of queries, cached per content
version).
"""

from django.views.generic import TemplateView

from directorates.models import Directorate
from iceinfo.serving.frame import get_frame
from news.models import NewsRelease

NEWS_COUNT = 3


class HomeView(TemplateView):
    template_name = "iceinfo/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directorates = list(Directorate.objects.published())
        frame = get_frame()
        site_settings = frame["site_settings"]
        # The date of what the page shows (the overview and the directorates), never the day it was loaded.
        dates = [item.content_as_of for item in [site_settings, *directorates] if item is not None]
        context.update(
            frame=frame,  # the same frame the context processor would load, fetched once
            directorates=[d for d in directorates if d.kind == Directorate.Kind.DIRECTORATE],
            offices=[d for d in directorates if d.kind == Directorate.Kind.OFFICE],
            news=list(NewsRelease.objects.published().filter(archived=False)[:NEWS_COUNT]),
            updated_at=max((date for date in dates if date), default=None),
            content_date=site_settings.content_as_of if site_settings is not None else None,
            sources=frame["site_sources"],
        )
        return context
