from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "contacts"

urlpatterns = [
    path(_("contact/"), views.ContactChannelListView.as_view(), name="contact_list"),
    path(_("contact/field-offices/"), views.FieldOfficeListView.as_view(), name="fieldoffice_list"),
    path(
        _("contact/field-offices/<slug:slug>/"),
        views.FieldOfficeDetailView.as_view(),
        name="fieldoffice_detail",
    ),
    path(
        _("contact/hsi-international-offices/"),
        views.InternationalOfficeListView.as_view(),
        name="internationaloffice_list",
    ),
]
