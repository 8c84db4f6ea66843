"""axe-core (offline, from the axe-playwright-python wheel) on every public page type.

Zero violations of the WCAG 2.0/2.1 A and AA rules, in English, Spanish and Arabic, at desktop and
phone widths. One test per language and width walks every page type, so the seed loads once.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

from directorates.models import Directorate
from tests.factories import LeaderFactory
from tests.news.factories import NewsReleaseFactory
from tests.seeded import public_urls

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_public_pages_have_no_wcag_violations(seeded_site, live_server, page, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    failures = []
    # Page types the seed has no rows for: a leader's page and a news release (test data).
    leader = LeaderFactory(name="Test Leader", title_en="Director", title_es="Directora",
                           directorate=Directorate.objects.published().first())
    release = NewsReleaseFactory(title_en="A test news release", title_es="Un comunicado de prueba")
    with translation.override(language):
        extra = [leader.get_absolute_url(), release.get_absolute_url(), reverse("iceinfo:home") + "no-such-page/"]
    urls = [*public_urls(language), *extra]
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{url}\n{results.generate_report()}")
    assert not failures, "\n\n".join(failures)
    assert len(urls) >= 15


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_admin_login_has_no_wcag_violations(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_task_pages_have_no_wcag_violations(seeded_site, live_server, page, language):
    """Check in, find someone in custody, report a tip and FOIA, with their Sources section, on a phone."""
    from iceinfo.models import Page

    page.set_viewport_size({"width": 375, "height": 900})
    axe = Axe()
    failures = []
    tasks = Page.objects.filter(slug_en__in=["check-in", "find-someone-in-custody", "report-a-tip", "foia"])
    with translation.override(language):
        urls = [task.get_absolute_url() for task in tasks]
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator(".iceinfo-sources a").count() >= 1, url
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{url}\n{results.generate_report()}")
    assert not failures, "\n\n".join(failures)
    assert len(urls) == 4
