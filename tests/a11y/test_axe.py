"""Every public page type, walked once per language in Chromium (English, Spanish, Arabic), checked on
each page for what a visitor on any screen relies on:

- axe-core (offline, the release package.json pins: tests/a11y/axe.py): zero violations of the
  WCAG 2.0/2.1 A and AA rules at desktop (1280 px) and phone (375 px) widths;
- no sideways scrolling at 320 px (English and Arabic, the two directions);
- no Content Security Policy violation (a listener notes every one, on every page of the walk);
- the four task pages (check in, find someone in custody, report a tip, FOIA) show their Sources, in
  English and Spanish.

One walk per language: the seed loads once, each page loads once and is measured at each width.
"""

import pytest
from axe_playwright_python.base import AxeResults
from django.urls import reverse
from django.utils import translation

from directorates.models import Directorate
from tests.a11y.axe import AXE, AXE_OPTIONS, AXE_SCRIPT, PINNED_VERSION
from tests.browser.helpers import CSP_WATCH
from tests.factories import LeaderFactory
from tests.news.factories import NewsReleaseFactory
from tests.seeded import public_urls

WIDTHS = (1280, 375)  # axe at each
NARROW = 320  # no sideways scrolling
NARROW_LANGUAGES = ("en", "ar")
TASK_SLUGS = ["check-in", "find-someone-in-custody", "report-a-tip", "foia"]
TASK_LANGUAGES = ("en", "es")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_public_pages_in_one_walk(seeded_site, live_server, page, language):
    from iceinfo.models import Page

    page.add_init_script(CSP_WATCH)
    page.add_init_script(AXE_SCRIPT)  # in every page of the walk: compiled once, not sent and parsed per page
    console = []
    page.on("console", lambda message: console.append(message.text))
    # Page types the seed has no rows for: a leader's page and a news release (test data).
    leader = LeaderFactory(
        name="Test Leader",
        title_en="Director",
        title_es="Directora",
        directorate=Directorate.objects.published().first(),
    )
    release = NewsReleaseFactory(title_en="A test news release", title_es="Un comunicado de prueba")
    tasks = list(Page.objects.filter(slug_en__in=TASK_SLUGS)) if language in TASK_LANGUAGES else []
    with translation.override(language):
        extra = [leader.get_absolute_url(), release.get_absolute_url(), reverse("iceinfo:home") + "no-such-page/"]
        task_urls = [task.get_absolute_url() for task in tasks]
    urls = [*public_urls(language), *extra, *task_urls]
    # Each page is seen at every width of the walk, in the opposite order to the page before: it loads at
    # the width that page ended at, so no resize serves only to lay out a page that is about to go.
    sizes = [*((width, 900) for width in WIDTHS), *([(NARROW, 700)] if language in NARROW_LANGUAGES else [])]
    page.set_viewport_size({"width": sizes[0][0], "height": sizes[0][1]})
    violations, wide, csp, seen = [], [], [], set()
    for number, url in enumerate(urls):
        page.goto(live_server.url + url)
        if url in task_urls:
            assert page.locator(".iceinfo-sources a").count() >= 1, url
        for width, height in sizes if number % 2 == 0 else sizes[::-1]:
            if page.viewport_size != {"width": width, "height": height}:
                page.set_viewport_size({"width": width, "height": height})
            seen.add((url, width))
            if width == NARROW:
                if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
                    wide.append(url)
                continue
            results = AxeResults(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS))
            if results.violations_count:
                violations.append(f"{url} at {width} px\n{results.generate_report()}")
        csp += [f"{url}: {violation}" for violation in page.evaluate("window.__cspViolations")]
    assert not violations, "\n\n".join(violations)
    assert not wide, f"pages that scroll sideways at {NARROW} px: {wide}"
    assert not csp, csp
    assert not [text for text in console if "Content Security Policy" in text], console
    assert len(urls) >= 15 and seen == {(url, width) for url in urls for width, _height in sizes}
    assert len(task_urls) == (4 if language in TASK_LANGUAGES else 0)


@pytest.mark.django_db(transaction=True)
def test_admin_login_has_no_wcag_violations(live_server, page):
    page.goto(live_server.url + "/admin/login/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        results = AXE.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"at {width} px\n{results.generate_report()}"
    assert page.evaluate("axe.version") == PINNED_VERSION  # the release package.json pins, not the wheel's own
