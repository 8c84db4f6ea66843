"""Detention facilities ICE uses, and the facility types ICE's statistics name them by.

A facility belongs to the field office ICE assigns it to (``contacts.FieldOffice``): this app's one
reference to another domain app, a foreign key, so that an office's page can list its facilities
through the reverse relation (``office.detention_facilities``) without contacts importing this app.
Coordinates follow the ZIP code, offline, through the locator's own place data (``contacts.geo``),
so the directory orders facilities by distance with the locator's engine.

The name stays as ICE spells it (typos included: it is how ICE's lists and records name the
place); the type's explanation and the notes are translated.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.models import FieldOffice, PostalPlace
from contacts.regions import STATE_CHOICES
from iceinfo.models import Publishable

_url = URLValidator(schemes=["https"])


def validate_source_lines(value):
    """Every non-empty line of ``value`` is one https:// address."""
    for line in (value or "").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            _url(line)
        except ValidationError as exc:
            raise ValidationError(
                _("Put one full https:// address on each line. This line is not one: %(line)s"),
                params={"line": line[:120]},
                code="invalid_source",
            ) from exc


class FacilityType(models.Model):
    """One of the codes ICE's detention statistics give a facility ("IGSA", "USMS IGA", ...)."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("As ICE writes it, e.g. USMS IGA."))
    label = models.CharField(_("name"), max_length=200, help_text=_("What the code stands for, in plain words."))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("What this type of facility is, for visitors. Say so if ICE does not define it.")
    )
    defined_by_ice = models.BooleanField(
        _("defined by ICE"), default=True, help_text=_("Untick when no ICE source defines the code.")
    )
    source = models.TextField(
        _("sources"), blank=True, validators=[validate_source_lines], help_text=_("One https:// address per line.")
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("facility type")
        verbose_name_plural = _("facility types")

    def __str__(self):
        return self.code

    @property
    def source_urls(self):
        return [line.strip() for line in self.source.splitlines() if line.strip()]


class DetentionFacility(PostalPlace, Publishable):
    name = models.CharField(_("name"), max_length=200, help_text=_("As ICE spells it."))
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The last part of the page's address."))
    facility_type = models.ForeignKey(
        FacilityType, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("facility type")
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES, blank=True, db_index=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("Only a number ICE published."))
    field_office = models.ForeignKey(
        FieldOffice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="detention_facilities",
        verbose_name=_("field office"),
        help_text=_("The office ICE assigns the facility to."),
    )
    ice_page_url = models.URLField(
        _("ice.gov page"),
        blank=True,
        validators=[_url],
        help_text=_("The facility's page on ice.gov (visiting rules and hours), a full https:// address."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Shown to visitors on the facility's page."))
    sources = models.TextField(
        _("sources"),
        blank=True,
        validators=[validate_source_lines],
        help_text=_("Where these facts come from, one https:// address per line. Shown to visitors."),
    )
    as_of = models.DateField(_("as of"), null=True, blank=True, help_text=_("The date of the source's data."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["state", "city", "name"]
        verbose_name = _("detention facility")
        verbose_name_plural = _("detention facilities")
        indexes = [
            # The directory counts and pages live facilities in list order, and orders them by
            # distance, from this index alone (the locator's ``listing`` columns; "id" for PostgreSQL).
            models.Index(
                fields=["status", "state", "city", "name", "publish_at", "unpublish_at", "slug", "latitude",
                        "longitude", "id"],
                name="facility_listing",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:facility_detail", kwargs={"slug": self.slug})

    @classmethod
    def link_target_queryset(cls):
        """What Link (and the link chooser) needs to build this item's address: the row alone."""
        return cls.objects.all()

    @property
    def source_urls(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]
