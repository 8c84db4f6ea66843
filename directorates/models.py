"""Directorates and offices of the agency (ERO, HSI, M&A, OPLA; OPR), and the people who lead them."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iceinfo.models import Publishable, validate_translated_slugs_unique
from iceinfo.richtext import RichTextField

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MIN_SIDE = 100
PHOTO_MAX_SIDE = 4000
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


class Directorate(Publishable):
    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", _("Directorate")
        OFFICE = "office", _("Office")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, help_text=_("For example ERO."))
    # Unique across every language (see clean()); a unique=True here would also be copied onto the
    # historical table's per-language columns by simple_history and break the second revision.
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("The last part of the page's address."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DIRECTORATE)
    summary = RichTextField(_("summary"), blank=True, help_text=_("Shown on the home page."))
    body = RichTextField(_("body"), blank=True, help_text=_("Its own page; the summary is shown when this is empty."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("directorate or office")
        verbose_name_plural = _("directorates and offices")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        validate_translated_slugs_unique(self, _("Another directorate or office already uses this address."))

    def get_absolute_url(self):
        return reverse("directorates:directorate_detail", kwargs={"slug": self.slug})

    @classmethod
    def link_target_queryset(cls):
        """What Link needs to build this directorate's address without more queries."""
        return cls.objects.all()


def validate_photo(file):
    """Image types only, at most 2 MB, between 100 and 4000 pixels on each side."""
    if file.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is too large: at most 2 MB."))
    image = getattr(file, "image", None)  # set by ImageField's form field after Pillow verified it
    if image is None:
        from PIL import Image, UnidentifiedImageError

        try:
            file.seek(0)
            with Image.open(file) as opened:
                image = opened
                image_format, size = opened.format, opened.size
        except (UnidentifiedImageError, OSError) as exc:
            raise ValidationError(_("Upload a JPEG, PNG or WebP image.")) from exc
        finally:
            file.seek(0)
    else:
        image_format, size = image.format, image.size
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
    width, height = size
    if min(width, height) < PHOTO_MIN_SIDE or max(width, height) > PHOTO_MAX_SIDE:
        raise ValidationError(_("The photo must be between 100 and 4000 pixels wide and high."))


def photo_path(instance, filename):
    """A safe, unguessable name under MEDIA_ROOT/leaders/; only the extension is kept."""
    extension = Path(filename).suffix.lower().lstrip(".")
    if extension not in PHOTO_EXTENSIONS:
        extension = "jpg"
    return f"leaders/{uuid.uuid4().hex}.{extension}"


class Leader(Publishable):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200, help_text=_("The position, e.g. Director."))
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leaders",
        verbose_name=_("directorate or office"),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=photo_path,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_photo],
        help_text=_("Optional. JPEG, PNG or WebP, at most 2 MB, 100 to 4000 pixels on each side."),
    )
    photo_alt = models.CharField(
        _("photo description"), max_length=250, blank=True, help_text=_("Required with a photo: what it shows.")
    )
    bio = RichTextField(_("biography"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt:
            raise ValidationError({"photo_alt": _("Describe the photo for people who cannot see it.")})

    def get_absolute_url(self):
        return reverse("directorates:leader_detail", kwargs={"slug": self.slug})

    @classmethod
    def link_target_queryset(cls):
        return cls.objects.all()
