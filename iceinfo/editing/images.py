"""Images in the admin (issue #21, item 10): a thumbnail instead of a hex file name, in the change form
(``ThumbnailFileInput``, for every ImageField) and in change lists (``ImageListMixin`` adds a column).
The image is the stored file itself, scaled by CSS (static/css/admin-structure.css); alt text is empty
where the item's name stands next to it, and names the image in the form."""

from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
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


class ThumbnailFileInput(AdminFileWidget):
    """The admin's file input, with the current image shown above "Currently: …"."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
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
