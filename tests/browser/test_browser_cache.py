"""Done-when of #20: an editor who publishes sees the change at the next load of the page in the same
browser (public pages make browsers revalidate, ``max-age=0, must-revalidate``), and so does a
visitor who had the page open before the edit."""

import pytest
from playwright.sync_api import expect

from iceinfo.models import Page, Status
from tests.browser.helpers import log_in, set_rich_text
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_who_publishes_sees_the_change_at_the_next_load(seeded_site, live_server, browser):
    row = Page.objects.create(
        title="Reporting for check-in",
        slug="browser-cache-check",
        body="<p>Bring your notice.</p>",
        status=Status.PUBLISHED,
    )
    url = live_server.url + row.get_absolute_url()
    staff_user("publisher", "Publishers")
    visitor = browser.new_context().new_page()
    visitor.goto(url)
    expect(visitor.locator("main")).to_contain_text("Bring your notice.")

    context = browser.new_context()
    page = context.new_page()
    first = page.goto(url)  # before signing in: the browser keeps this anonymous, public copy
    assert "must-revalidate" in first.headers["cache-control"] and "max-age=0" in first.headers["cache-control"]
    expect(page.locator("main")).to_contain_text("Bring your notice.")
    log_in(page, live_server.url, "publisher")
    page.goto(f"{live_server.url}/admin/iceinfo/page/{row.pk}/change/")
    set_rich_text(page, "id_body_en", "<p>Bring your notice and an identity document.</p>")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert "identity document" in Page.objects.get(pk=row.pk).body_en

    page.goto(url)  # a normal load of the page (not a forced reload), in the same browser
    expect(page.locator("main")).to_contain_text("Bring your notice and an identity document.")
    visitor.goto(url)
    expect(visitor.locator("main")).to_contain_text("Bring your notice and an identity document.")
    context.close()
