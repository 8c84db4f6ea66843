"""Fixture helper: the site as `manage.py load_seed_content` builds it."""

import io

from django.core.management import call_command

from iceinfo.models import Page, Status
from iceinfo.seeding import SEED_DIR


def load_site_seed():
    if not any(SEED_DIR.glob("045_*.yaml")):
        # The Data page belongs to the open-data seed file (contacts developer); stand in for it
        # until that file exists so the identifier link can be checked.
        Page.objects.create(title_en="Data", slug_en="data", status=Status.PUBLISHED)
    call_command("load_seed_content", verbosity=0, stdout=io.StringIO())
