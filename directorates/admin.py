"""Admin for directorates, offices and leaders: language tabs plus revision history."""

from django.contrib import admin

from iceinfo.editing.admin import PublishableContentAdmin

from .models import Directorate, Leader
from .views import DirectorateDetailView, LeaderDetailView


@admin.register(Directorate)
class DirectorateAdmin(PublishableContentAdmin):
    list_display = ("name", "acronym", "kind", "status", "updated_at", "order")
    list_editable = ("order",)
    list_filter = ("kind", "status")
    search_fields = ("name", "acronym", "summary", "body")
    prepopulated_fields = {"slug": ("acronym",)}
    preview_view_class = DirectorateDetailView


@admin.register(Leader)
class LeaderAdmin(PublishableContentAdmin):
    list_display = ("name", "title", "directorate", "status", "updated_at", "order")
    list_editable = ("order",)
    list_filter = ("status", "directorate")
    search_fields = ("name", "title", "bio")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("directorate",)
    preview_view_class = LeaderDetailView
