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


def _drop_empty(tag, attribute, value):
    """Empty attributes say nothing (the editor's link dialog leaves ``title=""``): drop them."""
    return value if value or attribute == "href" else None


def sanitize_html(value, *, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES):
    """Return ``value`` with every tag, attribute and URL scheme outside the allow-list removed.

    ``tags`` and ``attributes`` narrow the allow-list (``iceinfo.editing.widgets`` asks what the editor
    would keep); they never widen it.
    """
    if not value:
        return value
    if tags is not ALLOWED_TAGS or attributes is not ALLOWED_ATTRIBUTES:
        tags = tags & ALLOWED_TAGS
        attributes = {tag: names & ALLOWED_ATTRIBUTES.get(tag, set()) for tag, names in attributes.items()}
    return nh3.clean(
        value,
        tags=tags,
        attributes=attributes,
        attribute_filter=_drop_empty,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_rich_text(value):
    """Mark stored (already sanitised) HTML safe for templates, sanitising again to be sure."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - nh3 output is safe by construction


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised on every save, in every language.

    The admin chooses its editor (``iceinfo.editing.widgets.RichTextAdminMixin``): a model field knows
    nothing of the admin.
    """

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        cleaned = sanitize_html(value)
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned
