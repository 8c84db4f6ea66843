"""Admin for field offices, HSI international offices and contact channels (language tabs, history).

A field office's coverage rows are edited in an inline; on a live office an editor's changes to them
are kept in the draft with the office's own fields (see iceinfo.editing.drafts), until a publisher publishes.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iceinfo.editing.admin import PublishableContentAdmin

from .models import ContactChannel, Coverage, FieldOffice, InternationalOffice
from .views import ContactChannelPreviewView, FieldOfficeDetailView


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 1
    fields = ("state", "county")


@admin.register(FieldOffice)
class FieldOfficeAdmin(PublishableContentAdmin):
    list_display = ("name", "office_type", "city", "state", "phone", "status", "verified_on", "updated_at", "order")
    list_editable = ("order",)
    list_filter = ("status", "office_type", "state", "coverage__state")
    search_fields = ("name", "city", "zip_code", "area_of_responsibility", "coverage__county")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("latitude", "longitude")
    inlines = [CoverageInline]
    preview_view_class = FieldOfficeDetailView
    fieldsets = (
        (_("Office"), {"fields": ("name", "slug", "office_type", "status", "publish_at", "unpublish_at", "order")}),
        (
            _("Address and contact"),
            {"fields": ("street", "city", "state", "zip_code", "latitude", "longitude", "phone", "email")},
        ),
        (_("Text for visitors"), {"fields": ("area_of_responsibility", "notes")}),
        (_("Sources"), {"fields": ("as_of",)}),
        (_("For editors (not shown)"), {"fields": ("source", "verified_on")}),
    )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates


@admin.register(InternationalOffice)
class InternationalOfficeAdmin(PublishableContentAdmin):
    list_display = ("name", "region", "country", "city", "status", "order")
    list_editable = ("order",)
    list_filter = ("status", "region")
    search_fields = ("name", "region", "country", "city")


@admin.register(ContactChannel)
class ContactChannelAdmin(PublishableContentAdmin):
    list_display = ("name", "phone", "email", "url", "status", "order")
    list_editable = ("order",)
    list_filter = ("status",)
    search_fields = ("name", "description", "phone", "email")
    prepopulated_fields = {"slug": ("name",)}
    preview_view_class = ContactChannelPreviewView  # the contact page, with this channel as edited
