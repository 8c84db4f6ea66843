"""Issue #21, item 6, in a real browser: an Editor submits a draft with a comment, a Publisher finds it
on the admin's home page, opens it from there and publishes it; both get the emails. Screenshots of
the home page's review panel (also in Arabic) and of the change form, at 1280 and 375 px, go to
test-results/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from directorates.models import Directorate
from tests.a11y.axe import AXE, AXE_OPTIONS
from tests.browser.helpers import log_in, public_text, set_rich_text
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "test-results"
NEW_BODY = "<p>HSI investigates cross-border crime. A sentence the editor added for review.</p>"
COMMENT = "Please check the sentence I added to the HSI page."


def shots(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"review-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_editor_submits_and_a_publisher_publishes_from_the_dashboard(seeded_site, live_server, browser, mailoutbox):
    base = live_server.url
    hsi = Directorate.objects.get(acronym="HSI")
    public_url = base + hsi.get_absolute_url()
    change_path = f"/admin/directorates/directorate/{hsi.pk}/change/"
    staff_user("redactora", "Editors")
    staff_user("publicador", "Publishers")

    # The Editor changes the English body and submits it for review with a comment.
    editor = browser.new_context(viewport={"width": 1280, "height": 900})
    page = editor.new_page()
    log_in(page, base, "redactora")
    expect(page.locator("#user-tools")).to_contain_text("redactora")
    page.goto(base + change_path)
    set_rich_text(page, "id_body_en", NEW_BODY)
    page.locator("#id_review_comment").fill(COMMENT)
    shots(page, "change-form-editor")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    assert "A sentence the editor added" not in public_text(browser, public_url)
    [mail] = mailoutbox
    assert mail.to == ["publicador@example.gov"] and COMMENT in mail.body
    # Her home page lists it under "My drafts", waiting for review.
    page.goto(base + "/admin/")
    expect(page.locator("#iceinfo-my-drafts")).to_contain_text("Homeland Security Investigations")
    expect(page.locator("#iceinfo-my-drafts")).to_contain_text("Waiting for review")
    editor.close()

    # The Publisher signs in: the home page shows what waits, with the comment; he opens it from there.
    publisher = browser.new_context(viewport={"width": 1280, "height": 900})
    page = publisher.new_page()
    log_in(page, base, "publicador")
    queue = page.locator("#iceinfo-review-queue")
    expect(queue).to_contain_text("Waiting for review (1)")
    expect(queue).to_contain_text("By redactora")
    expect(queue).to_contain_text(COMMENT)
    shots(page, "dashboard")
    results = AXE.run(page, context="#iceinfo-review-queue, #iceinfo-my-drafts", options=AXE_OPTIONS)
    assert results.response["passes"] and results.violations_count == 0, results.generate_report()
    # In Arabic, right to left, the panel speaks Arabic and the item's Arabic name is shown.
    page.goto(base + "/ar/admin/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(queue).to_contain_text("بانتظار المراجعة")
    expect(queue).to_contain_text(COMMENT)
    shots(page, "dashboard-ar")
    page.goto(base + "/admin/language/en/?next=/admin/directorates/directorate/")
    # The list says which item has changes waiting, and filters on it.
    page.get_by_role("link", name="Waiting for review", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr .iceinfo-changes-waiting")).to_have_text("waiting for review")
    shots(page, "list")
    page.goto(base + "/admin/")
    queue.get_by_role("link", name="Homeland Security Investigations").click()
    expect(page).to_have_url(base + change_path)
    expect(page.locator(".iceinfo-review-note")).to_contain_text("Submitted for review by redactora")
    expect(page.locator(".iceinfo-review-note")).to_contain_text(COMMENT)
    expect(page.get_by_role("button", name="Send back")).to_be_visible()
    shots(page, "change-form")
    results = AXE.run(page, context=".iceinfo-review-note, .iceinfo-review-box, .submit-row", options=AXE_OPTIONS)
    assert results.response["passes"] and results.violations_count == 0, results.generate_report()

    # He publishes it with a thank-you; the site shows it and the Editor gets an email.
    page.locator("#id_review_comment").fill("Thanks, published.")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert "A sentence the editor added" in public_text(browser, public_url)
    assert mailoutbox[-1].to == ["redactora@example.gov"] and "Thanks, published." in mailoutbox[-1].body
    page.goto(base + "/admin/")
    expect(page.locator("#iceinfo-review-queue")).to_contain_text("No draft is waiting for review.")
    # History names the Editor as the author and him as the publisher.
    page.goto(base + f"/admin/directorates/directorate/{hsi.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Written by redactora")
    expect(page.locator("#change-history")).to_contain_text("Published by publicador")
    publisher.close()
