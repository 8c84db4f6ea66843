"""Translation status: per translated model and language, the published items whose translation is missing
or out of date (its English changed after it was translated), and the out-of-date fields of one item.

"Out of date" is read from the item's history (django-simple-history keeps every saved version): a field is
out of date in a language when its English last changed after its translation last changed, or when the
item being previewed (a draft applied) has new English beside the saved translation.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from iceinfo.localize import language_codes, localized_field
from iceinfo.models import Publishable

MAX_LISTED = 200


def _missing(fields, code):
    """Q for rows that have an English value in some field but no value for it in ``code``."""
    condition = Q()
    for name in fields:
        english, other = localized_field(name, "en"), localized_field(name, code)
        has_english = Q(**{f"{english}__isnull": False}) & ~Q(**{english: ""})
        lacks_other = Q(**{f"{other}__isnull": True}) | Q(**{other: ""})
        condition |= has_english & lacks_other
    return condition


def _last_changes(rows, names, codes):
    """For one item's history rows (oldest first): {(field, code): index of the version that last changed it}."""
    last, previous = {}, None
    for index, row in enumerate(rows):
        for name in names:
            for code in codes:
                column = localized_field(name, code)
                if previous is None or row[column] != previous[column]:
                    last[(name, code)] = index
        previous = row
    return last


def _history_by_item(model, ids, names, codes):
    """Every saved version of the items ``ids``, oldest first, with only the translated columns."""
    if not hasattr(model, "history"):
        return {}
    columns = [localized_field(name, code) for name in names for code in codes]
    rows = defaultdict(list)
    versions = model.history.filter(id__in=ids).order_by("history_date", "history_id").values("id", *columns)
    for row in versions.iterator(chunk_size=2000):
        rows[row["id"]].append(row)
    return rows


def _stale(rows, names, code, current=None):
    """The fields of one item whose ``code`` translation is older than their English."""
    if not rows:
        return []
    last = _last_changes(rows, names, ("en", code))
    latest = rows[-1]
    stale = []
    for name in names:
        english, other = localized_field(name, "en"), localized_field(name, code)
        translated = current.get(other) if current is not None else latest[other]
        if not translated:
            continue  # missing, not out of date
        if last[(name, "en")] > last[(name, code)]:
            stale.append(name)
        elif current is not None and current.get(english) != latest[english] and translated == latest[other]:
            stale.append(name)  # the draft changes the English and keeps the old translation
    return stale


def stale_fields(obj, code):
    """Names of ``obj``'s translated fields whose ``code`` translation is out of date (as ``obj`` is now,
    a draft applied)."""
    if code == "en" or type(obj) not in translator.get_registered_models(abstract=False):
        return []
    model = type(obj)
    names = list(translator.get_options_for_model(model).get_field_names())
    rows = _history_by_item(model, [obj.pk], names, ("en", code)).get(obj.pk)
    columns = [localized_field(name, c) for name in names for c in ("en", code)]
    current = {column: getattr(obj, column, None) for column in columns}
    return _stale(rows, names, code, current)


def translation_status(request):
    languages = [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    rows = []
    for model in sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.verbose_name_plural):
        if model not in admin.site._registry or not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            continue
        fields = list(translator.get_options_for_model(model).get_field_names())
        queryset = model._default_manager.all()
        if issubclass(model, Publishable):
            queryset = queryset.published()
        counts = queryset.aggregate(
            total=Count("pk"), **{f"missing_{i}": Count("pk", filter=_missing(fields, code)) for i, (code, _n) in enumerate(languages)}
        )
        try:
            changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        history = _history_by_item(model, list(queryset.values_list("pk", flat=True)), fields, language_codes())
        cells = []
        for i, (code, name) in enumerate(languages):
            missing = counts[f"missing_{i}"]
            link = ""
            if missing:
                ids = list(queryset.filter(_missing(fields, code)).values_list("pk", flat=True)[:MAX_LISTED])
                link = f"{changelist}?id__in={','.join(str(pk) for pk in ids)}"
            stale_ids = sorted(pk for pk, rows in history.items() if _stale(rows, fields, code))
            stale_link = f"{changelist}?id__in={','.join(str(pk) for pk in stale_ids[:MAX_LISTED])}" if stale_ids else ""
            cells.append({"code": code, "name": name, "missing": missing, "link": link,
                          "stale": len(stale_ids), "stale_link": stale_link})
        rows.append({"model": model._meta.verbose_name_plural, "total": counts["total"], "cells": cells})
    context = {
        **admin.site.each_context(request),
        "title": _("Translation status"),
        "languages": languages,
        "rows": rows,
    }
    return TemplateResponse(request, "admin/translation_status.html", context)
