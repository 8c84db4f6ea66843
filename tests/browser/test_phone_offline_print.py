"""A visitor on a cheap phone (375 px), with no signal, and on paper (issue 19).

Each test loads few pages and checks several things on each: browser tests are slow.
"""

import pytest
from django.core.signals import request_started
from django.urls import reverse

from contacts.models import FieldOffice

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}
TASKS = ["/contact/field-offices/", "/check-in/", "/find-someone-in-custody/", "/detention-facilities/"]


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_phone_home_drawer_and_locator(seeded_site, live_server, page, language):
    prefix = "" if language == "en" else f"/{language}"
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{prefix}/")
    # The four tasks people come for are linked within the first screen and a half.
    tasks = page.evaluate(
        """() => [...document.querySelectorAll('.iceinfo-tasks__link')]
            .map(a => [new URL(a.href).pathname, a.getBoundingClientRect().top])"""
    )
    tops = {path.removeprefix(prefix): top for path, top in tasks}
    assert list(tops)[:4] == [path.replace("/", f"{prefix}/", 1).removeprefix(prefix) for path in TASKS], tops
    assert all(tops[path] < 1.5 * PHONE["height"] for path in TASKS), tops
    # In the mobile menu every language link lies inside the drawer and is a full tap target.
    page.click(".usa-menu-btn")
    page.click(".usa-nav .usa-language__link")
    page.locator("#language-options").wait_for(state="visible")
    drawer = _box(page, "nav.usa-nav")
    links = page.locator("#language-options a")
    assert links.count() == 12
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= drawer["x"] - 1 and box["x"] + box["width"] <= drawer["x"] + drawer["width"] + 1, box
        assert box["height"] >= 44
    # A ZIP search, typed as a visitor would: the results heading takes focus, the serving office is on screen.
    if language != "en":
        return
    page.goto(live_server.url + reverse("contacts:fieldoffice_list"))
    page.fill("#locator-q", "77060")
    with page.expect_navigation():
        page.press("#locator-q", "Enter")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    houston = page.locator("#office-houston")
    box = houston.bounding_box()
    assert 0 <= box["y"] < PHONE["height"], box
    assert page.locator(".usa-collection__item").count() == 11  # the serving office and the nearest ten
    for link in page.locator("main a[href^='tel:']").all():
        assert link.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_wide_tables_scroll_in_their_own_box(seeded_site, live_server, page):
    page.set_viewport_size({"width": 320, "height": 700})
    for path in ("/data/", "/es/", FieldOffice.objects.get(slug="houston").get_absolute_url()):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"), path


def test_office_page_prints_and_opens_offline(seeded_site, live_server, page, context):
    office = live_server.url + FieldOffice.objects.get(slug="houston").get_absolute_url()
    page.goto(office)
    gap = page.evaluate(
        "document.querySelector('main h1').getBoundingClientRect().top"
        " - document.querySelector('.usa-breadcrumb').getBoundingClientRect().bottom"
    )
    assert 0 < gap < 60, gap  # the heading follows its breadcrumb, not a section's width below
    # On paper: the address and phone, a short address of the page; no banner, navigation, footer,
    # alerts or buttons.
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.usa-banner', '.usa-header', '.usa-footer', '.usa-identifier', '.usa-alert', '.usa-breadcrumb',
                  '.iceinfo-print-button']
            .filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')"""
    )
    assert hidden == []
    assert page.locator("main a[href^='tel:']").first.is_visible()
    assert page.locator("address").first.is_visible()
    assert page.locator(".iceinfo-print-url").is_visible()
    assert page.locator(".iceinfo-print-url").inner_text().endswith("/contact/field-offices/houston/")
    page.emulate_media(media="screen")
    assert page.locator(".iceinfo-print-button").is_visible()  # shown by site.js
    assert not page.locator("[data-offline-notice]").is_visible()
    # The service worker keeps the page and its static files.
    for _attempt in range(60):
        kept = page.evaluate(
            """async () => [
                Boolean(await (await caches.open('iceinfo-pages-v1')).match(location.href)),
                (await (await caches.open('iceinfo-static-v1')).keys()).map(r => new URL(r.url).pathname),
            ]"""
        )
        if kept[0] and any(path.endswith(".css") for path in kept[1]) and any("site" in p for p in kept[1]):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"the service worker did not keep the page and its files: {kept}")
    page.goto(live_server.url + "/admin/login/")  # never kept: the admin, and pages that are not public
    # A page that comes through the worker is downloaded once: the worker keeps that copy, the page does
    # not ask for a second one (on a poor signal that doubled the cost, and the second copy could replace
    # the first while the visitor lost signal).
    served = []

    def count(sender, environ, **kwargs):
        if live_server.url + environ["PATH_INFO"] == office:
            served.append(environ["PATH_INFO"])

    request_started.connect(count)
    try:
        page.goto(office)
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_timeout(1500)  # time for a second download, had the page asked for one
    finally:
        request_started.disconnect(count)
    assert len(served) == 1, served
    kept = page.evaluate("async () => (await (await caches.open('iceinfo-pages-v1')).keys()).map(r => r.url)")
    assert office in kept and not [url for url in kept if "/admin/" in url], kept
    # No signal, and nothing in the HTTP cache: the page still opens, with a notice.
    client = context.new_cdp_session(page)
    client.send("Network.clearBrowserCache")
    context.set_offline(True)
    try:
        page.reload()
        assert "Houston Field Office" in page.locator("h1").inner_text()
        assert page.locator("main a[href^='tel:']").first.is_visible()
        assert page.locator("[data-offline-notice]").is_visible()
        assert "source sans" in page.evaluate("getComputedStyle(document.body).fontFamily").lower()  # styled
    finally:
        context.set_offline(False)
