"""Seams between languages on a page (issue #18): every piece of text carries the language it is in, and
the page speaks its own language, not a mix."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from iceinfo.models import Page
from tests.factories import AlertFactory


def alert_section(html):
    return re.search(r'<section class="usa-site-alert.*?</section>', html, re.S).group(0)


def test_the_spanish_line_of_an_alert_shows_on_english_pages_only(client, site_settings):
    AlertFactory(
        title_en="ICE Check-In", title_es="Reportándose con ICE", message_en="Learn how to check in",
        message_es="Aprenda cómo reportarse", link_text_en="here", link_text_es="aquí",
        message_vi="Tìm hiểu cách trình diện", link_url="/check-in/", show_spanish_alongside=True,
    )
    english = alert_section(client.get("/").content.decode())
    assert 'lang="es"' in english and "Aprenda cómo reportarse" in english
    vietnamese = alert_section(client.get("/vi/").content.decode())
    assert "Tìm hiểu cách trình diện" in vietnamese
    assert "Aprenda" not in vietnamese and "Reportándose" not in vietnamese
    french = client.get("/fr/").content.decode()
    assert "Aprenda" not in french
    assert client.get("/es/").content.decode().count("Aprenda cómo reportarse") == 1


def test_a_translated_link_text_is_not_marked_english(client, site_settings):
    """The COVID-19 alert has no message, only a link text: its translation must not sit in lang="en"."""
    AlertFactory(message_en="", message_es="", link_text_en="Read ICE's COVID-19 guidance",
                 link_text_es="Lea la guía", link_text_vi="Xem hướng dẫn của ICE về COVID-19", link_url="/covid-19/")
    section = alert_section(client.get("/vi/").content.decode())
    link = re.search(r'<a class="usa-link"[^>]*>(.*?)</a>', section, re.S).group(1)
    assert link == "Xem hướng dẫn của ICE về COVID-19"
    assert 'lang="en"' not in section


def test_an_untranslated_part_is_marked_english_and_only_that_part(client, site_settings):
    AlertFactory(message_en="Learn how to check in", message_es="Aprenda", link_text_en="here",
                 link_text_es="aquí", link_text_ko="여기", link_url="/check-in/")
    section = alert_section(client.get("/ko/").content.decode())
    assert '<span lang="en">Learn how to check in</span> 여기' in section


def test_chinese_joins_message_and_link_text_without_a_space(client, site_settings):
    AlertFactory(message_en="Learn how", message_es="Aprenda", link_text_en="here", link_text_es="aquí",
                 message_zh_hans="了解如何报到，请点击", link_text_zh_hans="此处", link_url="/check-in/")
    section = alert_section(client.get("/zh-hans/").content.decode())
    assert "了解如何报到，请点击此处" in section
    english = alert_section(client.get("/").content.decode())
    assert "Learn how here" in english


def test_spanish_return_to_top_is_the_uswds_wording():
    with translation.override("es"):
        assert translation.gettext("Return to top") == "Volver arriba"


@pytest.mark.parametrize("language", ["es", "fr", "pt", "vi", "tl", "ht", "ar", "ko", "ru", "zh-hans", "zh-hant"])
def test_every_translated_prefix_of_a_directorate_address_resolves(client, seeded_site, language):
    """/fr/a-propos-de-l-ice/ero/ works, so /fr/a-propos-de-l-ice/ must be About ICE in French too."""
    with translation.override(language):
        directorate = reverse("directorates:directorate_detail", kwargs={"slug": "ero"})
    assert client.get(directorate, follow=True).status_code == 200
    prefix = directorate.rstrip("/").rsplit("/", 1)[0] + "/"
    response = client.get(prefix)
    assert response.status_code == 200, prefix
    about = Page.objects.get(slug_en="about-ice")
    with translation.override(language):
        assert about.get_absolute_url() == prefix
    old = f"/{language}/about-ice/"
    if old != prefix:
        redirect = client.get(old)
        assert redirect.status_code == 301 and redirect["Location"] == prefix


def test_a_page_shows_the_fallback_sentence_once_and_a_short_marker_elsewhere(client, site_settings):
    """About showed the same notice twice, 100 px apart, one of them above a two-word summary."""
    from tests.factories import PageFactory

    page = PageFactory(summary_en="Short summary.", body_en="<p>The body in English.</p>",
                       title_vi="Trang", slug_vi="trang")
    with translation.override("vi"):
        html = client.get(page.get_absolute_url()).content.decode()
    html = html[html.index("<main"):]
    assert html.count('class="iceinfo-fallback-notice"') == 1
    assert html.count('class="iceinfo-fallback-marker"') == 1
    marker = html.index('class="iceinfo-fallback-marker"')
    notice = html.index('class="iceinfo-fallback-notice"')
    assert marker < html.index("Short summary.") < notice < html.index("The body in English.")
    assert html.count('<div class="iceinfo-fallback" lang="en" dir="ltr">') == 2


def test_two_long_fallbacks_share_one_sentence(client, site_settings):
    from tests.factories import PageFactory

    long_summary = "This summary is long enough to be a paragraph of its own, more than twelve words."
    page = PageFactory(summary_en=long_summary, body_en="<p>The body.</p>", title_ar="صفحة", slug_ar="safha")
    with translation.override("ar"):
        html = client.get(page.get_absolute_url()).content.decode()
    assert html.count('class="iceinfo-fallback-notice"') == 1
    assert '<p class="iceinfo-fallback-notice" lang="ar" dir="rtl">' in html
    assert html.count('class="iceinfo-fallback-marker" lang="ar" dir="rtl"') == 1


def test_home_cards_and_breadcrumbs_mark_their_english(client, site_settings):
    from iceinfo.models import LinkGroup
    from tests.factories import LinkFactory, LinkGroupFactory, PageFactory

    group = LinkGroupFactory(placement=LinkGroup.Placement.HOME_CARDS, title_ko="카드")
    LinkFactory(group=group, heading_en="Careers", description_en="Work at ICE", label_en="View careers",
                label_ko="채용 정보 보기")
    home = client.get("/ko/").content.decode()
    assert '<h3 class="usa-card__heading" lang="en" dir="ltr">Careers</h3>' in home
    assert '<p lang="en" dir="ltr">Work at ICE</p>' in home
    assert ">채용 정보 보기</a>" in home and 'lang="en" dir="ltr">채용' not in home
    parent = PageFactory(title_en="About ICE", slug_en="about-x")
    child = PageFactory(parent=parent, title_en="Our mission", title_ko="사명", slug_en="mission-x")
    with translation.override("ko"):
        html = client.get(child.get_absolute_url()).content.decode()
    crumbs = re.search(r'<ol class="usa-breadcrumb__list">.*?</ol>', html, re.S).group(0)
    assert '<span lang="en" dir="ltr">About ICE</span>' in crumbs
    assert "<span>사명</span>" in crumbs
