from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "facilities"

urlpatterns = [
    path(_("detention-facilities/"), views.FacilityListView.as_view(), name="facility_list"),
    path(_("detention-facilities/<slug:slug>/"), views.FacilityDetailView.as_view(), name="facility_detail"),
]
