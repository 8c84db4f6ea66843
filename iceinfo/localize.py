"""Site paths written in English (in seed data, links, alerts) shown in the visitor's language."""

from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Q
from django.dispatch import receiver
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

# Both functions below depend only on the URLconf, the languages and the script prefix (never on
# content), so their answers are kept per process; a change of settings (in tests) clears them.
URL_MEMO_SIZE = 2048
URL_MEMO_MAX_PATH = 300  # longer paths are worked out each time, never kept


def localize_path(path, language=None):
    """Return the address of the English site path ``path`` in ``language`` (default: active).

    ``/contact/field-offices/`` becomes ``/es/contactenos/oficinas-de-campo/`` in Spanish. Query
    strings and fragments are kept. Paths that do not resolve are returned unchanged.
    """
    if not path or not path.startswith("/") or path.startswith("//"):
        return path
    return _localized_path(path, language or translation.get_language(), get_script_prefix())


@lru_cache(maxsize=URL_MEMO_SIZE)
def _localized_path(path, language, _script_prefix):
    base, sep, rest = path.partition("#")
    base, qsep, query = base.partition("?")
    try:
        with translation.override("en"):
            match = resolve(base)
        with translation.override(language):
            localized = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        return path
    return localized + (qsep + query if qsep else "") + (sep + rest if sep else "")


def translated_urls(url, languages):
    """``django.urls.translate_url(url, code)`` for each code of ``languages`` (a tuple), resolving once.

    ``url`` is resolved in the active language, as translate_url does. Only the path is remembered
    (the query string comes from visitors, e.g. every search, and would fill the memo), and only a
    path short enough for a real page.
    """
    parsed = urlsplit(url)
    translate = _translated_paths if len(parsed.path) <= URL_MEMO_MAX_PATH else _translated_paths.__wrapped__
    paths = translate(parsed.path, translation.get_language(), languages, get_script_prefix())
    return tuple(
        url if path is None else urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment))
        for path in paths
    )


@lru_cache(maxsize=URL_MEMO_SIZE)
def _translated_paths(path, _active, languages, _script_prefix):
    """The path in each language; None where the URL stays as it is (unknown path, no such page)."""
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return (None,) * len(languages)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    paths = []
    for code in languages:
        with translation.override(code):
            try:
                paths.append(reverse(name, args=match.args, kwargs=match.kwargs))
            except NoReverseMatch:
                paths.append(None)
    return tuple(paths)


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _localized_path.cache_clear()
    _translated_paths.cache_clear()


def language_codes():
    """The codes of the site's languages (settings.LANGUAGES), English first."""
    return tuple(code for code, _name in settings.LANGUAGES)


def localized_field(field, code):
    """The column modeltranslation adds for ``field`` in language ``code``: name_en, name_zh_hans, ..."""
    return build_localized_fieldname(field, code)


def absolute_url(request, path):
    """``path`` (a site path) as a full address: on SITE_URL when it is set, else on the request's
    host; an address that is already absolute, or empty, is returned as it is (and so is the
    path when there is neither)."""
    if not path or path.startswith(("http://", "https://")):
        return path or ""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path) if request is not None else path


def value_language(obj, field):
    """The language of the value ``obj.<field>`` shows: the active one, or English when it fell back.

    A translation written exactly as the English (an agency's name a language keeps in English, as
    Tagalog does) is English too, so it is marked lang="en" like a fallback.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    own = getattr(obj, localized_field(field, current), None)
    if own and (current == default or own != getattr(obj, localized_field(field, default), None)):
        return current
    return default


def slug_fields():
    """The per-language slug columns modeltranslation adds (slug_en, slug_es, ..., slug_zh_hans)."""
    return [localized_field("slug", code) for code in language_codes()]


def slug_in_any_language(slug):
    """A filter matching rows whose slug is ``slug`` in any language (old and foreign addresses)."""
    match = Q()
    for field in slug_fields():
        match |= Q(**{field: slug})
    return match
