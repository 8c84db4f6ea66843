"""Keyboard-only journeys, visible focus, and no CSP violation in the admin (the public pages' walk in
tests/a11y/test_axe.py checks sideways scrolling at 320 px and CSP violations on every page type)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from contacts.models import FieldOffice
from directorates.models import Directorate
from iceinfo.models import Page
from tests.browser.helpers import CSP_WATCH

pytestmark = pytest.mark.django_db(transaction=True)

def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_banner_disclosure_with_the_keyboard(seeded_site, live_server, page):
    page.goto(live_server.url + "/")
    tab_to(page, ".usa-banner__button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    page.locator("#gov-banner").wait_for(state="visible")
    page.keyboard.press("Enter")
    page.locator("#gov-banner").wait_for(state="hidden")


def test_mobile_menu_with_the_keyboard(seeded_site, live_server, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    tab_to(page, ".usa-menu-btn")
    page.keyboard.press("Enter")
    nav = page.locator("nav.usa-nav")
    nav.wait_for(state="visible")
    assert "is-visible" in nav.get_attribute("class")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('nav.usa-nav').classList.contains('is-visible')")


def test_language_selector_with_the_keyboard(seeded_site, live_server, page):
    page.goto(live_server.url + "/contact/field-offices/")
    tab_to(page, ".usa-language__link")
    page.keyboard.press("Enter")
    menu = page.locator("#language-options")
    menu.wait_for(state="visible")
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('usa-language__link')")
    page.keyboard.press("Enter")
    menu.wait_for(state="visible")
    tab_to(page, "#language-options a[lang='es']", limit=12)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with translation.override("es"):
        from django.urls import reverse

        expected = reverse("contacts:fieldoffice_list")
    assert page.url.endswith(expected)
    assert page.locator("html").get_attribute("lang") == "es"


def test_locator_form_with_the_keyboard(seeded_site, live_server, page):
    page.goto(live_server.url + "/contact/field-offices/")
    tab_to(page, "#locator-q")
    page.keyboard.type("77060")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=77060" in page.url
    assert "Houston" in page.locator("main").inner_text()


def test_no_csp_violation_in_the_admin(seeded_site, live_server, page):
    """The public pages are watched for CSP violations in their walk (tests/a11y/test_axe.py)."""
    page.add_init_script(CSP_WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    user = get_user_model().objects.create_superuser("csp-admin", "csp@example.gov", "a long test password 1")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a long test password 1")
    with page.expect_navigation():
        page.click("input[type=submit]")
    # The change forms of seeded rows, by their real keys (the seed may load after other tests' rows).
    changes = [reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
               for obj in (Page.objects.order_by("pk").first(), Directorate.objects.order_by("pk").first(),
                           FieldOffice.objects.order_by("pk").first())]
    for path in ("/admin/", "/admin/iceinfo/page/", *changes):
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path, f"{path} redirected to {page.url}"  # the form itself
        if path in changes:
            assert page.locator("form#" + path.split("/")[3] + "_form").count() == 1, path
        assert page.evaluate("window.__cspViolations") == [], path
    assert not [text for text in console if "Content Security Policy" in text], console
