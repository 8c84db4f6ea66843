"""Images in the admin (issue #21, item 10): a thumbnail instead of a hex file name, in the change form
(``ThumbnailFileInput``, for every ImageField) and in change lists (``ImageListMixin`` adds a column).
The image is the stored file itself, scaled by CSS (static/css/admin-structure.css); alt text is empty
where the item's name stands next to it, and names the image in the form.

A file chosen in a form that comes back with an error (a missing photo description, a slug taken) is
not lost (``KeepUploadsForm``): the browser cannot refill a file input, so the upload is kept in the
media storage under ``pending-uploads/`` and the form carries a signed reference to it; the next submit
without a new file uses it again (validated again like any upload) and deletes the kept copy."""

import posixpath
import uuid

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.forms import FileField
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def image_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.ImageField)]


def _url(value):
    try:
        return value.url if value else ""
    except ValueError:  # no file attached
        return ""


PENDING_DIR = "pending-uploads"
KEPT_SALT = "iceinfo.editing.images.kept-upload"
KEPT_MAX_AGE = 24 * 3600  # a kept upload is offered again for a day
KEPT_SUFFIX = "__kept"


class KeepUploadsForm:
    """Form mixin: files chosen in a submit that fails validation are kept for the next submit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            token = self.data.get(key + KEPT_SUFFIX)
            if not isinstance(field, FileField) or not token or self.files.get(key):
                continue
            restored = _restore(token)
            if restored is not None:
                self.files = self.files.copy()
                self.files[key] = restored

    def keep_uploads(self):
        """Keep the files chosen in this submit, which is shown again (the form or an inline had an error)."""
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name)) if isinstance(field, FileField) else None
            if upload is None or name in self.errors:  # nothing chosen, or the file itself is refused
                continue
            token = _keep(upload)
            if token:
                field.widget.kept = (upload.name, token)


def _keep(upload):
    """Store ``upload`` under pending-uploads/ and return a signed reference to it ("" on failure)."""
    extension = posixpath.splitext(upload.name)[1].lower()[:10]
    try:
        upload.seek(0)
        stored = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}{extension}", upload)
    except (OSError, ValueError):
        return ""
    return signing.dumps({"path": stored, "name": posixpath.basename(upload.name)[:200]}, salt=KEPT_SALT)


def _restore(token):
    """The kept upload ``token`` refers to, read back as a fresh upload (the kept copy is deleted);
    None when the token is forged, too old or its file is gone."""
    try:
        kept = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
        path, name = kept["path"], kept["name"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not isinstance(path, str) or posixpath.dirname(path) != PENDING_DIR:
        return None
    try:
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
        default_storage.delete(path)
    except OSError:
        return None
    return SimpleUploadedFile(name, content)


class ThumbnailFileInput(AdminFileWidget):
    """The admin's file input, with the current image shown above "Currently: …", and the file kept
    from a submit that came back with an error (``KeepUploadsForm``) named, with its reference."""

    kept = None  # (file name, signed reference), set by KeepUploadsForm on this form's copy of the widget

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept:
            filename, token = self.kept
            html = format_html(
                '<p class="iceinfo-kept-upload">{}</p><input type="hidden" name="{}" value="{}">{}',
                gettext("Your file “%(name)s” is kept: it is saved with the form. Choose another file to replace it.")
                % {"name": filename},
                name + KEPT_SUFFIX,
                token,
                html,
            )
        url = _url(value) if self.is_initial(value) else ""
        if not url:
            return html
        return format_html(
            '<img class="iceinfo-thumbnail" src="{}" alt="{}" loading="lazy">{}', url, gettext("Current image"), html
        )


class ImageListMixin:
    """ModelAdmin mixin: a thumbnail of the model's first ImageField after the name column of the list,
    and ``ThumbnailFileInput`` for every ImageField in the form."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs["widget"] = ThumbnailFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        if image_fields(self.model) and "list_thumbnail" not in fields:
            fields.insert(1, "list_thumbnail")
        return fields

    @staticmethod
    def _thumbnail(obj):
        fields = image_fields(type(obj))
        url = _url(getattr(obj, fields[0].name)) if fields else ""
        if not url:
            return "-"
        return format_html(
            '<img class="iceinfo-thumbnail iceinfo-thumbnail--list" src="{}" alt="" loading="lazy">', url
        )

    def list_thumbnail(self, obj):
        return self._thumbnail(obj)

    list_thumbnail.short_description = _("image")
