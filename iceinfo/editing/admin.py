"""Admin for the site-wide content. Every translated field gets language tabs, offline.

``PublishableAdminMixin`` holds the editing rules every admin of publishable content shares (see
``iceinfo.editing.drafts``): editors without the publish permission cannot change status or schedule and
their changes to a live item, its inline rows included, are kept as a draft; a save based on a stale
copy is refused (optimistic locking) with the editor's input kept in the form; staff can preview drafts.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from iceinfo.editing import drafts as editing
from iceinfo.editing import review
from iceinfo.editing.chooser import LinkChooserWidget, describe, target_of
from iceinfo.editing.history import HistoryCompareMixin, ReadableChanges
from iceinfo.editing.images import ImageListMixin, KeepUploadsForm
from iceinfo.editing.ordering import OrderedChangeListMixin, OrderedInlineMixin
from iceinfo.editing.preview import mark_private, render_preview
from iceinfo.editing.tree import PageTreeMixin
from iceinfo.editing.widgets import RichTextAdminMixin, media_with_nonce
from iceinfo.localize import localized_field
from iceinfo.models import (
    Alert,
    ContentDraft,
    Link,
    LinkGroup,
    Page,
    ReviewState,
    SiteSettings,
    Source,
    Status,
    has_sources,
)
from iceinfo.views import PageDetailView


class EditConflict(Exception):
    """The row changed between the form's checks and the save (a race the form check did not see)."""


class SourceInline(GenericTabularInline):
    """The sources of a piece of content (shown under it as "Sources"), on every content admin."""

    model = Source
    extra = 0
    fields = ("url", "title", "date", "order")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# Changing these does not change what the content says, so it keeps its content date.
NOT_CONTENT_FIELDS = {"status", "publish_at", "unpublish_at", "order", "edit_token", "review_comment", "content_date"}
# Form fields that are no model field and are shown by the change form's own templates.
FORM_ONLY_FIELDS = ("edit_token", "review_comment")


def stamp_content_date(obj, form):
    """When an editor changes the content of an item, its content date becomes today, unless they set it."""
    if not hasattr(obj, "content_date") or "content_date" in form.changed_data:
        return
    if set(form.changed_data) - NOT_CONTENT_FIELDS:
        obj.content_date = timezone.localdate()


class TranslatedErrorsForm(KeepUploadsForm, forms.ModelForm):
    """A model's own checks name its fields (``photo_alt``); the tabbed form has one field per language
    (``photo_alt_en`` …). Such an error goes on the default language's field, or above the form.
    A file chosen in a submit that comes back with an error is kept for the next one (KeepUploadsForm)."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped = {}
            for name, errors_of_field in errors.error_dict.items():
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    localized = localized_field(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
                    name = localized if localized in self.fields else NON_FIELD_ERRORS
                remapped.setdefault(name, []).extend(errors_of_field)
            errors = ValidationError(remapped)
        super()._update_errors(errors)


class ContentAdmin(
    ImageListMixin,
    RichTextAdminMixin,
    HistoryCompareMixin,
    OrderedChangeListMixin,
    TabbedTranslationAdmin,
    SimpleHistoryAdmin,
):
    """Base for translated content: language tabs, revision history (with a Changes column and a
    comparison of any two versions) and drag-and-drop for an ``order`` column in ``list_editable``.

    Content models (``has_sources``) also get their sources inline and a content date that follows
    the editors' changes (``stamp_content_date``)."""

    object_history_form_template = "admin/iceinfo/object_history_form.html"
    form = TranslatedErrorsForm

    class Media:
        # A warning before leaving a changed form, and a copy of it that survives a session expiry;
        # language tabs named and remembered.
        # Tables that fit a 1280 px screen and a phone (language menu for inline tables, stacked lists).
        js = ["js/admin-unsaved.js", "js/admin-tabs.js", "js/admin-lists.js"]
        css = {"all": ["css/admin-structure.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # modeltranslation's per-language copy of a field
        if formfield is not None and language and isinstance(formfield.widget, (forms.TextInput, forms.Textarea)):
            # Arabic mixed with Latin names shows in the right order; the browser spell-checks in that language.
            formfield.widget.attrs.update({"dir": "auto", "lang": language})
        return formfield

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if has_sources(self.model) and SourceInline not in inlines:
            inlines.append(SourceInline)
        return inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not has_sources(self.model) or not self.fieldsets:
            return fieldsets  # without declared fieldsets every field, content_date included, is in the form
        named = {name for _title, options in fieldsets for name in options["fields"]}
        if "content_date" in named:
            return fieldsets
        return [*fieldsets, (_("Sources and dates"), {"fields": ["content_date"]})]

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        stamp_content_date(obj, form)
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if getattr(request, "_iceinfo_draft_saved", False) or not hasattr(obj, "content_date"):
            return
        # A change of sources alone is a change of the content too.
        if "content_date" not in form.changed_data and any(
            formset.model is Source and formset.has_changed() for formset in formsets
        ):
            today = timezone.localdate()
            if obj.content_date != today:
                type(obj)._base_manager.filter(pk=obj.pk).update(content_date=today)
                obj.content_date = today

    def get_view_on_site_url(self, obj=None):
        """The public page itself, in the admin's language (not Django's /admin/r/ redirect, always English)."""
        if obj is None or self.view_on_site is not True or not hasattr(obj, "get_absolute_url"):
            return super().get_view_on_site_url(obj)
        return obj.get_absolute_url()

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    # The rich-text editor's import map is an inline script: render the form media with the CSP nonce.
    # A submitted form shown again (it or an inline had an error) keeps the files chosen in it.
    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = media_with_nonce(context.get("media"), request)
        form = getattr(context.get("adminform"), "form", None)
        if request.method == "POST" and isinstance(form, KeepUploadsForm):
            form.keep_uploads()
        return super().render_change_form(request, context, *args, **kwargs)

    def render_history_view(self, request, template, context, **kwargs):  # simple_history's revert form
        if "media" in context:
            context["media"] = media_with_nonce(context["media"], request)
        return super().render_history_view(request, template, context, **kwargs)


class PublishableForm(TranslatedErrorsForm):
    """Carries the edit token the object was loaded with; refuses the save if the row moved on."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Sent with "Submit for review" (to the publishers) or "Publish" (to the draft's author).
    review_comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=review.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "dir": "auto"}),
    )
    editing_admin = None  # set by PublishableAdminMixin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["edit_token"] = editing.edit_token(type(self.instance), self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        submitted = (self.cleaned_data or {}).get("edit_token")
        if self.instance.pk and submitted:
            model = type(self.instance)
            if connection.in_atomic_block and connection.features.has_select_for_update:
                list(model._base_manager.select_for_update().filter(pk=self.instance.pk).values("pk"))
            current = editing.edit_token(model, self.instance.pk)
            if current and current != submitted:
                raise ValidationError(conflict_message(self.editing_admin, self.instance), code="edit_conflict")
        return cleaned


def conflict_message(model_admin, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    if editing.draft_for(obj) is not None:  # the history page shows the waiting draft at the top
        history += "#iceinfo-waiting-changes"
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
        gettext(
            "Someone else saved this item after you opened it, so your changes were not saved. "
            "What you typed is still in the form below: compare it with the current version, "
            "then reload the current version and apply your changes to it."
        ),
        url,
        gettext("Open the current version"),
        history,
        gettext("See what changed"),
    )


def list_save_message(counts):
    """(message, level) for a change list save: what went live, what became a draft, which drafts stayed."""
    parts = []
    if counts["live"]:
        parts.append(
            ngettext("%(count)s item was saved.", "%(count)s items were saved.", counts["live"])
            % {"count": counts["live"]}
        )
    if counts["kept_drafts"]:
        parts.append(
            ngettext(
                "%(count)s of them has a draft waiting for review: the draft was kept.",
                "%(count)s of them have drafts waiting for review: the drafts were kept.",
                counts["kept_drafts"],
            )
            % {"count": counts["kept_drafts"]}
        )
    if counts["drafts"]:
        parts.append(
            ngettext(
                "%(count)s published item was saved as a draft: visitors still see the old order "
                "until a publisher publishes it.",
                "%(count)s published items were saved as drafts: visitors still see the old order "
                "until a publisher publishes them.",
                counts["drafts"],
            )
            % {"count": counts["drafts"]}
        )
    return " ".join(parts), messages.WARNING if counts["drafts"] else messages.SUCCESS


class WaitingChangesFilter(admin.SimpleListFilter):
    """Items with a draft: changes waiting (any), waiting for review (submitted), or none."""

    title = _("changes waiting")
    parameter_name = "changes"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Has changes waiting")),
            ("review", _("Waiting for review")),
            ("none", _("No changes waiting")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value not in {"waiting", "review", "none"}:
            return queryset  # an unknown value lists everything (never an error page)
        drafts = ContentDraft.objects.filter(content_type=_content_type(queryset.model), object_id=OuterRef("pk"))
        if value == "review":
            drafts = drafts.filter(review_state=ReviewState.SUBMITTED)
        return queryset.filter(~Exists(drafts)) if value == "none" else queryset.filter(Exists(drafts))


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=True)


class PublishableAdminMixin:
    """Publishing rights, drafts of live items, optimistic locking and preview for Publishable models."""

    form = PublishableForm
    preview_view_class = None  # the public DetailView that renders one object

    # --- the change list: which items have changes waiting --------------------------------------
    def get_list_filter(self, request):
        return [*super().get_list_filter(request), WaitingChangesFilter]

    def get_list_display(self, request):
        # "Published" alone hid the waiting drafts: the status column also says what waits.
        return ["status_and_changes" if name == "status" else name for name in super().get_list_display(request)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(request, "_iceinfo_list_save", None) is not None:  # the change list
            drafts = ContentDraft.objects.filter(content_type=_content_type(self.model), object_id=OuterRef("pk"))
            queryset = queryset.annotate(
                iceinfo_changes_waiting=Exists(drafts),
                iceinfo_waiting_review=Exists(drafts.filter(review_state=ReviewState.SUBMITTED)),
            )
        return queryset

    @admin.display(description=_("status"), ordering="status")
    def status_and_changes(self, obj):
        status = obj.get_status_display()
        if getattr(obj, "iceinfo_waiting_review", False):
            return format_html(
                '{} <span class="iceinfo-changes-waiting">{}</span>', status, gettext("waiting for review")
            )
        if getattr(obj, "iceinfo_changes_waiting", False):
            return format_html('{} <span class="iceinfo-changes-waiting">{}</span>', status, gettext("changes waiting"))
        return status

    def history_view(self, request, object_id, extra_context=None):
        """The history also shows the changes that wait in a draft (the conflict message links here)."""
        extra_context = dict(extra_context or {})
        obj = self.model._base_manager.filter(pk=object_id).first() if str(object_id).isdigit() else None
        draft = editing.draft_for(obj) if obj is not None else None
        if draft is not None:
            extra_context.update({"pending_draft": draft, "pending_changes": review.draft_changes(obj, draft)})
        return super().history_view(request, object_id, extra_context)

    # --- permissions ---------------------------------------------------------------------------
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not editing.can_publish(request.user):
            fields += [name for name in editing.PUBLISHING_FIELDS if name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"editing_admin": self})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in FORM_ONLY_FIELDS]})
            for name, options in fieldsets
        ]

    # --- drafts --------------------------------------------------------------------------------
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        match = getattr(request, "resolver_match", None)
        if obj is not None and match and (match.url_name or "").endswith(("_change", "_preview")):
            editing.apply_draft(obj, editing.draft_for(obj))
        return obj

    def _draft_mode(self, request, stored_status):
        if not editing.is_published(stored_status):
            return False
        return not editing.can_publish(request.user) or "_save_draft" in request.POST

    def save_model(self, request, obj, form, change):
        request._iceinfo_draft_saved = False  # per object: the changelist saves several in one request
        list_save = getattr(request, "_iceinfo_list_save", None)
        publisher = editing.can_publish(request.user)
        submitting = not publisher and "_submit_review" in request.POST and list_save is None
        if not change or obj.pk is None:
            if not publisher:
                obj.status, obj.publish_at, obj.unpublish_at = Status.DRAFT, None, None
            super().save_model(request, obj, form, change)
            if submitting:
                self._submit_for_review(request, obj, form)
            return
        stored = type(obj)._base_manager.filter(pk=obj.pk).values("version", *editing.PUBLISHING_FIELDS).first()
        if stored is None:
            raise EditConflict
        if not publisher:  # server-side: whatever was posted, status and schedule stay as stored
            for name in editing.PUBLISHING_FIELDS:
                setattr(obj, name, stored[name])
        if self._draft_mode(request, stored["status"]):
            editing.save_draft(obj, list(form.fields), request.user)
            request._iceinfo_draft_saved = True
            if list_save is not None:
                list_save["drafts"] += 1
            if submitting:
                self._submit_for_review(request, obj, form)
            return
        token = (form.cleaned_data or {}).get("edit_token") or ""
        expected = int(token.split(".")[0]) if token.split(".")[0].isdigit() else stored["version"]
        if not editing.claim_version(obj, expected):
            raise EditConflict
        draft = editing.draft_for(obj) if list_save is None else None
        publishing = publisher and editing.is_published(obj.status)
        if publishing:
            obj._change_reason = review.author_reason(draft, request.user)  # history credits the draft's author
        super().save_model(request, obj, form, change)
        if list_save is None:
            if publishing or (publisher and draft is not None and draft.review_state == ReviewState.EDITING):
                editing.discard_draft(obj)  # the change form showed the draft: saving it published it
                if publishing and draft is not None:
                    self._notify(
                        request,
                        review.notify_published(
                            draft,
                            obj,
                            self._change_url(obj),
                            request,
                            by=request.user,
                            comment=(form.cleaned_data or {}).get("review_comment", ""),
                        ),
                    )
            elif draft is not None:
                # An item not live yet, saved live: a review request stays until a publisher publishes it.
                editing.drop_draft_fields(obj, list(form.fields))
            if submitting:
                self._submit_for_review(request, obj, form)
            return
        # A change list save (e.g. the order) changes only its columns: someone's pending draft stays,
        # without those columns, so publishing it later does not undo this change.
        list_save["live"] += 1
        if editing.drop_draft_fields(obj, list(form.fields)):
            list_save["kept_drafts"] += 1

    # --- review ---------------------------------------------------------------------------------
    def _change_url(self, obj):
        opts = obj._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def _notify(self, request, sent):
        if not sent:
            self.message_user(
                request,
                gettext("The email about it could not be sent; please tell the people concerned."),
                messages.WARNING,
            )

    def _submit_for_review(self, request, obj, form):
        comment = (form.cleaned_data or {}).get("review_comment", "").strip()
        draft = review.submit(obj, request.user, comment, getattr(request, "LANGUAGE_CODE", ""))
        request._iceinfo_submitted = True
        self._notify(request, review.notify_submitted(draft, obj, self._change_url(obj), request))

    def _send_back_view(self, request, object_id):
        obj = self.model._base_manager.filter(pk=object_id).first()
        if obj is None:
            raise Http404
        if not (editing.can_publish(request.user) and self.has_change_permission(request, obj)):
            raise PermissionDenied
        draft = editing.draft_for(obj)
        comment = request.POST.get("review_comment", "").strip()
        if draft is None:
            self.message_user(request, gettext("This item has no draft to send back."), messages.ERROR)
        elif len(comment) > review.COMMENT_MAX_LENGTH:
            self.message_user(
                request,
                gettext("The comment is too long: at most %(max)s characters.") % {"max": review.COMMENT_MAX_LENGTH},
                messages.ERROR,
            )
        else:
            review.send_back(draft, request.user, comment)
            author = draft.author.get_username() if draft.author else gettext("an editor")
            self.message_user(
                request,
                gettext(
                    "The draft was sent back to %(author)s. It stays a draft; visitors still see the published version."
                )
                % {"author": author},
                messages.SUCCESS,
            )
            self._notify(request, review.notify_sent_back(draft, obj, self._change_url(obj), request, by=request.user))
        return HttpResponseRedirect(request.path)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_iceinfo_draft_saved", False):
            # The draft also keeps the inline rows' changes; the live row and its relations are untouched.
            lost = editing.save_draft_inlines(form.instance, formsets)
            for formset in formsets:  # nothing saved live (the admin's change message reads these)
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if lost:
                self.message_user(
                    request,
                    gettext("These changes cannot be kept in a draft and were not saved: %(names)s.")
                    % {"names": ", ".join(str(formset.model._meta.verbose_name_plural) for formset in lost)},
                    messages.ERROR,
                )
            return
        super().save_related(request, form, formsets, change)

    def get_formsets_with_inlines(self, request, obj=None):
        # Inline formsets that can show a draft's rows (see editing.DraftInlineFormSetMixin).
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if issubclass(formset, BaseInlineFormSet):
                formset = type(formset.__name__, (editing.DraftInlineFormSetMixin, formset), {})
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "POST" or obj is None or obj.pk is None:
            return kwargs
        rows = editing.draft_inline_rows(editing.draft_for(obj), prefix)
        if rows:
            if rows.get("deleted") and not inline.has_delete_permission(request, obj):
                # This user cannot tick "delete": the rows the draft deletes are not shown (and stay deleted).
                kwargs["queryset"] = kwargs["queryset"].exclude(pk__in=rows["deleted"])
            kwargs["draft_rows"] = rows
        return kwargs

    def changelist_view(self, request, extra_context=None):
        request._iceinfo_list_save = {"drafts": 0, "live": 0, "kept_drafts": 0}
        return super().changelist_view(request, extra_context)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """One message per save, saying what really happened (Django's own says "changed successfully")."""
        if level == messages.SUCCESS:
            list_save = getattr(request, "_iceinfo_list_save", None)
            reverted = getattr(request, "_iceinfo_reverting", None)
            if list_save and any(list_save.values()):
                message, level = list_save_message(list_save)
            elif getattr(request, "_iceinfo_draft_saved", False):
                return  # response_change said "Saved as a draft"
            elif isinstance(reverted, models.Model):
                message = gettext("The %(name)s “%(obj)s” was reverted to the version you chose.") % {
                    "name": reverted._meta.verbose_name,
                    "obj": reverted,
                }
        return super().message_user(request, message, level, *args, **kwargs)

    def response_change(self, request, obj):
        if getattr(request, "_iceinfo_reverting", False):
            request._iceinfo_reverting = obj
        if getattr(request, "_iceinfo_draft_saved", False) and getattr(request, "_iceinfo_submitted", False):
            self.message_user(
                request,
                gettext(
                    "Saved as a draft and submitted for review: the publishers were told. Visitors still see "
                    "the published version until a publisher publishes it."
                ),
                messages.WARNING,
            )
        elif getattr(request, "_iceinfo_draft_saved", False):
            self.message_user(
                request,
                gettext("Saved as a draft: visitors still see the published version until a publisher publishes it."),
                messages.WARNING,
            )
        elif getattr(request, "_iceinfo_submitted", False):
            self.message_user(request, gettext("Submitted for review: the publishers were told."), messages.INFO)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_iceinfo_submitted", False):
            self.message_user(request, gettext("Submitted for review: the publishers were told."), messages.INFO)
        return super().response_add(request, obj, post_url_continue)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if object_id and request.method == "POST" and "_discard_draft" in request.POST:
            return self._discard_draft_view(request, object_id)
        if object_id and request.method == "POST" and "_send_back" in request.POST:
            return self._send_back_view(request, object_id)
        extra_context["can_publish"] = editing.can_publish(request.user)
        if object_id:
            extra_context.update(self._draft_context(request, object_id))
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            self.message_user(request, gettext("Someone else saved this item at the same moment; try again."),
                              messages.ERROR)
            return HttpResponseRedirect(request.path)
        return mark_private(response) if object_id else response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._iceinfo_reverting = True
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict:
            self.message_user(request, gettext("Someone else saved this item at the same moment; try again."),
                              messages.ERROR)
            return HttpResponseRedirect(request.path)

    def _draft_context(self, request, object_id):
        obj = self.model._base_manager.filter(pk=object_id).first()
        if obj is None:
            return {}
        context = {"can_publish": editing.can_publish(request.user), "is_published": obj.status == Status.PUBLISHED}
        if self.preview_view_class is not None:
            opts = self.model._meta
            context["preview_url"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])
        draft = editing.draft_for(obj)
        if draft is not None:
            context["pending_draft"] = draft
        return context

    def _discard_draft_view(self, request, object_id):
        obj = self.model._base_manager.filter(pk=object_id).first()
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        editing.discard_draft(obj)
        self.message_user(request, gettext("The draft was discarded; the form shows the published version."))
        return HttpResponseRedirect(request.path)

    # --- bulk publishing -----------------------------------------------------------------------
    actions = ["publish_selected"]

    def has_publish_permission(self, request, obj=None):
        return editing.can_publish(request.user) and self.has_change_permission(request, obj)

    @admin.action(permissions=["publish"], description=_("Publish selected %(verbose_name_plural)s"))
    def publish_selected(self, request, queryset):
        """Publish each selected item as a publisher's save would: its pending draft applied, a new
        version claimed, a history row and a log entry written, the content version bumped. An item whose
        draft also changes its rows (links, coverage) is left for its change form, which shows them."""
        counts = {"published": 0, "unchanged": 0, "with_rows": [], "conflicts": []}
        for obj in queryset:
            if not self.has_publish_permission(request, obj):
                raise PermissionDenied
            draft = editing.draft_for(obj)
            if draft is not None and (draft.data or {}).get(editing.INLINES_KEY):
                counts["with_rows"].append(str(obj))
                continue
            if obj.status == Status.PUBLISHED and draft is None:
                counts["unchanged"] += 1
                continue
            with transaction.atomic():
                editing.apply_draft(obj, draft)
                obj.status = Status.PUBLISHED
                if not editing.claim_version(obj, obj.version):
                    counts["conflicts"].append(str(obj))
                    continue
                obj.save()
                editing.discard_draft(obj)
                self.log_change(request, obj, [{"changed": {"fields": ["status"]}}])
            counts["published"] += 1
        self._report_publishing(request, counts)

    def _report_publishing(self, request, counts):
        if counts["published"]:
            self.message_user(
                request,
                ngettext("%(count)s item was published.", "%(count)s items were published.", counts["published"])
                % {"count": counts["published"]},
                messages.SUCCESS,
            )
        if counts["unchanged"]:
            self.message_user(
                request,
                ngettext(
                    "%(count)s item was already published and had no draft: nothing to publish.",
                    "%(count)s items were already published and had no draft: nothing to publish.",
                    counts["unchanged"],
                )
                % {"count": counts["unchanged"]},
                messages.INFO,
            )
        if counts["with_rows"]:
            self.message_user(
                request,
                gettext("Not published, because their drafts also change their rows: open each to publish it: %(names)s.")
                % {"names": ", ".join(counts["with_rows"])},
                messages.WARNING,
            )
        if counts["conflicts"]:
            self.message_user(
                request,
                gettext("Not published, because someone saved them at the same moment; try again: %(names)s.")
                % {"names": ", ".join(counts["conflicts"])},
                messages.ERROR,
            )

    # --- preview -------------------------------------------------------------------------------
    def get_urls(self):
        opts = self.model._meta
        extra = [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            )
        ]
        return extra + super().get_urls()

    def preview_view(self, request, object_id):
        if self.preview_view_class is None:
            raise Http404
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        editing.apply_draft_inlines(obj, editing.draft_for(obj))  # e.g. the office page shows the draft's coverage
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return render_preview(request, obj, self.preview_view_class, change_url=change_url)


class PublishableContentAdmin(PublishableAdminMixin, ContentAdmin):
    """ContentAdmin for Publishable models."""


@admin.register(SiteSettings)
class SiteSettingsAdmin(ContentAdmin):
    list_display = ("agency_name", "short_name", "tip_line_display", "updated_at")

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(PublishableContentAdmin):
    list_display = ("__str__", "level", "status", "publish_at", "unpublish_at", "order")
    list_editable = ("order",)
    list_filter = ("status", "level")
    search_fields = ("title", "message")


class LinkForm(TranslatedErrorsForm):
    """A link row: the editor finds the linked item by its title (``LinkChooserWidget``), which fills the
    hidden content type and id; the row shows the chosen item's title, kind and address."""

    chooser = forms.CharField(label=_("Page on this site"), required=False, widget=LinkChooserWidget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("content_type", "object_id"):
            if name in self.fields:
                self.fields[name].widget = forms.HiddenInput()
        if "chooser" in self.fields and "content_type" in self.fields:
            target = target_of(self["content_type"].value(), self["object_id"].value())
            self.fields["chooser"].widget.chosen = describe(target) if target is not None else None


class LinkInline(OrderedInlineMixin, TranslationTabularInline):
    model = Link
    form = LinkForm
    extra = 0
    # The item on this site is chosen by its title (no content type and id to type); the content type
    # and id are hidden inputs the chooser fills.
    fields = ("order", "label", "heading", "description", "url", "chooser", "content_type", "object_id", "icon")


@admin.register(LinkGroup)
class LinkGroupAdmin(PublishableContentAdmin):
    list_display = ("title", "placement", "status", "order")
    list_editable = ("order",)
    list_filter = ("placement", "status")
    search_fields = ("title", "links__label")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [LinkInline]


@admin.register(Page)
class PageAdmin(PageTreeMixin, PublishableContentAdmin):
    # The pages as a tree: each under its parent, indented, with a link to add a page under it.
    list_display = ("tree_title", "path", "status", "order", "add_child")
    list_editable = ("order",)
    list_filter = ("status", "parent")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("parent",)
    preview_view_class = PageDetailView


# --- accounts: only superusers grant superuser status or permissions -------------------------------
# Site administrators manage accounts and put them in groups (setup_roles' Editors, Publishers, Site
# administrators); they cannot tick "superuser", give an account permissions of its own, change what a
# group may do, or change a superuser's account (themselves included).
class SiteUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class SiteGroupAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("permissions")
        return fields


REVIEW_PANEL_ROWS = 50  # the oldest first; the list filter "changes waiting" shows every one


def _index_with_review_queue(index):
    """The admin's home page with the review queue: drafts waiting for review (publishers) and the
    staff member's own drafts (everyone)."""

    def view(request, extra_context=None):
        extra_context = dict(extra_context or {})
        user = request.user
        if user.is_active and user.is_staff:
            if editing.can_publish(user):
                extra_context["review_queue"] = review.queue_rows(
                    review.waiting_for_review()[:REVIEW_PANEL_ROWS], user, admin.site
                )
            extra_context["my_drafts"] = review.queue_rows(review.drafts_of(user)[:REVIEW_PANEL_ROWS], user, admin.site)
        return index(request, extra_context)

    return view


admin.site.index = _index_with_review_queue(admin.site.index)  # before admin.site.urls is read (project urls)

admin.site.site_header = _("ICE website administration")
admin.site.site_title = _("ICE website administration")
admin.site.index_title = _("Site content and accounts")

for _model, _admin_class in ((User, SiteUserAdmin), (Group, SiteGroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin_class)


def _totp_device_admin():
    """django-otp's TOTP device admin, with a 404 (not a 500) for a device that does not exist; the keys
    and QR codes stay hidden (settings.OTP_ADMIN_HIDE_SENSITIVE_DATA)."""
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    class SiteTOTPDeviceAdmin(TOTPDeviceAdmin):
        def config_view(self, request, pk):
            if not TOTPDevice.objects.filter(pk=pk).exists():
                raise Http404
            return super().config_view(request, pk)

        def qrcode_view(self, request, pk):
            if not TOTPDevice.objects.filter(pk=pk).exists():
                raise Http404
            return super().qrcode_view(request, pk)

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, SiteTOTPDeviceAdmin)


_totp_device_admin()


if settings.ADMIN_2FA:
    # Two-factor login for staff (django-otp): the login form asks for a TOTP code and the admin
    # only opens for a session verified with one. Devices are added under "TOTP devices".
    from django_otp.admin import OTPAdminSite

    admin.site.__class__ = OTPAdminSite
