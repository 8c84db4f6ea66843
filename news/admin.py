"""Admin for news releases and their topics: language tabs plus revision history; releases follow the
publishing rules of every Publishable (drafts of live items, preview, publish permission, edit conflicts)."""

from django.contrib import admin

from iceinfo.editing.admin import ContentAdmin, PublishableContentAdmin

from .models import NewsRelease, Topic
from .views import NewsReleaseDetailView


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(NewsRelease)
class NewsReleaseAdmin(PublishableContentAdmin):
    list_display = ("title", "kind", "date", "topic", "status", "archived", "updated_at")
    list_filter = ("kind", "status", "archived", "topic", "directorate")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "date"
    list_select_related = ("topic", "directorate")
    preview_view_class = NewsReleaseDetailView
