"""Page structure a screen reader relies on, on every public page type in English, Spanish, Arabic:
one h1, headings that never skip a level, alt text on every image, link text that makes sense alone."""

from html.parser import HTMLParser

import pytest

from tests.seeded import public_urls

VAGUE_LINK_TEXT = {
    "here", "click here", "read more", "learn more", "more", "link", "this page",
    "aquí", "haga clic aquí", "más información", "leer más", "ici", "en savoir plus", "هنا",
}


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.images, self.links = [], [], []
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(attrs)
            if self._link is not None:  # an image inside a link names it by its alt text
                self._link["text"] += attrs.get("alt") or ""
        elif tag == "a" and "href" in attrs:
            self._link = {"href": attrs["href"], "text": "", "label": attrs.get("aria-label", "")}

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append(self._link)
            self._link = None


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_page_structure(seeded_site, client, language):
    checked = 0
    for url in public_urls(language):
        response = client.get(url)
        assert response.status_code == 200, url
        outline = Outline()
        outline.feed(response.content.decode())
        assert outline.headings.count(1) == 1, f"{url}: {outline.headings.count(1)} h1"
        assert outline.headings[0] in (1, 2), url  # the banner/alerts may come before the h1
        for previous, current in zip(outline.headings, outline.headings[1:], strict=False):
            assert current <= previous + 1, f"{url}: h{previous} then h{current}"
        for image in outline.images:
            assert "alt" in image, f"{url}: <img src={image.get('src')}> has no alt"
        for link in outline.links:
            text = " ".join((link["label"] or link["text"]).split()).strip().lower()
            assert text, f"{url}: empty link text for {link['href']}"
            assert text not in VAGUE_LINK_TEXT, f"{url}: vague link text {text!r} ({link['href']})"
        checked += 1
    assert checked >= 15
