"""The home page: composed from site settings, alerts, link groups and (later) the domain apps."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "iceinfo/home.html"
