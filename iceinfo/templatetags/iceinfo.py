"""Template helpers: language alternates, honest translation fallback, safe rich text."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode

from ..localize import localize_path, value_language
from ..richtext import render_rich_text

register = template.Library()


def _absolute(request, path):
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """Each language with the address of THIS page in it (object URL, else the translated path)."""
    request = context.get("request")
    obj = context.get("object")
    current = translation.get_language()
    path = request.get_full_path() if request is not None else "/"
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = None
        if obj is not None and hasattr(obj, "get_absolute_url"):
            with translation.override(code):
                try:
                    url = obj.get_absolute_url()
                except Exception:  # noqa: BLE001 - an object without a URL in that language
                    url = None
        if url is None:
            url = translate_url(path, code)
        info = translation.get_language_info(code)
        alternates.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "absolute_url": _absolute(request, url),
                "current": code == current,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def default_language_url(context, alternates):
    for alternate in alternates:
        if alternate["code"] == settings.LANGUAGE_CODE:
            return alternate["absolute_url"]
    return ""


@register.inclusion_tag("includes/translated_field.html")
def translated(obj, field, rich=False, tag="div", css_class=""):
    """Render a translated field; when English stands in, mark it lang="en" and say so."""
    value = getattr(obj, field, "") if obj is not None else ""
    shown = value_language(obj, field) if obj is not None else translation.get_language()
    current = translation.get_language()
    return {
        "value": render_rich_text(value) if rich else value,
        "fallback": bool(value) and shown != current,
        "lang": shown,
        "tag": tag,
        "css_class": css_class,
        "current_lang": current,
        "current_dir": "rtl" if translation.get_language_bidi() else "ltr",
    }


@register.simple_tag
def field_language(obj, field):
    """The language code of the value shown for ``obj.field`` (for lang attributes)."""
    return value_language(obj, field)


@register.filter
def rich_text(value):
    return render_rich_text(value)


@register.filter
def url_in_language(url, language):
    """The same site path in another language (external addresses are returned unchanged)."""
    return localize_path(url, language)


@register.filter
def map_url(address):
    """A plain link that opens an address in a map application (no embedded third-party map)."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


@register.filter
def lang_attr(code):
    """` lang="xx"` when ``code`` is not the page's language (e.g. English standing in), else nothing."""
    if not code or code == translation.get_language():
        return ""
    return format_html(' lang="{}" dir="ltr"', code) if code == "en" else format_html(' lang="{}"', code)


@register.simple_tag
def lang_of(obj, field):
    """The lang attribute for a translated field's value, when it differs from the page's language."""
    if obj is None:
        return ""
    return lang_attr(value_language(obj, field))


@register.simple_tag
def inline_value(obj, field):
    """A translated field's value for use inside a sentence, wrapped in a lang span when it fell back."""
    if obj is None:
        return ""
    value = getattr(obj, field, "") or ""
    attr = lang_attr(value_language(obj, field))
    return format_html("<span{}>{}</span>", attr, value) if attr else value


@register.filter
def bdi(value):
    """Isolate a number or code (phone numbers, ZIP codes) so right-to-left text cannot reorder it."""
    return format_html("<bdi>{}</bdi>", value) if value else ""
