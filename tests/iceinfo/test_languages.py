"""Every public page in every language: lang and dir, hreflang alternates, and a language selector
whose links lead to the same page in each language (followed, not just read)."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from tests.seeded import public_urls

CODES = [code for code, _name in settings.LANGUAGES]
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SELECTOR = re.compile(r'<li class="usa-language__submenu-item">\s*<a href="([^"]+)" lang="([^"]+)"')


@pytest.fixture
def urls_by_language(seeded_site):
    return {code: public_urls(code) for code in CODES}


@pytest.mark.parametrize("language", CODES)
def test_every_page_in_every_language(urls_by_language, client, language):
    info = translation.get_language_info(language)
    for index, url in enumerate(urls_by_language[language]):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        direction = "rtl" if info["bidi"] else "ltr"
        assert f'<html lang="{language}" dir="{direction}"' in html, url
        alternates = dict(ALTERNATE.findall(html))
        assert set(alternates) == {*CODES, "x-default"}, url
        assert all(href.startswith("http://testserver/") for href in alternates.values())
        links = SELECTOR.findall(html)
        assert [code for _href, code in links] == CODES, url
        for href, code in links:
            expected = urls_by_language[code][index]
            if href == expected:
                continue  # that exact page is fetched and checked by this test for language `code`
            followed = client.get(href, follow=True)
            assert followed.status_code == 200, (url, code, href)
            # The same page: where a link redirects (a slug in another language), it lands on
            # this page type's address in the target language.
            final = followed.redirect_chain[-1][0] if followed.redirect_chain else href
            assert final.split("?")[0] == expected.split("?")[0], (url, code, final, expected)
            assert f'<html lang="{code}"' in followed.content.decode()
