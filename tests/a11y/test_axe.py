"""axe-core (offline, from the axe-playwright-python wheel) on every public page type.

Zero violations of the WCAG 2.0/2.1 A and AA rules, in English, Spanish and Arabic, at desktop and
phone widths. One test per language and width walks every page type, so the seed loads once.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}


def public_urls(language):
    """One URL of every public page type, in ``language`` (built from the seeded database)."""
    from contacts.models import FieldOffice
    from directorates.models import Directorate
    from iceinfo.models import Page

    with translation.override(language):
        field_offices = reverse("contacts:fieldoffice_list")
        urls = [
            reverse("iceinfo:home"),
            reverse("iceinfo:languages"),
            Directorate.objects.published().first().get_absolute_url(),
            reverse("directorates:directorate_list"),
            reverse("directorates:leader_list"),
            Page.objects.published().filter(parent__isnull=True).first().get_absolute_url(),
            reverse("contacts:contact_list"),
            reverse("contacts:internationaloffice_list"),
            field_offices,
            field_offices + "?zip=77060",  # results
            field_offices + "?zip=abcde",  # an error message
            field_offices + "?state=TX&type=ero",  # a filtered list
            field_offices + "?zip=99999",  # an unknown ZIP
            FieldOffice.objects.published().first().get_absolute_url(),
            (reverse("iceinfo:home") + "no-such-page/"),  # the 404 page
        ]
    return urls


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_public_pages_have_no_wcag_violations(seeded_site, live_server, page, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    failures = []
    urls = public_urls(language)
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{url}\n{results.generate_report()}")
    assert not failures, "\n\n".join(failures)
    assert len(urls) >= 15


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_admin_login_has_no_wcag_violations(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
