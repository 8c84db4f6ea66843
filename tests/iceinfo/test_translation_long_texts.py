"""Issue 18, second pass: the page and directorate summaries and bodies in ru, ar and vi.

Every live page and directorate whose English summary or body has text has it in these languages
too, and each translated summary and body keeps the English HTML: the same tags in the same order and the same
link targets (an internal link gets the language's prefix). One load of the seed per module.
"""

import re

import pytest
from modeltranslation.utils import build_localized_fieldname

from directorates.models import Directorate
from iceinfo.models import Page
from tests.seeded import seed_rolled_back

pytestmark = pytest.mark.django_db

LANGUAGES = ["ru", "ar", "vi"]
FIELDS = ["summary", "body"]
TAG = re.compile(r"<(/?[a-z0-9]+)")
HREF = re.compile(r'href="([^"]*)"')


@pytest.fixture(scope="module")
def texts(django_db_setup, django_db_blocker):
    """{(model, slug): {field_language: text}} of every live page and directorate, from one seed load."""
    with seed_rolled_back(django_db_blocker):
        result = {}
        for model in (Page, Directorate):
            for row in model.objects.published():
                result[(model._meta.label_lower, row.slug_en)] = {
                    build_localized_fieldname(name, language): getattr(row, build_localized_fieldname(name, language))
                    for name in FIELDS
                    for language in ["en", *LANGUAGES]
                }
    return result


def test_the_seed_has_long_texts_to_check(texts):
    assert sum(1 for values in texts.values() if values["body_en"]) > 25


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_english_summary_and_body_is_translated(texts, language):
    missing = [
        (record, name)
        for record, values in texts.items()
        for name in FIELDS
        if values[f"{name}_en"] and not values[build_localized_fieldname(name, language)]
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translated_texts_keep_the_english_markup_and_links(texts, language):
    def internal(href):
        return re.sub(rf"^/{language}/", "/", href)

    differing = []
    for record, values in texts.items():
        for name in FIELDS:
            english, translated = values[f"{name}_en"], values[build_localized_fieldname(name, language)]
            if not (english and translated):
                continue
            if TAG.findall(english) != TAG.findall(translated):
                differing.append((record, name, "tags"))
            if HREF.findall(english) != [internal(href) for href in HREF.findall(translated)]:
                differing.append((record, name, "links"))
    assert differing == []
