"""The glossaries (docs/glossary/<language>.yaml) hold: no seed content and no catalog entry of a language
uses a rendering its glossary lists under `avoid` (see docs/glossary/README.md)."""

import gettext
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_DIR = ROOT / "docs" / "glossary"
GLOSSARIES = sorted(GLOSSARY_DIR.glob("*.yaml"))
LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Seed YAML files: the iceinfo seed records, and the apps' seed data (e.g. contacts' per-language
# office files ero_field_offices.<suffix>.yaml, whose every text is that language's).
SEED_FILES = sorted((ROOT / "iceinfo" / "seed").glob("*.yaml")) + sorted(ROOT.glob("*/seed_data/*.yaml"))


def _glossary(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _fields(data, suffix, whole_file):
    """(where, text) of every string the language's visitors read in one parsed seed file."""
    if whole_file:
        yield from (("", text) for text in _strings(data))
        return
    for record in data if isinstance(data, list) else []:
        for name, value in (record.get("fields") or {}).items():
            if name.endswith(f"_{suffix}") and not name.startswith("slug_"):
                yield from ((f"{record.get('model')} {record.get('key')} {name}", text) for text in _strings(value))


def _shown(path):
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def seed_texts(language, files=None):
    suffix = language.replace("-", "_")
    for path in SEED_FILES if files is None else files:
        whole_file = path.name.endswith(f".{suffix}.yaml")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in _fields(data, suffix, whole_file):
            yield f"{_shown(path)} {where}".strip(), text


def catalog_texts(language, tmp_path):
    """(msgid, msgstr) of the language's catalog, read through msgfmt so the file is parsed as gettext does."""
    po = ROOT / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
    mo = tmp_path / f"{to_locale(language)}.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    with open(mo, "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    for msgid, msgstr in catalog.items():
        if msgid == "":
            continue  # the header
        yield f"{po.relative_to(ROOT)} msgid {msgid!r}", msgstr


def found(avoid, text):
    return avoid.casefold() in text.casefold()


def violations(language, tmp_path, terms=None, seed_files=None):
    if terms is None:
        terms = _glossary(GLOSSARY_DIR / f"{language}.yaml")["terms"]
    texts = list(seed_texts(language, seed_files)) + list(catalog_texts(language, tmp_path))
    return [
        f"{where}: {avoid!r} (use {term['official']!r} for {term['en']!r})"
        for term in terms
        for avoid in term.get("avoid") or []
        for where, text in texts
        if found(avoid, text)
    ]


def test_there_are_glossaries():
    names = {path.stem for path in GLOSSARIES}
    assert {"zh-hans", "zh-hant", "ko", "vi", "tl"} <= names


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda path: path.stem)
def test_glossary_shape(path):
    data = _glossary(path)
    assert set(data) == {"language", "terms"}, "a glossary has exactly `language` and `terms`"
    assert data["language"] == path.stem, "the file is named after its language"
    assert data["language"] in LANGUAGES and data["language"] != settings.LANGUAGE_CODE
    assert isinstance(data["terms"], list) and data["terms"]
    english = [term.get("en") for term in data["terms"]]
    assert len(english) == len(set(english)), "each English term once"
    for term in data["terms"]:
        assert set(term) <= {"en", "official", "avoid", "source"}, term
        for key in ("en", "official", "source"):
            assert isinstance(term.get(key), str) and term[key].strip(), f"{term.get('en')!r} needs {key}"
        assert term["source"] == "established usage" or term["source"].startswith(("https://", "http://"))
        avoid = term.get("avoid") or []
        assert isinstance(avoid, list) and all(isinstance(item, str) and item.strip() for item in avoid)
        # An avoided form inside the official one would reject the official form itself.
        assert not [item for item in avoid if found(item, term["official"])], term


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda path: path.stem)
def test_content_and_catalog_use_the_glossary(path, tmp_path):
    language = path.stem
    assert list(seed_texts(language)), f"no seed content found for {language}"
    assert violations(language, tmp_path) == []


def test_an_avoided_rendering_is_found(tmp_path):
    """The check reads both seed files and the catalog: a planted avoided form is reported in each."""
    seed = tmp_path / "seed.yaml"
    record = {"model": "iceinfo.page", "key": {"slug_en": "x"}, "fields": {"title_vi": "Cục Di Trú và Hải Quan Hoa Kỳ"}}
    seed.write_text(yaml.safe_dump([record], allow_unicode=True), encoding="utf-8")
    terms = [{"en": "x", "official": "y", "avoid": ["Cục Di trú và Hải quan", "văn phòng khu vực"]}]
    found_in = violations("vi", tmp_path, terms=terms, seed_files=[seed])
    assert [item for item in found_in if item.startswith("seed.yaml iceinfo.page")]  # case does not matter
    assert [item for item in found_in if item.startswith("locale/vi/LC_MESSAGES/django.po")]
    assert (
        violations("vi", tmp_path, terms=[{"en": "x", "official": "y", "avoid": ["Cục Di trú"]}], seed_files=[]) == []
    )
