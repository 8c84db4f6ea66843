"""Where to reach ICE: field offices (with the area each serves), HSI offices abroad, contact channels.

A field office's area of responsibility is kept twice: as the text visitors read (translated, in
the source's words) and as structured ``Coverage`` rows (state, optional county) that the locator
uses. A state split between offices lists counties for the offices that name them; an office that
covers a state with no county serves the rest of it (see ``contacts.locator``).
"""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iceinfo.localize import localize_path
from iceinfo.models import Publishable
from iceinfo.validators import validate_address

from . import geo
from .regions import STATE_CHOICES, state_name


def tel_href(phone):
    """A tel: target (+1 and ten digits) for a U.S. number as written, or "" when it has no digits."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 10:
        digits = "1" + digits
    return f"+{digits}" if digits else ""


def county_display(county):
    """A county as a list shows it under "these counties:": its name without the word "County"
    ("Harris County" -> "Harris"), so that it reads the same in every language."""
    return county.removesuffix(" County")


class PostalPlace:
    """What a row with a U.S. postal address and a phone (``street``, ``city``, ``state``,
    ``zip_code``, ``phone``, ``latitude``, ``longitude``) shows and keeps: a field office, a
    detention facility. A plain mixin, no fields: each model declares its own."""

    def save(self, *args, **kwargs):
        # Coordinates always follow the ZIP code (offline look-up); an unknown ZIP clears them.
        self.latitude, self.longitude = geo.zip_coordinates(self.zip_code)
        super().save(*args, **kwargs)

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def locality(self):
        """City, ST ZIP on one line."""
        city_state = ", ".join(part for part in (self.city, self.state) if part)
        return " ".join(part for part in (city_state, self.zip_code) if part)

    @property
    def full_address(self):
        return ", ".join(part for part in (self.street, self.locality) if part)


class FieldOffice(PostalPlace, Publishable):
    class OfficeType(models.TextChoices):
        ERO = "ero", _("Enforcement and Removal Operations (ERO)")
        HSI = "hsi", _("Homeland Security Investigations (HSI)")
        OPLA = "opla", _("Office of the Principal Legal Advisor (OPLA)")
        OPR = "opr", _("Office of Professional Responsibility (OPR)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The last part of the page's address."))
    office_type = models.CharField(
        _("office type"), max_length=8, choices=OfficeType.choices, default=OfficeType.ERO, db_index=True
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("As it should be shown, e.g. (404) 893-1290.")
    )
    email = models.EmailField(_("email"), blank=True)
    area_of_responsibility = models.TextField(
        _("area of responsibility"),
        blank=True,
        help_text=_("The area this office serves, as visitors read it. Also list it as coverage below."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Shown to visitors on the office's page."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where these facts come from (for editors; not shown).")
    )
    verified_on = models.DateField(
        _("verified on"), null=True, blank=True, help_text=_("When an editor last checked these facts (not shown).")
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("The date of the source the address and phone come from. Visitors see its month and year."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("field office")
        verbose_name_plural = _("field offices")
        indexes = [
            # The list and the locator read live offices in list order, count them, and order them by
            # distance: this one index answers all three without reading the (wide, translated) rows,
            # so only the page's 25 rows are read, however many offices there are. ("id" is implicit
            # in SQLite's indexes; PostgreSQL needs it listed for index-only scans.)
            models.Index(
                fields=[
                    "status", "order", "slug", "publish_at", "unpublish_at", "office_type", "latitude", "longitude", "id"
                ],
                name="fieldoffice_listing",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:fieldoffice_detail", kwargs={"slug": self.slug})

    @classmethod
    def link_target_queryset(cls):
        """What Link (and the link chooser) needs to build this item's address: the row alone."""
        return cls.objects.all()

    @property
    def coverage_by_state(self):
        """[{code, name, counties: [...]}] from the (prefetched) coverage rows, in state order."""
        states = {}
        for row in self.coverage.all():
            entry = states.setdefault(row.state, {"code": row.state, "name": state_name(row.state), "counties": []})
            if row.county:
                entry["counties"].append(county_display(row.county))
        return sorted(states.values(), key=lambda entry: str(entry["name"]))

    @property
    def state_codes(self):
        return sorted({row.state for row in self.coverage.all()})


class Coverage(models.Model):
    """One state or territory an office serves; with a county when the state is split by county."""

    office = models.ForeignKey(FieldOffice, on_delete=models.CASCADE, related_name="coverage", verbose_name=_("office"))
    state = models.CharField(_("state or territory"), max_length=2, choices=STATE_CHOICES, db_index=True)
    county = models.CharField(
        _("county"),
        max_length=100,
        blank=True,
        help_text=_(
            "Only where the state is split between offices by county. Leave empty when the office "
            "serves the whole state, or the part of it not listed for another office."
        ),
    )

    class Meta:
        ordering = ["state", "county"]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        constraints = [
            models.UniqueConstraint(fields=["office", "state", "county"], name="coverage_unique_office_state_county")
        ]

    def __str__(self):
        return f"{self.state} {self.county}".strip()


class InternationalOffice(Publishable):
    """A Homeland Security Investigations office abroad."""

    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=100, help_text=_("For example Europe, or the Americas."))
    country = models.CharField(_("country"), max_length=100)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True, help_text=_("For editors; not shown."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("HSI international office")
        verbose_name_plural = _("HSI international offices")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:internationaloffice_list") + f"#office-{self.pk}"

    @property
    def phone_href(self):
        return tel_href(self.phone)


class ContactChannel(Publishable):
    """A way to reach ICE: a line, an address or a page (General Information, Media Inquiries, ...)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("anchor"), max_length=80, unique=True, help_text=_("Its anchor on the contact page."))
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(
        _("phone as shown"), max_length=60, blank=True, help_text=_("For example 1-866-DHS-2-ICE.")
    )
    phone_tel = models.CharField(
        _("phone digits"), max_length=20, blank=True, help_text=_("Digits for the tel: link, e.g. +18663472423.")
    )
    email = models.EmailField(_("email"), blank=True)
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("A path on this site (/contact/field-offices/) or a full https:// address."),
    )
    link_text = models.CharField(_("link text"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True, help_text=_("For editors; not shown."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:contact_list") + f"#{self.slug}"

    def clean(self):
        super().clean()
        validate_address(self.url, "url")

    @property
    def href(self):
        """The channel's link in the visitor's language (site paths are written in English)."""
        return localize_path(self.url)

    @property
    def phone_href(self):
        return self.phone_tel or tel_href(self.phone)
