import pytest
from django.conf import settings


@pytest.mark.django_db
def test_languages_page_lists_every_language_with_its_notice(client):
    response = client.get("/languages/")
    assert response.status_code == 200
    html = response.content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'lang="{code}"' in html
        assert f'hreflang="{code}"' in html


@pytest.mark.django_db
def test_languages_page_links_to_the_same_page_in_each_language(client):
    from django.urls import reverse, translate_url

    response = client.get("/languages/", {"next": "/languages/"})
    html = response.content.decode()
    for code, _name in settings.LANGUAGES:
        expected = translate_url("/languages/", code)
        assert expected.endswith("/") and (code == "en" or expected.startswith(f"/{code}/"))
        assert f'href="{expected}"' in html
    assert reverse("iceinfo:languages") == "/languages/"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/", "/\\evil", "javascript:alert(1)"])
def test_languages_page_refuses_foreign_next(client, bad):
    response = client.get("/languages/", {"next": bad})
    assert response.status_code == 400
