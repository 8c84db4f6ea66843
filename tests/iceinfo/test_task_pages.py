"""The four task pages (check in, find someone in custody, report a tip, FOIA): real, plain, sourced.

Readability is measured with the Flesch-Kincaid grade level on the English body as a visitor reads
it (tags stripped; each list item and heading counts as a sentence, as it reads as one):
0.39 * words/sentences + 11.8 * syllables/words - 15.59. Syllables are counted with the usual
vowel-group rule (a small function below, no package), which is close to what readability tools do.
"""

import html
import re
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from iceinfo.models import Page, Status

TASK_SLUGS = ["check-in", "find-someone-in-custody", "report-a-tip", "foia"]
MAX_GRADE = 8.0
MIN_WORDS = 150

BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th)>", re.I)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.-]*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def plain_sentences(body_html):
    """The visible text of rich text, split into sentences (a block end ends a sentence)."""
    text = BLOCK_END.sub(". ", body_html)
    text = html.unescape(TAG.sub(" ", text))
    return [part for part in (chunk.strip() for chunk in SENTENCE_END.split(text)) if WORD.search(part)]


def syllables(word):
    word = word.lower().strip("'’-")
    if not word or word[0].isdigit():
        return 1  # a number is read as one unit ("866-347-2423" is not prose)
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)  # silent endings: "makes", "moved", "make"
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def words_of(text):
    return WORD.findall(text)


def flesch_kincaid_grade(body_html):
    sentences = plain_sentences(body_html)
    words = [word for sentence in sentences for word in words_of(sentence)]
    syllable_count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllable_count / len(words) - 15.59


def test_the_syllable_counter_counts_common_words():
    counts = {"you": 1, "check": 1, "office": 2, "appointment": 3, "immigration": 4, "custody": 3, "make": 1}
    assert {word: syllables(word) for word in counts} == counts


def test_the_grade_tells_plain_text_from_hard_text():
    plain = "<p>Call the tip line. It is open all day. You can call from the United States.</p>"
    hard = (
        "<p>Notwithstanding administrative determinations, individuals experiencing "
        "immigration-related detention considerations should communicate expeditiously.</p>"
    )
    assert flesch_kincaid_grade(plain) < 4 < 14 < flesch_kincaid_grade(hard)


@pytest.fixture
def task_pages(seeded_site):
    return {page.slug_en: page for page in Page.objects.filter(slug_en__in=TASK_SLUGS).prefetch_related("sources")}


def test_the_four_task_pages_are_published_with_real_text(task_pages):
    assert sorted(task_pages) == sorted(TASK_SLUGS)
    for slug, page in task_pages.items():
        assert page.status == Status.PUBLISHED and page.is_live, slug
        assert "this page is for" not in page.body_en.lower(), slug
        words = sum(len(words_of(sentence)) for sentence in plain_sentences(page.body_en))
        assert words >= MIN_WORDS, f"{slug}: {words} words"


@pytest.mark.parametrize("slug", TASK_SLUGS)
def test_task_page_reads_at_grade_8_or_below(task_pages, slug):
    grade = flesch_kincaid_grade(task_pages[slug].body_en)
    assert grade <= MAX_GRADE, f"{slug}: Flesch-Kincaid grade {grade:.1f}"


def test_task_pages_store_official_sources_with_dates(task_pages):
    for slug, page in task_pages.items():
        sources = list(page.sources.all())
        assert sources, slug
        assert all(source.title and source.date for source in sources), slug
        hosts = [urlparse(source.url).hostname for source in sources]
        assert any(host.endswith(".gov") for host in hosts), f"{slug}: {hosts}"
        assert page.content_date is not None, slug


@pytest.mark.parametrize("language", ["en", "es"])
def test_task_pages_show_their_sources_and_content_date(client, task_pages, language):
    for page in task_pages.values():
        with translation.override(language):
            url = page.get_absolute_url()
        html_text = client.get(url).content.decode()
        assert "iceinfo-sources" in html_text, url
        for source in page.sources.all():
            assert f'href="{html.escape(source.url)}"' in html_text, (url, source.url)
        assert f'datetime="{page.content_date.isoformat()}"' in html_text, url


def test_the_tip_page_gives_the_tip_line_as_a_tel_link(client, task_pages):
    for language in ("en", "es"):
        with translation.override(language):
            text = client.get(task_pages["report-a-tip"].get_absolute_url()).content.decode()
        assert 'href="tel:+18663472423"' in text
        assert "1-866-DHS-2-ICE" in text
        assert 'href="tel:+18334423677"' in text  # OPR, for misconduct by ICE staff


def test_the_custody_page_links_the_locator_the_offices_and_the_facilities(client, task_pages):
    page = task_pages["find-someone-in-custody"]
    for language, offices in (("en", "/contact/field-offices/"), ("es", "/es/contactenos/oficinas-de-campo/")):
        with translation.override(language):
            response = client.get(page.get_absolute_url())
            facilities = reverse("facilities:facility_list")
        text = response.content.decode()
        assert 'href="https://locator.ice.gov/odls/"' in text
        assert f'href="{offices}"' in text
        assert f'href="{facilities}"' in text, language
    assert client.get("/contact/field-offices/").status_code == 200
    assert client.get("/es/contactenos/oficinas-de-campo/").status_code == 200


def test_the_check_in_page_says_where_and_points_to_eoir_for_court_dates(task_pages):
    body = task_pages["check-in"].body_en
    assert "not check-in places" in body
    assert 'href="https://www.ice.gov/check-in"' in body
    assert "acis.eoir.justice.gov" in body


def test_spanish_versions_are_complete(task_pages):
    for slug, page in task_pages.items():
        for name in ("title", "slug", "summary", "body"):
            assert getattr(page, f"{name}_es"), f"{slug}: {name}_es is empty"
        assert page.slug_es != page.slug_en or slug == "foia", slug
        english = sum(len(words_of(s)) for s in plain_sentences(page.body_en))
        spanish = sum(len(words_of(s)) for s in plain_sentences(page.body_es))
        assert spanish >= 0.8 * english, f"{slug}: {spanish} Spanish words for {english} English"
        # The same phone numbers, email addresses and official sites in both languages.
        def links(body):
            found = re.findall(r'href="((?:tel:|mailto:|https?://)[^"]+)"', body)
            return sorted({urlparse(href).hostname or href for href in found})

        assert links(page.body_es) == links(page.body_en), slug


def test_the_alert_and_the_field_office_pages_lead_to_the_check_in_page(client, seeded_site):
    from contacts.models import FieldOffice

    home = client.get("/").content.decode()
    assert 'href="/check-in/"' in home
    office = FieldOffice.objects.published().first()
    text = client.get(office.get_absolute_url()).content.decode()
    assert "Field offices are not check-in locations" in text and 'href="/check-in/"' in text
    with translation.override("es"):
        text = client.get(office.get_absolute_url()).content.decode()
    assert 'href="/es/check-in/"' in text  # the English page path under /es/, which leads to the Spanish page
    response = client.get("/es/check-in/", follow=True)
    assert response.redirect_chain[-1][0] == "/es/reportarse/" and response.status_code == 200
