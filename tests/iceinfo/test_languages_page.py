import re

import pytest
from django.conf import settings
from django.utils import translation

from iceinfo.views import LANGUAGE_HELP_NOTICE


def language_cards(html):
    """The page's own list of languages: {code: card HTML} (the frame's lang=/hreflang= do not count)."""
    return dict(re.findall(r'<li class="usa-card[^"]*" lang="([^"]+)"[^>]*>(.*?)</li>', html, re.S))


@pytest.mark.django_db
def test_languages_page_lists_every_language_with_its_notice(client):
    response = client.get("/languages/")
    assert response.status_code == 200
    cards = language_cards(response.content.decode())
    assert set(cards) == {code for code, _name in settings.LANGUAGES}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            notice = translation.gettext(LANGUAGE_HELP_NOTICE)
            name = translation.get_language_info(code)["name_local"]
        card = cards[code]
        assert notice.replace("'", "&#x27;") in card, code  # the notice, in that card's own language
        assert name in card and f'hreflang="{code}"' in card
        if code != "en":
            assert notice != LANGUAGE_HELP_NOTICE, f"{code}: the notice is not translated"


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
