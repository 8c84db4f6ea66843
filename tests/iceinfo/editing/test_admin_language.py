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


def html_tag(html):
    return html[html.index("<html"):html.index(">", html.index("<html")) + 1]


def test_the_admin_follows_the_browsers_language(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="es")
    assert 'lang="es"' in html_tag(response.content.decode())
    assert "Accept-Language" in response["Vary"]
    assert 'lang="en"' in html_tag(admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode())


@pytest.mark.parametrize("code, direction", [("es", "ltr"), ("ar", "rtl")])
def test_es_admin_and_ar_admin_open_the_admin_in_that_language(admin_client, directorate, code, direction):
    response = admin_client.get(f"/{code}/admin/directorates/directorate/?q=x")
    assert response.status_code == 302 and response["Location"] == "/admin/directorates/directorate/?q=x"
    assert "no-cache" in response["Cache-Control"]
    html = admin_client.get("/admin/").content.decode()  # the choice stays, whatever the browser says
    assert f'lang="{code}"' in html_tag(html) and f'dir="{direction}"' in html_tag(html)
    html = admin_client.get(f"/admin/directorates/directorate/{directorate.pk}/change/").content.decode()
    with translation.override(code):
        url = directorate.get_absolute_url()
    assert f'href="{url}" class="viewsitelink"' in html  # View on site: the page in that language


def test_the_language_menu_sets_the_admin_language(client):
    html = client.get("/admin/login/").content.decode()
    assert 'href="/admin/language/ar/?next=/admin/login/"' in html and ">العربيّة<" in html
    response = client.get("/admin/language/ar/", {"next": "/admin/login/"})
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert 'dir="rtl"' in html_tag(client.get("/admin/login/").content.decode())
    for bad in ("https://example.com/", "//example.com/admin/", "/news/"):
        assert client.get("/admin/language/es/", {"next": bad})["Location"] == "/admin/"
    assert client.get("/admin/language/xx/").status_code == 404


def test_translated_text_fields_have_dir_auto_and_their_language(admin_client, directorate):
    html = admin_client.get(f"/admin/directorates/directorate/{directorate.pk}/change/").content.decode()
    tag = html[html.index('<input type="text" name="name_ar"'):]
    tag = tag[:tag.index(">")]
    assert 'dir="auto"' in tag and 'lang="ar"' in tag


def test_the_admin_speaks_spanish_with_our_own_words(admin_client, directorate):
    admin_client.get("/es/admin/")
    html = admin_client.get(f"/admin/directorates/directorate/{directorate.pk}/change/").content.decode()
    assert "Administración del sitio web de ICE" in html and "Idioma de la administración" in html
    assert 'value="Publicar"' in html and 'value="Guardar borrador"' in html
