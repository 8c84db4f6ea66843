"""The home page: composed from site settings, alerts, link groups and the directorates.

Composition layer: this module may import the domain apps. One query for the directorates and one
for the latest news on top of the page frame (itself a fixed number of queries, cached per content
version).
"""

from django.views.generic import TemplateView

from directorates.models import Directorate
from news.models import NewsRelease

from .frame import get_frame

NEWS_COUNT = 3


class HomeView(TemplateView):
    template_name = "iceinfo/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directorates = list(Directorate.objects.published())
        frame = get_frame()
        stamps = [frame["updated_at"]] + [directorate.updated_at for directorate in directorates]
        context.update(
            frame=frame,  # the same frame the context processor would load, fetched once
            directorates=[d for d in directorates if d.kind == Directorate.Kind.DIRECTORATE],
            offices=[d for d in directorates if d.kind == Directorate.Kind.OFFICE],
            news=list(NewsRelease.objects.published().filter(archived=False)[:NEWS_COUNT]),
            updated_at=max((stamp for stamp in stamps if stamp), default=None),
        )
        return context
