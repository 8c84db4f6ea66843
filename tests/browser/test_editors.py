"""Done-when for the editors' admin, in a real browser: an Editor (not a superuser) changes the
Spanish summary of HSI as a draft, previews it, a Publisher publishes it, the history shows the
diff and a revert puts the site back; two editors saving the same item; lockout after failures."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from directorates.models import Directorate
from tests.browser.helpers import log_in, public_text, rich_text_editor, set_rich_text
from tests.iceinfo.admin_helpers import staff_user

# The HSI page shows its body (the home card shows the summary), so the draft edits the Spanish body.
NEW_SUMMARY = "<p>Resumen revisado de HSI para la prueba del navegador.</p>"
pytestmark = pytest.mark.django_db(transaction=True)


def csp_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return errors


def open_hsi(page, base):
    page.goto(base + "/admin/directorates/directorate/")
    page.get_by_role("link", name="Homeland Security Investigations", exact=True).click()
    expect(page.locator(".ui-tabs-nav").first).to_be_visible()


@pytest.fixture
def hsi(seeded_site):
    hsi = Directorate.objects.get(acronym="HSI")
    with translation.override("es"):
        url = hsi.get_absolute_url()
    return hsi, url


def test_draft_preview_publish_history_revert(hsi, live_server, browser):
    hsi, spanish_path = hsi
    base, spanish_url = live_server.url, live_server.url + spanish_path
    staff_user("editora", "Editors")
    staff_user("publicadora", "Publishers")
    original = public_text(browser, spanish_url)
    assert "Investigaciones de Seguridad Nacional (HSI) es el principal" in original

    # The Editor logs in, opens HSI, switches the summary to its Spanish tab and saves.
    editor = browser.new_context()
    page = editor.new_page()
    errors = csp_errors(page)
    log_in(page, base, "editora")
    expect(page.locator("#user-tools")).to_contain_text("editora")
    open_hsi(page, base)
    assert page.locator(".ui-tabs-nav li a").count() >= 12  # one tab per language, per translated field
    expect(page.locator("#id_status")).to_have_count(0)  # editors cannot change the status
    page.locator('a[href="#tab_id_body_es"]').click()
    expect(rich_text_editor(page, "id_body_es")).to_be_visible()
    set_rich_text(page, "id_body_es", NEW_SUMMARY)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as a draft")
    assert not [e for e in errors if "script-src" in e], errors

    # The site is unchanged.
    assert "Resumen revisado de HSI" not in public_text(browser, spanish_url)

    # Preview in Spanish: the site's frame, the draft text, a clear banner.
    with editor.expect_page() as opened:
        page.get_by_role("link", name="Preview in Spanish").click()
    preview = opened.value
    preview.wait_for_load_state()
    with translation.override("es"):  # the banner speaks the previewed page's language
        banner_text = gettext("Preview — not published")
    expect(preview.locator(".iceinfo-preview-banner")).to_contain_text(banner_text)
    expect(preview.locator("main")).to_contain_text("Resumen revisado de HSI")
    expect(preview.locator("header.usa-header")).to_be_visible()
    assert preview.locator("html").get_attribute("lang") == "es"
    editor.close()

    # A Publisher opens HSI: the draft is in the form; saving publishes it.
    publisher = browser.new_context()
    page = publisher.new_page()
    log_in(page, base, "publicadora")
    open_hsi(page, base)
    expect(page.locator(".iceinfo-draft-note")).to_contain_text("unpublished changes")
    assert page.locator("#id_body_es").input_value() == NEW_SUMMARY
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert "Resumen revisado de HSI" in public_text(browser, spanish_url)

    # History: the diff shows the old and the new Spanish summary; revert to the version before.
    open_hsi(page, base)
    page.locator("a.historylink").first.click()
    changes = page.locator("#change-history tbody tr").first
    expect(changes).to_contain_text("Resumen revisado de HSI")
    expect(changes).to_contain_text("es el principal brazo de investigación")
    page.locator("#change-history tbody tr").nth(1).locator("td a").first.click()
    page.locator("input[name=_save]").first.click()  # "Revert"
    expect(page.locator(".messagelist")).to_contain_text("was reverted to the version you chose")
    restored = public_text(browser, spanish_url)
    assert "Resumen revisado de HSI" not in restored
    assert "Investigaciones de Seguridad Nacional (HSI) es el principal" in restored
    publisher.close()


def test_second_save_is_refused_and_nothing_is_lost(hsi, live_server, browser):
    hsi, spanish_path = hsi
    base = live_server.url
    staff_user("ana", "Publishers")
    staff_user("beto", "Publishers")
    pages = []
    for username in ("ana", "beto"):
        context = browser.new_context()
        page = context.new_page()
        log_in(page, base, username)
        open_hsi(page, base)
        pages.append(page)
    first, second = pages
    set_rich_text(first, "id_summary_en", "<p>Ana's summary.</p>")
    first.locator("input[name=_continue]").click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    set_rich_text(second, "id_summary_en", "<p>Beto's summary.</p>")
    second.locator("input[name=_continue]").click()
    expect(second.locator(".errornote, .errorlist").first).to_be_visible()
    expect(second.locator("#directorate_form")).to_contain_text("Someone else saved this item")
    assert second.locator("#id_summary_en").input_value() == "<p>Beto's summary.</p>"  # kept in the form
    link = second.get_by_role("link", name="Open the current version")
    assert re.search(rf"/admin/directorates/directorate/{hsi.pk}/change/$", link.get_attribute("href"))
    hsi.refresh_from_db()
    assert hsi.summary_en == "<p>Ana's summary.</p>"  # the first save stands
    # The current version, opened from the link, shows Ana's text.
    current = second.context.new_page()
    current.goto(base + link.get_attribute("href"))
    assert current.locator("#id_summary_en").input_value() == "<p>Ana's summary.</p>"


def test_six_wrong_passwords_lock_the_account(seeded_site, live_server, page):
    staff_user("editora", "Editors")
    for _attempt in range(6):
        log_in(page, live_server.url, "editora", "not-the-password")
    expect(page.locator("body")).to_contain_text("Account locked")
    log_in(page, live_server.url, "editora")  # even the right password is refused now
    expect(page.locator("body")).to_contain_text("Account locked")
    page.goto(live_server.url + "/admin/")
    assert "/admin/login/" in page.url


def test_unsaved_changes_warn_and_survive_a_session_expiry(hsi, live_server, browser):
    """Issue #21 item 4: leaving a changed form asks first; after a session expiry the typed text is
    offered back when the form is opened again; a confirmed save drops the copy."""
    base = live_server.url
    staff_user("ana", "Publishers")
    context = browser.new_context()
    page = context.new_page()
    errors = csp_errors(page)
    log_in(page, base, "ana")
    open_hsi(page, base)
    change_url = page.url
    assert page.locator('[spellcheck="false"]').count() == 0  # item 9: spell-check stays on
    page.locator("#id_name_en").fill("Homeland Security Investigations, typed")
    set_rich_text(page, "id_summary_en", "<p>A long paragraph typed before the session expired.</p>")

    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "Stay on page"

    page.on("dialog", answer)
    page.locator("#site-name a").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"] and page.url == change_url
    page.remove_listener("dialog", answer)

    # The session expires; Save goes to the sign-in page, and nothing was saved.
    context.clear_cookies(name="sessionid")
    page.locator("input[name=_continue]").click()
    expect(page.locator("#login-form")).to_be_visible()
    assert Directorate.objects.get(acronym="HSI").name_en == "Homeland Security Investigations"
    log_in(page, base, "ana")
    page.goto(change_url)
    offer = page.locator(".iceinfo-unsaved")
    expect(offer).to_contain_text("that were not saved")
    offer.get_by_role("button", name="Restore my changes").click()
    assert page.locator("#id_name_en").input_value() == "Homeland Security Investigations, typed"
    expect(rich_text_editor(page, "id_summary_en")).to_contain_text("typed before the session expired")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    hsi = Directorate.objects.get(acronym="HSI")
    assert "typed before the session expired" in hsi.summary_en and hsi.name_en.endswith(", typed")
    page.reload()
    page.wait_for_load_state("load")
    expect(page.locator(".iceinfo-unsaved")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('iceinfo-unsaved:'))") == []
    assert not [e for e in errors if "script-src" in e or "style-src" in e], errors
    context.close()


def test_the_admin_in_arabic_names_the_language_tabs_and_keeps_the_tab_after_save(hsi, live_server, browser):
    """Issue #21 item 11: /ar/admin/ opens the admin in Arabic, right to left; tabs carry language names;
    after "Save and continue editing" the form is on the tab the editor chose."""
    hsi, _spanish_path = hsi
    base = live_server.url
    staff_user("ana", "Publishers")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = csp_errors(page)
    log_in(page, base, "ana")
    page.goto(base + "/ar/admin/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.goto(f"{base}/admin/directorates/directorate/{hsi.pk}/change/")
    spanish_tab = page.locator('a[href="#tab_id_body_es"]')
    spanish = page.evaluate("new Intl.DisplayNames(['ar'], {type: 'language'}).of('es')")
    expect(spanish_tab).to_have_text(spanish)
    assert page.locator("#id_name_ar").get_attribute("dir") == "auto"
    spanish_tab.click()
    expect(rich_text_editor(page, "id_body_es")).to_be_visible()
    page.screenshot(path="/tmp/iceinfo-admin-ar.png")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist li")).to_have_count(1)
    expect(rich_text_editor(page, "id_body_es")).to_be_visible()
    expect(rich_text_editor(page, "id_summary_en")).to_be_hidden()
    assert not [e for e in errors if "script-src" in e or "style-src" in e], errors
    context.close()
