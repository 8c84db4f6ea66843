"""Issue 18: on a page in any language but English, every piece of English sits inside lang="en".

The site's main pages are rendered in all twelve languages from the seed, twice: as the seed loads
them, and with every translation emptied, the state of content no translator has reached yet (the
English then stands in everywhere, so every mark has to be there). The text of each element is
read with the language it is marked in, and English is recognised by its function words ("the",
"and", "of", ...) and, with the translations emptied, by the English values of the content.

Rules checked:
- no run of text outside lang="en" holds English function words (official names the language's
  glossary keeps in English, docs/glossary/<lang>.yaml, are not counted);
- English function words make up under 1.5% of the words outside lang="en" (the issue's measure);
- with the translations emptied, no text outside lang="en" is an English content value;
- a page shows the full-sentence fallback notice at most once.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from iceinfo.localize import localize_path
from iceinfo.serving.cache import bump_content_version
from tests.seeded import seed_rolled_back

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
OTHER_LANGUAGES = [code for code in LANGUAGES if code != "en"]

# Words that are English and not a word of any of our other languages written in Latin letters
# ("a", "at", "in", "to", "on", "an", "can" are Haitian Creole, Tagalog, Vietnamese or French words).
FUNCTION_WORDS = frozenset(
    "the and of for with your you this that is are from by will have has not who what how when where "
    "which their they our we it".split()
)
MAX_SHARE = 0.015
# A run of text is English when function words are at least this share of its words: English prose has
# 40-50 %, "Enforcement and Removal Operations" 25 %; a translated sentence that names an office in
# English, "(Immigration and Naturalization Service)", stays well under it.
ENGLISH_RUN_SHARE = 0.1
NOTICE = "iceinfo-fallback-notice"

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
NOT_TEXT = frozenset(("script", "style", "template"))
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


def english_paths():
    """English addresses of the pages checked: the ones the issue names, and the directories."""
    from contacts.models import FieldOffice
    from facilities.models import DetentionFacility

    return [
        "/",
        "/about-ice/",
        "/about-ice/ero/",
        "/check-in/",
        "/contact/",
        "/contact/field-offices/?zip=77060",
        FieldOffice.objects.published().order_by("slug").first().get_absolute_url(),
        "/detention-facilities/",
        "/detention-facilities/?zip=98421",
        DetentionFacility.objects.published().exclude(notes_en="").order_by("slug").first().get_absolute_url(),
        "/site-map/",
    ]


class TextByLanguage(HTMLParser):
    """Each run of text in <body> (and each text attribute) with the language it is marked in."""

    def __init__(self, page_language):
        super().__init__(convert_charrefs=True)
        self.stack = [("body", page_language, False)]
        self.runs = []  # (language, text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        _parent, language, hidden = self.stack[-1]
        language = attrs.get("lang") or language
        hidden = hidden or tag in NOT_TEXT
        if not hidden:
            self.runs.extend((language, attrs[name]) for name in TEXT_ATTRIBUTES if attrs.get(name))
        if tag not in VOID:
            self.stack.append((tag, language, hidden))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        _tag, language, hidden = self.stack[-1]
        if not hidden and data.strip():
            self.runs.append((language, " ".join(data.split())))


def words(text):
    """Words of ``text``; each Chinese character counts as one."""
    found = []
    for word in re.findall(r"[^\W\d_]+", text):
        found.extend(word if re.search(r"[\u3040-\u9fff]", word) else [word])
    return found


def glossary_names(language):
    path = Path(settings.BASE_DIR) / "docs" / "glossary" / f"{language}.yaml"
    if not path.exists():
        return []
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]
    return sorted({term["official"] for term in terms if re.search(r"[A-Za-z]", term.get("official", ""))},
                  key=len, reverse=True)


def unmarked_english(html, language, english_values=frozenset()):
    """(runs of English outside lang="en", share of English function words outside lang="en")."""
    parser = TextByLanguage(language)
    parser.feed(html.split("<body", 1)[1])
    names = glossary_names(language)
    found, total, english = [], 0, 0
    for run_language, text in parser.runs:
        if run_language.split("-")[0] == "en":
            continue
        if text.rstrip(":").strip() in english_values:
            found.append(text)
            continue
        for name in names:
            text = text.replace(name, " ")
        run_words = words(text)
        hits = [word for word in run_words if word.lower() in FUNCTION_WORDS]
        total += len(run_words)
        english += len(hits)
        if hits and len(hits) >= ENGLISH_RUN_SHARE * len(run_words):
            found.append(text)
    return found, english / max(total, 1)


def english_content_values():
    """The English text of every translated field (slugs aside) short enough to be a label or name; not
    the names of states, which the state filters show in every language (an office's area can be one)."""
    from contacts.regions import STATES

    values = set()
    for model in translator.get_registered_models(abstract=False):
        for name in translator.get_options_for_model(model).fields:
            if name == "slug":
                continue
            for value in model._base_manager.values_list(build_localized_fieldname(name, "en"), flat=True):
                if value and len(value) < 200 and re.search(r"[A-Za-z]{3}", value):
                    values.add(" ".join(value.split()))
    return frozenset(values - {str(name) for name in STATES.values()})


def empty_translations():
    """Every translation emptied, as before any translator's work: English stands in everywhere."""
    for model in translator.get_registered_models(abstract=False):
        updates = {}
        for name in translator.get_options_for_model(model).fields:
            if name == "slug":
                continue
            for code in OTHER_LANGUAGES:
                field = model._meta.get_field(build_localized_fieldname(name, code))
                updates[field.name] = None if field.null else ""
        model._base_manager.update(**updates)


def render_all(client):
    pages = {}
    with translation.override("en"):
        paths = english_paths()
    for english in paths:
        for language in OTHER_LANGUAGES:
            path = localize_path(english, language)
            response = client.get(path, follow=True)  # a page under its English slug redirects
            assert response.status_code == 200, path
            pages[(english, language)] = response.content.decode()
    return pages


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The pages in every language, as seeded and with the translations emptied (rolled back after)."""
    plain_static = {**settings.STORAGES,
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    test_settings = override_settings(RATE_LIMIT_REQUESTS=0, STORAGES=plain_static, ALLOWED_HOSTS=["testserver"])
    with seed_rolled_back(django_db_blocker), test_settings:
        client = Client()
        seeded = render_all(client)
        empty_translations()
        cache.clear()  # the frame and pages of the seeded state
        bump_content_version()  # update() sends no signal
        emptied = render_all(client)
        values = english_content_values()
    return {"seeded": seeded, "emptied": emptied, "english_values": values}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("state", ["seeded", "emptied"])
def test_english_on_a_page_in_another_language_is_marked(rendered, state, language):
    values = rendered["english_values"] if state == "emptied" else frozenset()
    problems = {}
    for (english, code), html in rendered[state].items():
        if code != language:
            continue
        found, share = unmarked_english(html, language, values)
        if found or share >= MAX_SHARE:
            problems[english] = (round(share * 100, 1), found[:5])
    assert problems == {}


@pytest.mark.parametrize("state", ["seeded", "emptied"])
def test_a_page_shows_the_fallback_notice_once_at_most(rendered, state):
    counts = {key: html.count(f'class="{NOTICE}"') for key, html in rendered[state].items()}
    assert max(counts.values()) <= 1
    if state == "emptied":
        assert counts[("/about-ice/", "vi")] == 1  # English stands in for the summary and the body
        # English stands in for the overview and the five directorate cards (kept apart, per frame)
        assert counts[("/", "vi")] == 1


def test_the_check_finds_unmarked_english():
    """The checker itself: English outside lang="en" is found, English inside it is not."""
    html = '<body><p>Tìm văn phòng</p><p>Find the office that serves your area</p></body>'
    assert unmarked_english(html, "vi")[0] == ["Find the office that serves your area"]
    marked = '<body><p>Tìm văn phòng</p><div lang="en"><p>Find the office that serves your area</p></div></body>'
    assert unmarked_english(marked, "vi") == ([], 0)
    assert unmarked_english('<body><h3>Careers</h3></body>', "vi", frozenset({"Careers"}))[0] == ["Careers"]


def test_a_piece_kept_apart_carries_the_notice_only_where_the_page_has_not_shown_it():
    """{% fallback_variant %}: a kept card shows the notice sentence if no block before it did."""
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    variants = (mark_safe("<p>marker</p>"), mark_safe("<p>notice</p>"))  # rendered HTML, as kept
    plain = (mark_safe("<p>x</p>"), mark_safe("<p>x</p>"))
    template = Template("{% load iceinfo %}{% fallback_variant b %}{% fallback_variant a %}{% fallback_variant a %}")
    assert template.render(Context({"a": variants, "b": plain})) == "<p>x</p><p>notice</p><p>marker</p>"
