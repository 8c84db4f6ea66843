"""The seeded content pages and directorate texts, read straight from the seed YAML (no database):
real text in English and Spanish, valid and allowed HTML, sources on official sites, no placeholders."""

import datetime
import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from iceinfo.richtext import ALLOWED_TAGS
from iceinfo.seeding import SEED_DIR, read_seed_file

# Written on the `tasks` branch (issue #16): not checked here.
TASK_PAGES = {"check-in", "foia", "find-someone-in-custody", "report-a-tip"}
PLACEHOLDERS = ("This page is for", "Esta página es para", "not published yet", "are listed on the Contact Us page")
VOID = {"br", "hr"}
LANGUAGES = ("en", "es")


def _records(name, model):
    return [record for record in read_seed_file(SEED_DIR / name) if record["model"] == model]


PAGES = [r for r in _records("010_pages.yaml", "iceinfo.page") if r["key"]["slug_en"] not in TASK_PAGES]
DIRECTORATES = _records("020_directorates.yaml", "directorates.directorate")
SOURCED = PAGES + [r for r in DIRECTORATES if "sources" in r]


def _id(record):
    return record["key"]["slug_en"]


def words(markup):
    return len(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class _Checker(HTMLParser):
    """Collects tags outside the rich-text allow-list and tags that do not nest."""

    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}> is not allowed")
        if tag == "a":
            self.links.append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")

    def close(self):
        super().close()
        self.problems.extend(f"<{tag}> never closed" for tag in self.stack)


def check_html(markup):
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    return checker


@pytest.mark.parametrize("record", PAGES, ids=_id)
def test_page_has_real_text_in_english_and_spanish(record):
    fields = record["fields"]
    for language in LANGUAGES:
        body = fields.get(f"body_{language}", "")
        assert words(body) >= 60, f"{language}: {words(body)} words"
        assert fields.get(f"summary_{language}"), language
        assert not [p for p in PLACEHOLDERS if p in body or p in fields.get(f"summary_{language}", "")]
    # The Spanish is a full version, not a stub: at least four fifths of the English length.
    assert words(fields["body_es"]) >= 0.8 * words(fields["body_en"])


@pytest.mark.parametrize("record", PAGES + DIRECTORATES, ids=_id)
def test_rich_text_is_valid_and_allowed(record):
    for name, value in record["fields"].items():
        if name.startswith(("body_", "summary_")) and isinstance(value, str) and "<" in value:
            assert check_html(value).problems == [], name


@pytest.mark.parametrize("record", PAGES + DIRECTORATES, ids=_id)
def test_links_are_safe_and_marked_when_english(record):
    fields = record["fields"]
    for language in LANGUAGES:
        for name in (f"body_{language}", f"summary_{language}"):
            for link in check_html(fields.get(name, "")).links:
                href = link.get("href", "")
                assert href.startswith(("https://", "/", "mailto:", "tel:+")), href
                if href.startswith("tel:+"):
                    assert re.fullmatch(r"tel:\+1\d{10}", href), href
                if href.startswith("/"):
                    # Site paths in a Spanish text use the Spanish address.
                    assert href.startswith("/es/") == (language == "es"), href
                elif language == "es" and href.startswith("https://"):
                    assert link.get("hreflang") == "en", href


@pytest.mark.parametrize("record", SOURCED, ids=_id)
def test_sources_are_official_dated_and_titled(record):
    sources = record.get("sources")
    assert sources, "no sources"
    for source in sources:
        parts = urlsplit(source["url"])
        assert parts.scheme == "https", source["url"]
        assert parts.hostname.endswith((".gov", ".mil")), source["url"]
        assert source.get("title"), source["url"]
        assert isinstance(source.get("date"), datetime.date), source["url"]
        assert source["date"] <= datetime.date(2026, 12, 31)
    assert isinstance(record["fields"].get("content_date"), datetime.date)


def test_every_sourced_external_link_in_a_page_is_listed_or_official():
    """A page links only to official sites (.gov, .mil) or to this site."""
    for record in PAGES:
        for language in LANGUAGES:
            for link in check_html(record["fields"][f"body_{language}"]).links:
                href = link["href"]
                if href.startswith("https://"):
                    assert urlsplit(href).hostname.endswith((".gov", ".mil")), (record["key"], href)


def test_at_most_three_short_english_pages():
    short = [_id(r) for r in PAGES if words(r["fields"].get("body_en", "")) < 60]
    assert len(short) <= 3, short


def test_no_placeholder_anywhere_in_the_english_and_spanish_seed():
    for name in ("010_pages.yaml", "020_directorates.yaml", "030_alerts.yaml", "040_contact_channels.yaml"):
        for record in read_seed_file(SEED_DIR / name):
            if record["key"].get("slug_en") in TASK_PAGES:
                continue
            text = " ".join(str(v) for v in record.get("fields", {}).values())
            assert not [p for p in PLACEHOLDERS if p in text], (name, record["key"])


@pytest.mark.parametrize("record", [r for r in DIRECTORATES if "sources" in r], ids=_id)
def test_directorate_page_says_more_than_the_home_summary(record):
    fields = record["fields"]
    for language in LANGUAGES:
        body, summary = fields.get(f"body_{language}", ""), fields[f"summary_{language}"]
        assert words(body) > words(summary) or words(body) >= 150, language
        assert "<h2>" in body, language  # divisions and programs, each under its heading
