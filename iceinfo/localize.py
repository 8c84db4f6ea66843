"""Site paths written in English (in seed data, links, alerts) shown in the visitor's language."""

from django.conf import settings
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation


def localize_path(path, language=None):
    """Return the address of the English site path ``path`` in ``language`` (default: active).

    ``/contact/field-offices/`` becomes ``/es/contactenos/oficinas-de-campo/`` in Spanish. Query
    strings and fragments are kept. Paths that do not resolve are returned unchanged.
    """
    if not path or not path.startswith("/") or path.startswith("//"):
        return path
    language = language or translation.get_language()
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


def value_language(obj, field):
    """The language of the value ``obj.<field>`` shows: the active one, or English when it fell back."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    if getattr(obj, f"{field}_{current.replace('-', '_')}", None):
        return current
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def slug_fields():
    """The per-language slug columns modeltranslation adds (slug_en, slug_es, ..., slug_zh_hans)."""
    return [f"slug_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]


def slug_in_any_language(slug):
    """A filter matching rows whose slug is ``slug`` in any language (old and foreign addresses)."""
    match = Q()
    for field in slug_fields():
        match |= Q(**{field: slug})
    return match
