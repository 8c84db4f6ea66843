"""Editing rules shared by every admin of publishable content: who may publish, drafts of live rows
(their own fields and their inline rows), and the optimistic lock ("edit token") that refuses a save
based on a stale copy.

No HTTP here; iceinfo.editing.admin wires these into the Django admin.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.models import BaseInlineFormSet

from iceinfo.models import ContentDraft, Status

PUBLISH_PERMISSION = "iceinfo.publish_content"
# Fields that decide what visitors see and when: only publishers change them.
PUBLISHING_FIELDS = ("status", "publish_at", "unpublish_at")


def can_publish(user):
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def draft_for(obj):
    """The pending draft of ``obj``, or None."""
    if obj is None or obj.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return ContentDraft.objects.filter(content_type=content_type, object_id=obj.pk).select_related("author").first()


def current_state(model, pk):
    """(version, status, draft revision) of the stored row, read fresh from the database."""
    row = model._base_manager.filter(pk=pk).values("version", "status").first()
    if row is None:
        return None
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    revision = (
        ContentDraft.objects.filter(content_type=content_type, object_id=pk).values_list("revision", flat=True).first()
        or 0
    )
    return row["version"], row["status"], revision


def edit_token(model, pk):
    """What a change form carries: the row's version and its draft's revision when it was loaded."""
    state = current_state(model, pk)
    return "" if state is None else f"{state[0]}.{state[2]}"


def _draftable_fields(model, names):
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        if not field.concrete or field.many_to_many:
            continue
        if field.name in PUBLISHING_FIELDS or field.primary_key or not field.editable:
            continue
        yield field


def serialize_fields(obj, names):
    """{attname: JSON-safe value} of the named model fields of ``obj``."""
    data = {}
    for field in _draftable_fields(type(obj), names):
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField) and value and not value._committed:
            # A new upload goes to storage now, so the draft can name it; the live row keeps its file.
            value.save(value.name, value.file, save=False)
        data[field.attname] = None if value is None else field.value_to_string(obj)
    return data


def _set_values(obj, data):
    """Put serialised {attname: value} onto ``obj`` in memory."""
    fields = {f.attname: f for f in obj._meta.concrete_fields}
    for attname, raw in data.items():
        field = fields.get(attname)
        if field is None:
            continue  # a field removed since the draft was saved (or the inline rows' key)
        setattr(obj, attname, None if raw is None else field.to_python(raw))
    return obj


def apply_draft(obj, draft):
    """Put the draft's values onto ``obj`` in memory (nothing is saved); see apply_draft_inlines for its rows."""
    if draft is None:
        return obj
    return _set_values(obj, draft.data or {})


def save_draft(obj, names, user):
    """Store the edited fields of ``obj`` as its draft (merged with an existing draft); the row is untouched."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    draft, created = ContentDraft.objects.select_for_update().get_or_create(
        content_type=content_type, object_id=obj.pk, defaults={"base_version": obj.version}
    )
    draft.data = {**(draft.data or {}), **serialize_fields(obj, names)}
    draft.author = user if getattr(user, "pk", None) else None
    if not created:
        draft.revision += 1
    draft.save()
    return draft


def drop_draft_fields(obj, names):
    """Remove the named fields from ``obj``'s draft (they were just saved live); True when it has a draft."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    draft = ContentDraft.objects.select_for_update().filter(content_type=content_type, object_id=obj.pk).first()
    if draft is None:
        return False
    attnames = set()
    for name in names:
        try:
            attnames.add(type(obj)._meta.get_field(name).attname)
        except FieldDoesNotExist:
            continue
    data = {key: value for key, value in (draft.data or {}).items() if key not in attnames}
    if data != draft.data:
        draft.data = data
        draft.save(update_fields=["data", "updated_at"])
    return True


def discard_draft(obj):
    """Drop the draft: its field values and its inline rows."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    ContentDraft.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def claim_version(obj, expected_version):
    """Atomically move the row from ``expected_version`` to the next; False when someone else got there first."""
    updated = type(obj)._base_manager.filter(pk=obj.pk, version=expected_version).update(
        version=models.F("version") + 1
    )
    if updated:
        obj.version = expected_version + 1
    return bool(updated)


def is_published(status):
    return status == Status.PUBLISHED


# --- inline rows in drafts ---------------------------------------------------------------------------
# A draft also keeps the changes made in the change form's inlines (rows with a ForeignKey to the item,
# e.g. a field office's coverage), relative to the live rows, under data[INLINES_KEY][formset prefix]:
#   {"model": "contacts.coverage", "fk": "office",
#    "changed": {"<pk>": {attname: value, ...}},  "deleted": ["<pk>", ...],  "added": [{attname: value}, ...]}
# The live rows stay untouched until a publisher saves the form that shows them (so history records each
# row the usual way); preview reads them in memory (apply_draft_inlines).
INLINES_KEY = "_inlines"


def can_draft_formset(formset):
    """Inline formsets of rows with a ForeignKey to the item can be kept in a draft (generic ones cannot)."""
    return isinstance(formset, BaseInlineFormSet)


def draft_inline_rows(draft, prefix):
    """The draft's entry for the inline formset ``prefix``, or None."""
    if draft is None:
        return None
    return (draft.data or {}).get(INLINES_KEY, {}).get(prefix)


def inline_changes(formset, previous=None):
    """The draft entry of a validated inline formset, relative to the live rows; None when nothing changed.

    ``previous`` is the entry the form was showing: its deletions stay when this user may not delete rows
    (their form did not show those rows).
    """
    fk = formset.fk
    deleted_forms = formset.deleted_forms if formset.can_delete else []
    deleted = [] if formset.can_delete else list((previous or {}).get("deleted", []))
    changed, added = {}, []
    for form in formset.initial_forms:
        pk = form.instance.pk
        if pk is None or str(pk) in deleted:
            continue
        if form in deleted_forms:
            deleted.append(str(pk))
        elif form.has_changed():
            values = serialize_fields(form.instance, [name for name in form.changed_data if name != fk.name])
            if values:
                changed[str(pk)] = values
    for form in formset.extra_forms:
        if form.has_changed() and form not in deleted_forms:
            added.append(serialize_fields(form.instance, [name for name in form.fields if name != fk.name]))
    if not (changed or deleted or added):
        return None
    return {
        "model": formset.model._meta.label_lower,
        "fk": fk.name,
        "changed": changed,
        "deleted": deleted,
        "added": added,
    }


def save_draft_inlines(obj, formsets):
    """Keep the inline formsets' changes in the draft save_draft just wrote; returns the formsets that
    changed but cannot be kept in a draft (nothing of theirs is saved)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    draft = ContentDraft.objects.select_for_update().filter(content_type=content_type, object_id=obj.pk).first()
    if draft is None:
        return []
    inlines = dict((draft.data or {}).get(INLINES_KEY, {}))
    lost = []
    for formset in formsets:
        if not can_draft_formset(formset):
            if formset.has_changed():
                lost.append(formset)
            continue
        entry = inline_changes(formset, inlines.get(formset.prefix))
        if entry is None:
            inlines.pop(formset.prefix, None)
        else:
            inlines[formset.prefix] = entry
    data = {key: value for key, value in (draft.data or {}).items() if key != INLINES_KEY}
    if inlines:
        data[INLINES_KEY] = inlines
    draft.data = data
    draft.save(update_fields=["data", "updated_at"])
    return lost


def _sort_key(value):
    return (value is None, "" if value is None else value)


def _in_model_order(rows, model):
    """``rows`` sorted as the model's Meta.ordering would return them (its plain field names only)."""
    for name in reversed([o for o in model._meta.ordering if isinstance(o, str) and o != "?"]):
        descending, name = name.startswith("-"), name.lstrip("-")
        try:
            attname = model._meta.get_field(name).attname
            rows.sort(key=lambda row, attname=attname: _sort_key(getattr(row, attname)), reverse=descending)
        except (FieldDoesNotExist, AttributeError, TypeError):
            continue  # a lookup across a relation, or values that do not compare: leave that key out
    return rows


def draft_related_rows(obj, entry):
    """(model, fk field, rows): the related rows as the draft entry would leave them, in memory."""
    model = apps.get_model(entry["model"])
    fk = model._meta.get_field(entry["fk"])
    deleted = set(entry.get("deleted", []))
    changed = entry.get("changed", {})
    rows = []
    for row in model._base_manager.filter(**{fk.name: obj}):
        if str(row.pk) in deleted:
            continue
        rows.append(_set_values(row, changed.get(str(row.pk), {})))
    for values in entry.get("added", []):
        row = model(**{fk.name: obj})
        rows.append(_set_values(row, values))
    return model, fk, _in_model_order(rows, model)


def apply_draft_inlines(obj, draft):
    """Make ``obj``'s related managers (``office.coverage.all()``) return the draft's rows, in memory, as a
    prefetch would: for preview. Nothing is saved."""
    if draft is None:
        return obj
    for entry in (draft.data or {}).get(INLINES_KEY, {}).values():
        try:
            model, fk, rows = draft_related_rows(obj, entry)
        except (LookupError, KeyError, FieldDoesNotExist):
            continue  # a model or relation removed since the draft was saved
        queryset = model._default_manager.filter(**{fk.name: obj})
        queryset._result_cache, queryset._prefetch_done = rows, True
        if not hasattr(obj, "_prefetched_objects_cache"):
            obj._prefetched_objects_cache = {}
        obj._prefetched_objects_cache[fk.remote_field.cache_name] = queryset
    return obj


def _form_initial(model, values):
    """Serialised {attname: value} as form initial data ({field name: value})."""
    initial = {}
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for attname, raw in values.items():
        field = fields.get(attname)
        if field is not None:
            initial[field.name] = None if raw is None else field.to_python(raw)
    return initial


class DraftInlineFormSetMixin:
    """An inline formset that, unbound, shows a draft's rows: changed values and deletions (ticked) on the
    live rows, added rows as extra forms. Bound, it is the plain formset, so a form's changes are counted
    against the live rows: a publisher's save applies the draft, an editor's save makes it anew."""

    def __init__(self, *args, draft_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft_rows = None if self.is_bound else draft_rows
        if self.draft_rows:
            added = [_form_initial(self.model, values) for values in self.draft_rows.get("added", [])]
            self.initial_extra = list(self.initial_extra or []) + added
            self.extra += len(added)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not self.draft_rows or index is None or index >= self.initial_form_count():
            return kwargs
        pk = str(self.get_queryset()[index].pk)
        initial = _form_initial(self.model, self.draft_rows.get("changed", {}).get(pk, {}))
        if self.can_delete and pk in self.draft_rows.get("deleted", []):
            initial["DELETE"] = True
        if initial:
            kwargs["initial"] = {**kwargs.get("initial", {}), **initial}
        return kwargs
