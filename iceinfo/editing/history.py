"""Revision history for the admin, readable by editors.

``ReadableChanges`` is the diff shown in the history list and on the compare page: text without
markup, removed words struck through, added words underlined, long unchanged stretches shortened;
None and "" count as the same. Every language's field is listed on its own (``summary [es]``);
the untranslated original column, which only mirrors one language, and bookkeeping columns
(version, timestamps) are left out.

``HistoryCompareMixin`` adds "compare any two versions" to every content admin: the history page
gets From/To radio buttons (a plain GET form) and ``<object>/history/compare/?from=<id>&to=<id>``
shows every field that differs between the two versions, who saved each and when, with links to
revert to either. It needs the same permission as the history page.
"""

import difflib
import html

from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator
from simple_history.template_utils import HistoricalRecordContextHelper

KEEP_WORDS = 6  # unchanged words kept on each side of a change
MAX_ID = 2**63 - 1  # larger numbers are no row's id (and overflow SQLite)
# history_change_reason of a save that published someone else's draft: "author:<user id>" (editing.review)
AUTHOR_REASON_PREFIX = "author:"


def readable(value):
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = html.unescape(strip_tags(text.replace("</p>", "</p> ")))
    return " ".join(text.split())


def _equal(words):
    if len(words) <= 2 * KEEP_WORDS:
        return escape(" ".join(words))
    return escape(" ".join(words[:KEEP_WORDS])) + " … " + escape(" ".join(words[-KEEP_WORDS:]))


def word_diff(old, new):
    """(old_html, new_html): removed words in <del>, added words in <ins>."""
    old_words, new_words = old.split(), new.split()
    old_out, new_out = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_out.append(_equal(old_words[i1:i2]))
            new_out.append(_equal(new_words[j1:j2]))
            continue
        if i2 > i1:
            old_out.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            new_out.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(old_out)), mark_safe(" ".join(new_out))  # noqa: S308 - every word escaped


def translated_originals(model):
    """Names of the fields modeltranslation splits per language (``summary`` of ``summary_en`` ...)."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def displayed(field, value):
    """What an editor would recognise: a choice's label, Yes/No, the object's name."""
    if value is None or value == "":
        return ""
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if field.choices and not isinstance(value, (list, tuple)):
        return dict(field.flatchoices).get(value, value)
    return value


def credited_authors(records):
    """Set ``record.draft_author`` (a user) on history records whose change published someone's draft."""
    ids = {}
    for record in records:
        reason = getattr(record, "history_change_reason", None) or ""
        if reason.startswith(AUTHOR_REASON_PREFIX) and reason[len(AUTHOR_REASON_PREFIX) :].isdigit():
            ids[record.pk] = int(reason[len(AUTHOR_REASON_PREFIX) :])
    users = get_user_model()._default_manager.in_bulk(set(ids.values())) if ids else {}
    for record in records:
        record.draft_author = users.get(ids.get(record.pk))
        if record.pk in ids:
            record.history_change_reason = ""  # the token is shown as the author, not as a reason
    return records


class ReadableChanges(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        hidden = translated_originals(self.model)
        changes = []
        for change in delta.changes:
            try:
                field = self.model._meta.get_field(change.field)
            except FieldDoesNotExist:
                continue  # a column of an older version of the model
            if change.field in hidden or not field.editable:
                continue
            old, new = readable(displayed(field, change.old)), readable(displayed(field, change.new))
            if old == new and (change.old or "") == (change.new or ""):
                continue  # e.g. None -> "" for an untranslated language
            old_html, new_html = word_diff(old, new)
            changes.append({"field": capfirst(field.verbose_name), "old": old_html, "new": new_html})
        return changes


class HistoryCompareMixin:
    """Compare any two versions of an object (for admins that are also ``SimpleHistoryAdmin``)."""

    object_history_template = "admin/iceinfo/object_history.html"
    object_history_list_template = "admin/iceinfo/object_history_list.html"
    object_history_compare_template = "admin/iceinfo/object_history_compare.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        credited_authors(list(historical_records))

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name=f"{opts.app_label}_{opts.model_name}_history_compare",
        )
        return [compare, *super().get_urls()]  # before simple_history's <id>/history/<version>/

    def history_compare_view(self, request, object_id):
        request.current_app = self.admin_site.name
        opts = self.model._meta
        object_id = unquote(object_id)
        try:
            opts.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        history = getattr(self.model, opts.simple_history_manager_attribute)
        records = history.filter(**{opts.pk.attname: object_id})
        obj = self.get_queryset(request).filter(pk=object_id).first()
        if obj is None:  # deleted: its history can still be compared, as on the history page
            latest = records.order_by("-history_date", "-history_id").first()
            if latest is None:
                raise Http404
            obj = latest.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied

        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Compare versions: %s") % obj,
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "object": obj,
            "history_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)]
            ),
        }
        chosen = self._chosen_versions(request, records)
        if isinstance(chosen, tuple):
            message, status = chosen
            context["error"] = message
            return TemplateResponse(request, self.object_history_compare_template, context, status=status)

        older, newer = sorted(chosen, key=lambda record: (record.history_date, record.history_id))
        credited_authors([older, newer])
        delta = newer.diff_against(older, foreign_keys_are_objs=True)
        helper = self.get_historical_record_context_helper(request, newer)
        revert_disabled = self.revert_disabled(request, obj)
        context.update(
            {
                "versions": [self._version(records, record, obj) for record in (older, newer)],
                "changes": helper.context_for_delta_changes(delta),
                "same_version": older.pk == newer.pk,
                "revert_disabled": revert_disabled,
            }
        )
        return TemplateResponse(request, self.object_history_compare_template, context)

    def _chosen_versions(self, request, records):
        """The two historical records asked for, or (message, HTTP status) when the request is wrong."""
        raw = [request.GET.get(name, "").strip() for name in ("from", "to")]
        if not all(raw):
            return gettext("Choose two versions to compare: one in the “From” column and one in the “To” column."), 400
        numbers = []
        for value in raw:
            try:
                numbers.append(int(value))
            except ValueError:
                message = gettext("“%(value)s” is not a version number.") % {"value": value}
                return message, 400
        found = {}
        wanted = [number for number in numbers if 0 < number <= MAX_ID]
        if wanted:
            found = {record.pk: record for record in records.filter(pk__in=wanted).select_related("history_user")}
        for number in numbers:
            if number not in found:
                return gettext("There is no version %(number)s of this item.") % {"number": number}, 404
        return [found[number] for number in numbers]

    def _version(self, records, record, obj):
        opts = self.model._meta
        earlier = records.filter(history_date__lt=record.history_date).count()
        return {
            "record": record,
            "position": earlier + 1,
            "url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_simple_history",
                args=[quote(obj.pk), record.pk],
            ),
        }
