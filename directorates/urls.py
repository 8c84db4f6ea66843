from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "directorates"

urlpatterns = [
    path(_("about-ice/directorates/"), views.DirectorateListView.as_view(), name="directorate_list"),
    path(_("about-ice/<slug:slug>/"), views.DirectorateDetailView.as_view(), name="directorate_detail"),
    path(_("leadership/"), views.LeaderListView.as_view(), name="leader_list"),
    path(_("leadership/<slug:slug>/"), views.LeaderDetailView.as_view(), name="leader_detail"),
]
