"""Template helpers: language alternates, honest translation fallback, safe rich text."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template import Context, loader
from django.template.base import token_kwargs
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from iceinfo.localize import absolute_url, language_codes, localize_path, translated_urls, value_language
from iceinfo.query import declared_full_path as _declared_full_path
from iceinfo.richtext import render_rich_text
from iceinfo.serving import cache

register = template.Library()


class FrameFragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        frame = context.get("frame")
        frame_id = frame.get("id") if frame else None
        if not frame_id:  # a frame that is not stored (cache down, error page without it): render
            return self.nodelist.render(context)
        name = (self.name, *(part.resolve(context) for part in self.parts)) if self.parts else self.name
        return cache.frame_fragment(frame_id, translation.get_language(), name,
                                    lambda: self.nodelist.render(context))


@register.tag
def frame_fragment(parser, token):
    """``{% frame_fragment "name" [value ...] %}...{% endframe_fragment %}``: markup rendered once
    per stored frame (and per value, e.g. one alert's pk).

    The body may use only the frame (``frame`` must be in the context; values taken from it, such
    as an alert of ``frame.active_alerts`` named by its pk), the active language and fixed things
    ({% url %} without arguments, {% static %}, {% translate %}): never the request, the page's
    object or anything else that differs between pages.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("frame_fragment takes a quoted name, then values")
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endframe_fragment",))
    parser.delete_first_token()
    return FrameFragmentNode(bits[1][1:-1], parts, nodelist)


def _plain(value):
    """``value`` as a hashable key, if it is plain data (str, numbers, None, lists, tuples, dicts)."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is dict:
        return ("dict", *[(key, item if type(item) is str else _plain(item)) for key, item in value.items()])
    if kind is list or kind is tuple:
        return (kind.__name__, *[_plain(item) for item in value])
    if kind in (int, bool, float, SafeString):  # True == 1 == 1.0 and "&" == SafeString("&"),
        return (kind.__name__, str(value))  # but each renders differently
    raise TypeError(kind.__name__)


class PureIncludeNode(template.Node):
    def __init__(self, template_name, values):
        self.template_name, self.values = template_name, values

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = None
        try:
            key = (self.template_name, translation.get_language(), get_script_prefix(), context.autoescape,
                   _plain(values))
        except TypeError:  # not plain data: render every time
            pass

        def render():
            return context.template.engine.get_template(self.template_name).render(context.new(values))

        return cache.pure_include(key, render) if key else render()


@register.tag
def include_pure(parser, token):
    """``{% include_pure "name.html" a=x b=y %}``: ``{% include "name.html" with a=x b=y only %}``,
    remembered per process for the same values.

    For templates whose output depends only on the values given (plain data: strings, numbers,
    lists, dicts), the language and fixed things ({% url %}, {% static %}, {% translate %}), such
    as the language selector: rendered once per page address and language, not once per request.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("include_pure takes a quoted template name, then name=value pairs")
    values = token_kwargs(bits[2:], parser, support_legacy=False)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError("include_pure takes name=value pairs after the template name")
    return PureIncludeNode(bits[1][1:-1], values)


@lru_cache(maxsize=8)
def _languages(codes):
    """(code, local name, bidi) of each configured language (``codes`` from settings.LANGUAGES)."""
    infos = [(code, translation.get_language_info(code)) for code in codes]
    return tuple((code, info["name_local"], info["bidi"]) for code, info in infos)


def _object_urls(context, request, obj, codes):
    """``obj.get_absolute_url()`` in each language (None where it has none).

    On the object's own public page they are kept with the frame (so until the next edit); never
    for other requests, such as a staff preview of a draft at an admin address.
    """

    def build():
        urls = []
        for code in codes:
            with translation.override(code):
                try:
                    urls.append(obj.get_absolute_url())
                except Exception:  # noqa: BLE001 - an object without a URL in that language
                    urls.append(None)
        return tuple(urls)

    frame = context.get("frame")
    frame_id = frame.get("id") if frame else None
    if frame_id and request is not None and obj.pk is not None:
        try:
            own_page = obj.get_absolute_url() == request.path
        except Exception:  # noqa: BLE001
            own_page = False
        if own_page:
            name = ("urls", obj._meta.label, obj.pk, codes)
            return cache.frame_value(frame_id, translation.get_language(), name, build)
    return build()


@register.filter
def declared_full_path(request):
    """The request's path with only the query parameters its view declared (iceinfo.query)."""
    return _declared_full_path(request) if request is not None else "/"


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """Each language with the address of THIS page in it (object URL, else the translated path)."""
    request = context.get("request")
    obj = context.get("object")
    current = translation.get_language()
    path = _declared_full_path(request) if request is not None else "/"  # only what the view reads
    languages = _languages(language_codes())
    codes = tuple(code for code, _local, _bidi in languages)
    if obj is not None and hasattr(obj, "get_absolute_url"):
        urls = _object_urls(context, request, obj, codes)
    else:
        urls = (None,) * len(codes)
    by_path = None  # the path in every language, worked out only when needed
    alternates = []
    for (code, name_local, bidi), url in zip(languages, urls, strict=True):
        if url is None:
            if by_path is None:
                by_path = translated_urls(path, codes)
            url = by_path[len(alternates)]
        alternates.append(
            {
                "code": code,
                "name_local": name_local,
                "bidi": bidi,
                "url": url,
                "absolute_url": absolute_url(request, url),
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


# How a block that falls back to English is marked (issue #18), one rule for every page:
# - it is always wrapped in lang="en" (dir="ltr"; CSS keeps it aligned with the page's start);
# - the first LONG one on a page (rich text, or FALLBACK_NOTICE_MIN_WORDS words or more) carries the
#   full-sentence notice; every other one (short ones, later long ones) carries the short marker
#   "In English". So a page never shows the sentence twice, nor above a few words.
# Inline values (names, link labels, headings) are marked with lang only (lang_attr, lang_of).
FALLBACK_NOTICE_MIN_WORDS = 12
_NOTICE_SHOWN = "iceinfo_fallback_notice_shown"


def _page_state(context):
    """A dict that lives for one whole page render (includes and inclusion tags share it)."""
    return context.render_context.dicts[0]


@register.inclusion_tag("includes/translated_field.html", takes_context=True)
def translated(context, obj, field, rich=False, tag="div", css_class=""):
    """Render a translated field; when English stands in, mark it lang="en" and say so."""
    value = getattr(obj, field, "") if obj is not None else ""
    shown = value_language(obj, field) if obj is not None else translation.get_language()
    current = translation.get_language()
    fallback = bool(value) and shown != current
    notice = False
    if fallback and (rich or len(str(value).split()) >= FALLBACK_NOTICE_MIN_WORDS):
        state = _page_state(context)
        notice = not state.get(_NOTICE_SHOWN)
        state[_NOTICE_SHOWN] = True
    return {
        "value": _rich(value) if rich else value,
        "fallback": fallback,
        "notice": notice,
        "lang": shown,
        "tag": tag,
        "css_class": css_class,
        "current_lang": current,
        "current_dir": "rtl" if translation.get_language_bidi() else "ltr",
    }


def render_both_ways(template_name, values):
    """(HTML as if the page had shown the fallback notice already, HTML as the page's first notice) of
    ``template_name`` rendered alone, for a piece kept apart from its page (a card kept per stored
    frame); ``{% fallback_variant %}`` picks one when the page renders. Equal when it has no long
    fallback block."""
    template = loader.get_template(template_name).template
    after = Context(values, autoescape=True)
    after.render_context.dicts[0][_NOTICE_SHOWN] = True
    return template.render(after), template.render(Context(values, autoescape=True))


@register.simple_tag(takes_context=True)
def fallback_variant(context, variants):
    """The variant of ``render_both_ways`` this page needs: with the notice only if none came before."""
    shown_already, first = variants
    state = _page_state(context)
    if first != shown_already and not state.get(_NOTICE_SHOWN):
        state[_NOTICE_SHOWN] = True
        return first
    return shown_already


@register.simple_tag
def field_language(obj, field):
    """The language code of the value shown for ``obj.field`` (for lang attributes)."""
    return value_language(obj, field)


@register.filter
def rich_text(value):
    return _rich(value)


RICH_TEXT_MEMO, RICH_TEXT_MEMO_MAX_LENGTH = 128, 20_000


@lru_cache(maxsize=RICH_TEXT_MEMO)
def _rich_memo(value):
    return render_rich_text(value)


def _rich(value):
    """render_rich_text, remembered per process for the texts pages show again and again (it is a
    pure function of the text: sanitising the same HTML gives the same result)."""
    if type(value) is str and len(value) <= RICH_TEXT_MEMO_MAX_LENGTH:
        return _rich_memo(value)
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


def _marked(value, language, page_language):
    """``value`` escaped, in a ``<span lang>`` when it is not in the page's language (a fallback)."""
    if language != page_language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value)


@register.simple_tag
def alert_sentence(alert):
    """An alert's message and link text as one sentence, each part marked with its own language.

    The parts are joined by a translated pattern, not by a space in the template: Chinese writes them
    together, other languages with a space.
    """
    page_language = translation.get_language() or settings.LANGUAGE_CODE
    message = alert.message and _marked(alert.message, value_language(alert, "message"), page_language)
    link_text = alert.link_text and _marked(alert.link_text, value_language(alert, "link_text"), page_language)
    if message and link_text:
        # Translators: an alert's message followed by its link text, e.g. "Learn how to check in" + "here".
        # Languages written without spaces between words join the two without one.
        pattern = conditional_escape(gettext("%(message)s %(link_text)s"))
        return mark_safe(pattern % {"message": message, "link_text": link_text})  # noqa: S308 - parts escaped
    return message or link_text or ""
