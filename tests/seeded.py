"""The site as `manage.py load_seed_content` builds it, and one URL of every public page type."""

import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation


def load_site_seed():
    call_command("load_seed_content", verbosity=0, stdout=io.StringIO())


def public_urls(language):
    """One URL of every public page type in ``language``, built from the seeded database."""
    from contacts.models import FieldOffice
    from directorates.models import Directorate
    from facilities.models import DetentionFacility
    from iceinfo.models import Page

    with translation.override(language):
        field_offices = reverse("contacts:fieldoffice_list")
        facilities = reverse("facilities:facility_list")
        return [
            reverse("iceinfo:home"),
            reverse("iceinfo:languages"),
            Directorate.objects.published().first().get_absolute_url(),
            reverse("directorates:directorate_list"),
            reverse("directorates:leader_list"),
            Page.objects.published().filter(parent__isnull=True).first().get_absolute_url(),
            Page.objects.published().filter(parent__isnull=False).first().get_absolute_url(),
            reverse("contacts:contact_list"),
            reverse("contacts:internationaloffice_list"),
            field_offices,
            field_offices + "?zip=77060",  # results
            field_offices + "?zip=abcde",  # an error message
            field_offices + "?state=TX&type=ero",  # a filtered list
            field_offices + "?zip=99999",  # an unknown ZIP
            FieldOffice.objects.published().first().get_absolute_url(),  # with its detention facilities
            field_offices + "?zip=96799",  # American Samoa: no field office covers it
            facilities,
            facilities + "?zip=98421",  # nearest first, with distances
            facilities + "?zip=abcde",  # an error message
            DetentionFacility.objects.get(slug="northwest-ice-processsing-center").get_absolute_url(),
            DetentionFacility.objects.get(slug="miami-staging-facility").get_absolute_url(),  # no street, no page
            reverse("iceinfo:search"),  # suggestions
            reverse("iceinfo:search") + "?q=investigations",  # results
            reverse("iceinfo:search") + "?q=qwxzzyq",  # nothing found
            reverse("news:newsrelease_list"),  # the empty state (the seed has no news)
            reverse("news:statement_list"),
            reverse("iceinfo:site_map"),
            reverse("iceinfo:content_inventory"),
        ]


def take_some_offline(models, last):
    """Every seeded row of ``models`` is live; three go offline in three ways: a page (one without
    children) becomes a draft, a directorate's end date passes, and the first row of the model ``last``
    gets a start date to come. Returns (page, directorate, that row), so that a test works out what a
    list shows from these, not with the views' published() filter."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from directorates.models import Directorate
    from iceinfo.models import Page, Status

    for model in models:
        assert not model.objects.exclude(status=Status.PUBLISHED).exists(), model
        assert not model.objects.filter(Q(publish_at__isnull=False) | Q(unpublish_at__isnull=False)).exists(), model
    now = timezone.now()
    page = Page.objects.filter(children__isnull=True).order_by("pk").first()
    Page.objects.filter(pk=page.pk).update(status=Status.DRAFT)
    directorate = Directorate.objects.order_by("pk").first()
    Directorate.objects.filter(pk=directorate.pk).update(unpublish_at=now - timedelta(days=1))
    row = last.objects.order_by("pk").first()
    last.objects.filter(pk=row.pk).update(publish_at=now + timedelta(days=1))
    return page, directorate, row
