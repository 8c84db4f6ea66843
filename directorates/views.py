"""Directorate and leadership pages: published rows only, a fixed number of queries each."""

from django.conf import settings
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from iceinfo.localize import slug_in_any_language
from iceinfo.models import Page
from iceinfo.serving import cache
from iceinfo.serving.frame import get_frame
from iceinfo.views import PageDetailView

from .models import Directorate, Leader


def _path_without_language(request):
    """The request path without its language prefix ("/es/sobre-ice/x/" -> "sobre-ice/x")."""
    path = request.path_info.strip("/")
    language = get_language()
    if language != settings.LANGUAGE_CODE and path.startswith(f"{language}/"):
        path = path[len(language) + 1 :]
    return path


class DirectorateListView(ListView):
    context_object_name = "directorates"

    def get_queryset(self):
        return Directorate.objects.published()


class DirectorateDetailView(DetailView):
    context_object_name = "directorate"

    def get_queryset(self):
        return Directorate.objects.published()

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        # The row and its sources, kept per stored frame: a page whose frame is kept makes no query.
        directorate = cache.frame_row(get_frame().get("id"), ("directorate", slug), lambda: (
            self.get_queryset().filter(slug_in_any_language(slug)).prefetch_related("sources").first()
        ))
        if directorate is None:
            # /about-ice/<slug>/ is also where child pages of "About ICE" live (e.g. the mission).
            return PageDetailView.as_view()(request, path=_path_without_language(request))
        if directorate.slug != slug:
            # An old or other-language slug: send the visitor to this language's address.
            return redirect(directorate.get_absolute_url(), permanent=True)
        self.object = directorate
        return self.render_to_response(self.get_context_data(object=directorate))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [
            {"title": _("Directorates and offices"), "url": reverse("directorates:directorate_list")}
        ]
        return context


class LeaderListView(ListView):
    context_object_name = "leaders"

    def get_queryset(self):
        return (
            Leader.objects.published()
            .select_related("directorate")
            .order_by(F("directorate__order").asc(nulls_first=True), "directorate_id", "order", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {}
        for leader in context["leaders"]:
            directorate = leader.directorate if leader.directorate and leader.directorate.is_live else None
            key = directorate.pk if directorate else None
            groups.setdefault(key, {"directorate": directorate, "leaders": []})["leaders"].append(leader)
        context["groups"] = list(groups.values())
        # The editable introduction: the top-level page whose English slug is "leadership".
        context["intro"] = Page.objects.published().filter(parent__isnull=True, slug_en="leadership").first()
        return context


class LeaderDetailView(DetailView):
    context_object_name = "leader"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [{"title": _("Leadership"), "url": reverse("directorates:leader_list")}]
        return context

    def get_queryset(self):
        return Leader.objects.published().select_related("directorate")

    def get_object(self, queryset=None):
        leader = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if leader is None:
            raise Http404("No such leader")
        return leader
