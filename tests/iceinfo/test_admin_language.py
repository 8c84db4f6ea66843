"""Issue #21 items 10 and 11: the admin names the site, "View on site" opens the public page itself in
the admin's language, and the admin speaks the staff member's language."""

import pytest
from django.utils import translation

from tests.factories import DirectorateFactory, SiteSettingsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directorate():
    SiteSettingsFactory()
    return DirectorateFactory(slug_en="office-of-tests", slug_es="oficina-de-pruebas")


def test_the_header_names_the_site(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "ICE website administration" in html and "Django administration" not in html


def test_view_on_site_opens_the_public_page(admin_client, directorate):
    html = admin_client.get(f"/admin/directorates/directorate/{directorate.pk}/change/").content.decode()
    with translation.override("en"):
        url = directorate.get_absolute_url()
    assert f'href="{url}" class="viewsitelink"' in html and "/admin/r/" not in html
