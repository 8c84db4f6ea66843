"""Review of drafts (issue #21, item 6): an editor submits a draft for review (with an optional comment),
a publisher publishes it or sends it back (with a comment); the people concerned get an email, the
admin index lists what waits, and history credits the draft's author.

The review lives on the draft (``iceinfo.models.ContentDraft``): a submitted draft of a published item
carries the changed values; a submitted item that was never published has a draft with no values,
which only asks a publisher to look at it. No HTTP here beyond building links; iceinfo.editing.admin
wires these into the admin.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from iceinfo.editing import drafts as editing
from iceinfo.editing.history import AUTHOR_REASON_PREFIX, displayed, readable, translated_originals, word_diff
from iceinfo.localize import absolute_url
from iceinfo.models import ContentDraft, ReviewState

logger = logging.getLogger(__name__)

COMMENT_MAX_LENGTH = 2000


# --- state changes ---------------------------------------------------------------------------------
def submit(obj, user, comment="", language=""):
    """Mark ``obj``'s draft as waiting for review (a draft with no values for an item never published)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    draft, _created = ContentDraft.objects.select_for_update().get_or_create(
        content_type=content_type, object_id=obj.pk, defaults={"base_version": obj.version, "author": user}
    )
    if draft.author_id is None:
        draft.author = user
    draft.review_state = ReviewState.SUBMITTED
    draft.submitted_by, draft.submitted_at = user, timezone.now()
    draft.submit_comment = comment
    draft.submitted_language = language or ""
    draft.returned_by, draft.returned_at, draft.return_comment = None, None, ""
    draft.save()
    return draft


def send_back(draft, user, comment=""):
    draft.review_state = ReviewState.RETURNED
    draft.returned_by, draft.returned_at, draft.return_comment = user, timezone.now(), comment
    draft.save(update_fields=["review_state", "returned_by", "returned_at", "return_comment", "updated_at"])
    return draft


def author_reason(draft, publisher):
    """The history_change_reason that credits the draft's author, when someone else publishes it."""
    if draft is None or draft.author_id is None or draft.author_id == getattr(publisher, "pk", None):
        return None
    return f"{AUTHOR_REASON_PREFIX}{draft.author_id}"


# --- what waits --------------------------------------------------------------------------------------
def _objects_of(drafts):
    """{(content type id, object id): object} for the drafts, one query per model."""
    by_type = {}
    for draft in drafts:
        by_type.setdefault(draft.content_type_id, []).append(draft.object_id)
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._base_manager.filter(pk__in=ids):
            found[(type_id, obj.pk)] = obj
    return found


def queue_rows(drafts, user, admin_site):
    """Rows for the review panels: item, its type, author, dates, comments and its change form's address,
    for the drafts whose item ``user`` may change in ``admin_site``."""
    drafts = list(drafts.select_related("author", "submitted_by", "returned_by", "content_type"))
    objects = _objects_of(drafts)
    rows = []
    for draft in drafts:
        obj = objects.get((draft.content_type_id, draft.object_id))
        if obj is None:
            continue
        model_admin = admin_site._registry.get(type(obj))
        if model_admin is None or not model_admin.has_change_permission(_UserRequest(user), obj):
            continue
        opts = obj._meta
        rows.append(
            {
                "draft": draft,
                "object": obj,
                "kind": opts.verbose_name,
                "url": reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
                "never_published": not editing.is_published(getattr(obj, "status", None)),
            }
        )
    return rows


class _UserRequest:
    """Enough of a request for ModelAdmin permission checks."""

    def __init__(self, user):
        self.user = user


def waiting_for_review():
    return ContentDraft.objects.filter(review_state=ReviewState.SUBMITTED).order_by("submitted_at", "pk")


def drafts_of(user):
    return ContentDraft.objects.filter(author=user).order_by("-updated_at", "-pk")


# --- what a draft changes ----------------------------------------------------------------------------
def draft_changes(obj, draft):
    """[{field, old, new}] of the draft's values against the live row (the other person's waiting changes)."""
    if draft is None:
        return []
    model = type(obj)
    live = model._base_manager.filter(pk=obj.pk).first()
    if live is None:
        return []
    hidden = translated_originals(model)
    fields = {field.attname: field for field in model._meta.concrete_fields}
    changes = []
    for attname, raw in (draft.data or {}).items():
        field = fields.get(attname)
        if field is None or field.name in hidden:
            continue
        try:
            new_value = None if raw is None else field.to_python(raw)
        except Exception:  # noqa: BLE001 - a value the field no longer accepts is shown as stored
            new_value = raw
        if field.is_relation:
            old_value, new_value = getattr(live, field.name, None), _related(field, new_value)
        else:
            old_value = getattr(live, attname)
        old, new = readable(displayed(field, old_value)), readable(displayed(field, new_value))
        if old == new:
            continue
        old_html, new_html = word_diff(old, new)
        changes.append({"field": capfirst(field.verbose_name), "old": old_html, "new": new_html})
    rows = (draft.data or {}).get(editing.INLINES_KEY, {})
    for entry in rows.values():
        try:
            related = field_label(entry)
        except (LookupError, KeyError, FieldDoesNotExist):
            continue
        changes.append({"field": related, "old": "", "new": gettext("rows changed")})
    return changes


def _related(field, pk):
    if pk is None:
        return None
    return field.related_model._base_manager.filter(pk=pk).first()


def field_label(entry):
    return capfirst(apps.get_model(entry["model"])._meta.verbose_name_plural)


# --- email ---------------------------------------------------------------------------------------------
def publishers(exclude=None):
    """Active staff with the publish permission and an email address."""
    app_label, codename = editing.PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    query = Q(is_superuser=True)
    if permission is not None:
        query |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    users = get_user_model()._default_manager.filter(query, is_active=True, is_staff=True).exclude(email="")
    if exclude is not None and exclude.pk:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct().order_by("pk"))


def _send(recipients, language, subject_and_body):
    """Send one email per language; a failure is logged, never an error page (the change was saved)."""
    if not recipients:
        return True
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body = subject_and_body()
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # noqa: BLE001 - the mail server is down or refuses: say so, keep the change
        logger.exception("review email not sent", extra={"recipients": len(recipients)})
        return False
    return True


def _name(user):
    if user is None:
        return gettext("an editor")
    return user.get_full_name() or user.get_username()


def notify_submitted(draft, obj, url, request=None):
    """To every publisher (but the submitter): a draft waits for review."""
    recipients = [user.email for user in publishers(exclude=draft.submitted_by)]
    link = absolute_url(request, url)

    def message():
        values = {"name": obj._meta.verbose_name, "item": obj, "author": _name(draft.submitted_by)}
        subject = gettext("Waiting for review: %(name)s “%(item)s”") % values
        lines = [gettext("%(author)s submitted changes to the %(name)s “%(item)s” for review.") % values]
        if draft.submit_comment:
            lines += ["", gettext("Their comment:"), draft.submit_comment]
        lines += ["", gettext("Review and publish them, or send them back, here:"), link]
        return subject, "\n".join(lines)

    # Publishers' admin language is not stored: the site's default language.
    return _send(recipients, settings.LANGUAGE_CODE, message)


def _to_author(draft, obj, url, request, subject_text, intro_text, comment, by):
    author = draft.author
    if author is None or not author.email or author.pk == getattr(by, "pk", None):
        return True
    link = absolute_url(request, url)

    def message():
        values = {"name": obj._meta.verbose_name, "item": obj, "publisher": _name(by)}
        lines = [intro_text() % values]
        if comment:
            lines += ["", gettext("Their comment:"), comment]
        lines += ["", link]
        return subject_text() % values, "\n".join(lines)

    return _send([author.email], draft.submitted_language, message)


def notify_published(draft, obj, url, request=None, by=None, comment=""):
    """To the draft's author: a publisher published it."""
    return _to_author(
        draft,
        obj,
        url,
        request,
        lambda: gettext("Published: %(name)s “%(item)s”"),
        lambda: gettext("%(publisher)s published your changes to the %(name)s “%(item)s”."),
        comment,
        by,
    )


def notify_sent_back(draft, obj, url, request=None, by=None):
    """To the draft's author: a publisher sent it back, with their comment."""
    return _to_author(
        draft,
        obj,
        url,
        request,
        lambda: gettext("Sent back: %(name)s “%(item)s”"),
        lambda: gettext(
            "%(publisher)s sent your changes to the %(name)s “%(item)s” back to you. They are kept as a draft."
        ),
        draft.return_comment,
        by,
    )
