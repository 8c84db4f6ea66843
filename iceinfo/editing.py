"""Editing rules shared by every admin of publishable content: who may publish, drafts of live rows,
and the optimistic lock ("edit token") that refuses a save based on a stale copy.

No HTTP here; iceinfo.admin wires these into the Django admin.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ContentDraft, Status

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
        except Exception:  # noqa: BLE001 - a form-only field
            continue
        if not field.concrete or field.many_to_many or isinstance(field, models.FileField):
            continue
        if field.name in PUBLISHING_FIELDS or field.primary_key or not field.editable:
            continue
        yield field


def serialize_fields(obj, names):
    """{attname: JSON-safe value} of the named model fields of ``obj``."""
    data = {}
    for field in _draftable_fields(type(obj), names):
        value = field.value_from_object(obj)
        data[field.attname] = None if value is None else field.value_to_string(obj)
    return data


def apply_draft(obj, draft):
    """Put the draft's values onto ``obj`` in memory (nothing is saved)."""
    if draft is None:
        return obj
    for attname, raw in draft.data.items():
        try:
            field = next(f for f in obj._meta.concrete_fields if f.attname == attname)
        except StopIteration:
            continue  # a field removed since the draft was saved
        setattr(obj, attname, None if raw is None else field.to_python(raw))
    return obj


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


def discard_draft(obj):
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
