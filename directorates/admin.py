"""Admin for directorates, offices and leaders: language tabs plus revision history."""

from django.contrib import admin

from iceinfo.admin import ContentAdmin

from .models import Directorate, Leader


@admin.register(Directorate)
class DirectorateAdmin(ContentAdmin):
    list_display = ("name", "acronym", "kind", "status", "updated_at", "order")
    list_editable = ("order",)
    list_filter = ("kind", "status")
    search_fields = ("name", "acronym", "summary", "body")
    prepopulated_fields = {"slug": ("acronym",)}


@admin.register(Leader)
class LeaderAdmin(ContentAdmin):
    list_display = ("name", "title", "directorate", "status", "updated_at", "order")
    list_editable = ("order",)
    list_filter = ("status", "directorate")
    search_fields = ("name", "title", "bio")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("directorate",)
