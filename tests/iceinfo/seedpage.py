"""Read the seed page (the archived ice.gov home page, as markdown-ish text) into visible strings.

CI runs on a clean clone with ../shared beside it; the copy in tests/data/ is the fallback.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_NAME = "000_9fb2e6fda652fcd3.txt"


def seed_path():
    shared = ROOT.parent / "shared" / "seed" / SEED_NAME
    return shared if shared.exists() else ROOT / "tests" / "data" / "seed_home.txt"


LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def normalise(text):
    text = html.unescape(text).replace("\u2019", "'").replace("\u2018", "'").replace("\\$", "$")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.rstrip(".:").strip()


def parse_seed(text):
    """Return (strings, link_labels): every visible string and every link label, normalised."""
    strings, labels = [], []
    for block in re.split(r"\n\s*\n", text):
        if not block.strip() or block.strip() == "---":
            continue
        for label in LINK.findall(block):
            for part in re.split(r" {2,}\n", label[0]):
                if normalise(part):
                    labels.append(normalise(part))
        for bold in BOLD.findall(block):
            strings.append(normalise(bold))
        plain = LINK.sub(lambda m: m.group(1), block)
        plain = BOLD.sub(lambda m: m.group(1).replace("  \n", " "), plain)
        plain = re.sub(r"^#+\s*", "", plain, flags=re.M).replace("*", "")
        for segment in re.split(r" {2,}\n", plain):  # a hard line break separates two strings
            if normalise(segment):
                strings.append(normalise(segment))
    dedupe = lambda items: list(dict.fromkeys(items))  # noqa: E731
    return dedupe(strings), dedupe(labels)


class _PageText(HTMLParser):
    """Visible text of a page (image alt included) and the text of each link."""

    SKIP = {"script", "style", "title", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.anchors, self._anchor, self._skip = [], [], None, 0
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
        if tag == "a":
            self._anchor = []
            self.hrefs.append(attrs.get("href"))
        if tag == "img" and attrs.get("alt"):
            self._text(" " + attrs["alt"] + " ")
        if tag in {"br", "p", "div", "li", "h1", "h2", "h3", "section", "address"}:
            self._text(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip -= 1
        if tag == "a" and self._anchor is not None:
            self.anchors.append(normalise(" ".join(self._anchor)))
            self._anchor = None

    def handle_data(self, data):
        if not self._skip:
            self._text(data)

    def _text(self, data):
        self.parts.append(data)
        if self._anchor is not None:
            self._anchor.append(data)


def page_text(content):
    """(normalised visible text, [normalised link texts], [hrefs]) of an HTML page."""
    parser = _PageText()
    parser.feed(content)
    return normalise(" ".join(parser.parts)), parser.anchors, parser.hrefs
