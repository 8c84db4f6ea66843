"""Admin view: for each translated model and language, the published items that lack a translation."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from modeltranslation.translator import translator

from iceinfo.models import Publishable

MAX_LISTED = 200


def _field(name, code):
    return f"{name}_{code.replace('-', '_')}"


def _missing(fields, code):
    """Q for rows that have an English value in some field but no value for it in ``code``."""
    condition = Q()
    for name in fields:
        english, other = _field(name, "en"), _field(name, code)
        has_english = Q(**{f"{english}__isnull": False}) & ~Q(**{english: ""})
        lacks_other = Q(**{f"{other}__isnull": True}) | Q(**{other: ""})
        condition |= has_english & lacks_other
    return condition


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
        cells = []
        for i, (code, name) in enumerate(languages):
            missing = counts[f"missing_{i}"]
            link = ""
            if missing:
                ids = list(queryset.filter(_missing(fields, code)).values_list("pk", flat=True)[:MAX_LISTED])
                link = f"{changelist}?id__in={','.join(str(pk) for pk in ids)}"
            cells.append({"code": code, "name": name, "missing": missing, "link": link})
        rows.append({"model": model._meta.verbose_name_plural, "total": counts["total"], "cells": cells})
    context = {
        **admin.site.each_context(request),
        "title": "Translation status",
        "languages": languages,
        "rows": rows,
    }
    return TemplateResponse(request, "admin/translation_status.html", context)
