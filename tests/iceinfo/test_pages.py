"""Every seeded content page answers in English and Spanish, with breadcrumbs and no dead links."""

import pytest

from iceinfo.models import Page

from .seedpage import normalise, page_text


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_seeded_page_answers(client, seeded_site, language):
    from django.utils import translation

    pages = list(Page.objects.published())
    assert len(pages) >= 28  # Site map, inventory, RSS, statements, speeches are generated pages now
    for page in pages:
        with translation.override(language):
            url = page.get_absolute_url()
            title = page.title
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert f'<html lang="{language}"' in content
        assert normalise(title) in page_text(content)[0]
        assert content.count("<h1") == 1
        assert 'href="#"' not in content


def test_child_page_of_about_ice_shares_the_directorate_prefix(client, seeded_site):
    response = client.get("/about-ice/mission/")
    assert response.status_code == 200
    assert "ice's mission" in page_text(response.content.decode())[0]
    assert client.get("/es/about-ice/mission/").status_code == 301
    assert client.get("/about-ice/no-such-thing/").status_code == 404


def test_leadership_intro_page_is_the_leadership_list(client, seeded_site):
    page = Page.objects.get(slug_en="leadership", parent=None)
    assert page.get_absolute_url() == "/leadership/"
    text = page_text(client.get("/leadership/").content.decode())[0]
    assert "ice leadership" in text
    assert "no leadership profiles are published on this site yet" in text
