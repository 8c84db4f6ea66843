"""Admin for detention facilities (publishable: drafts, history, preview) and facility types."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iceinfo.editing.admin import ContentAdmin, PublishableContentAdmin

from .models import DetentionFacility, FacilityType
from .views import FacilityDetailView


@admin.register(FacilityType)
class FacilityTypeAdmin(ContentAdmin):
    list_display = ("code", "label", "defined_by_ice", "order")
    list_editable = ("order",)
    search_fields = ("code", "label", "explanation")


@admin.register(DetentionFacility)
class DetentionFacilityAdmin(PublishableContentAdmin):
    list_display = ("name", "facility_type", "city", "state", "field_office", "status", "as_of", "updated_at")
    list_filter = ("status", "facility_type", "state", "field_office")
    search_fields = ("name", "city", "zip_code", "street")
    list_select_related = ("facility_type", "field_office")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("latitude", "longitude")
    autocomplete_fields = ()
    preview_view_class = FacilityDetailView
    fieldsets = (
        (_("Facility"), {"fields": ("name", "slug", "facility_type", "field_office", "status", "publish_at",
                                    "unpublish_at")}),
        (
            _("Address and contact"),
            {"fields": ("street", "city", "state", "zip_code", "latitude", "longitude", "phone", "ice_page_url")},
        ),
        (_("Text for visitors"), {"fields": ("notes",)}),
        (_("Sources"), {"fields": ("sources", "as_of")}),
    )
