"""modeltranslation registrations: the human-facing text fields of the site-wide content.

simple_history is registered here, after modeltranslation has added the per-language fields,
so that history rows keep every language: registered before, simple_history's
historical model would lack the per-language columns.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from iceinfo.models import Alert, Link, LinkGroup, Page, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("agency_name", "tip_line_label", "parent_agency_name", "mission", "overview_heading", "overview")


@register(Alert)
class AlertTranslation(TranslationOptions):
    fields = ("title", "message", "link_text")


@register(LinkGroup)
class LinkGroupTranslation(TranslationOptions):
    fields = ("title",)


@register(Link)
class LinkTranslation(TranslationOptions):
    fields = ("label", "heading", "description")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    empty_values = {"slug": None}


for model in (SiteSettings, Alert, LinkGroup, Link, Page):
    simple_history.register(model, app="iceinfo")
