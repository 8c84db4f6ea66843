"""Admin for the site-wide content. Every translated field gets language tabs, offline."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Alert, Link, LinkGroup, Page, SiteSettings


class ContentAdmin(TabbedTranslationAdmin, SimpleHistoryAdmin):
    """Base for translated content: language tabs plus revision history."""


@admin.register(SiteSettings)
class SiteSettingsAdmin(ContentAdmin):
    list_display = ("agency_name", "short_name", "tip_line_display", "updated_at")

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(ContentAdmin):
    list_display = ("__str__", "level", "status", "publish_at", "unpublish_at", "order")
    list_editable = ("order",)
    list_filter = ("status", "level")
    search_fields = ("title", "message")


class LinkInline(TranslationTabularInline):
    model = Link
    extra = 0
    fields = ("label", "heading", "description", "url", "content_type", "object_id", "icon", "order")


@admin.register(LinkGroup)
class LinkGroupAdmin(ContentAdmin):
    list_display = ("title", "placement", "order")
    list_editable = ("order",)
    list_filter = ("placement",)
    search_fields = ("title", "links__label")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [LinkInline]


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ("title", "path", "status", "updated_at", "order")
    list_editable = ("order",)
    list_filter = ("status", "parent")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("parent",)
