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
