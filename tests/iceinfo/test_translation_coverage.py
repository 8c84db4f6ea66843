"""Issue 18: after the seed loads, no live content field is empty in a language where English has text.

Counted over every model registered with modeltranslation, on live rows (``published()`` where the
model has it, else every row); slugs are left out (they may stay English), and so are the fields in
NOT_YET_TRANSLATED.
"""

import pytest
from django.conf import settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from tests.seeded import seed_rolled_back

# Being rewritten by other developers; translated in a second pass. Empty this list then.
NOT_YET_TRANSLATED = []  # every field is translated now: a field may be listed here only while its
# translation is under way (page and directorate texts were, in the second pass)
# Languages whose first pass has not landed yet (none now).
EXPECTED_INCOMPLETE = []

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES if code not in ("en", "es")]


def empty_fields(language):
    """(model, pk, field, English text) of every live field empty in ``language`` but not in English."""
    empty, checked = [], 0
    for model in translator.get_registered_models():
        label = model._meta.label_lower
        rows = model._default_manager.all()
        if hasattr(rows, "published"):
            rows = rows.published()
        fields = [
            name
            for name in translator.get_options_for_model(model).fields
            if name != "slug" and (label, name) not in NOT_YET_TRANSLATED
        ]
        for row in rows:
            for name in fields:
                english = getattr(row, build_localized_fieldname(name, "en"))
                if not english:
                    continue
                checked += 1
                if not getattr(row, build_localized_fieldname(name, language)):
                    empty.append((label, row.pk, name, english[:60]))
    return empty, checked


@pytest.fixture(scope="module")
def coverage(django_db_setup, django_db_blocker):
    """Every language's empty fields, from one load of the seed that is rolled back afterwards."""
    with seed_rolled_back(django_db_blocker):
        result = {language: empty_fields(language) for language in LANGUAGES}
    return result


def test_the_languages_cover_the_site():
    assert set(LANGUAGES) == {"zh-hans", "zh-hant", "vi", "ko", "tl", "ru", "ar", "ht", "pt", "fr"}
    assert set(EXPECTED_INCOMPLETE) <= set(LANGUAGES)


@pytest.mark.parametrize(
    "language",
    [
        pytest.param(
            language,
            marks=pytest.mark.skip(reason=f"{language} is in EXPECTED_INCOMPLETE (translated on branch tr2)"),
        )
        if language in EXPECTED_INCOMPLETE
        else language
        for language in LANGUAGES
    ],
)
def test_no_live_field_is_empty_where_english_has_text(coverage, language):
    empty, checked = coverage[language]
    assert checked > 150  # the seed's rows were counted
    assert empty == [], f"{len(empty)} fields empty in {language}"
