"""Safe rich text: HTML that editors write is cleaned with nh3 (an allow-list) before it is stored."""

import nh3
from django.db import models
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "a", "strong", "em", "b", "i",
    "blockquote", "abbr", "code", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "p": {"lang"},
    "blockquote": {"lang"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value):
    """Return ``value`` with every tag, attribute and URL scheme outside the allow-list removed."""
    if not value:
        return value
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_rich_text(value):
    """Mark stored (already sanitised) HTML safe for templates, sanitising again to be sure."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - nh3 output is safe by construction


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised on every save, in every language."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        cleaned = sanitize_html(value)
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned
