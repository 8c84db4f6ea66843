"""Issue #21, items 7 and 8, in a real browser: a page is linked by choosing it (no content type, no
typed id), in a link group's rows and in the rich-text link dialog; a child page added from the page
tree shows on its parent's public page."""

import pytest
from playwright.sync_api import expect

from iceinfo.models import Link, Page
from tests.browser.helpers import CSP_WATCH, log_in, rich_text_editor
from tests.factories import LinkFactory, LinkGroupFactory, PageFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(db):
    SiteSettingsFactory()
    about = PageFactory(title_en="About ICE", slug_en="about-ice", slug_es="acerca-de-ice", order=10)
    mission = PageFactory(title_en="Our mission", slug_en="mission", slug_es="mision", parent=about, order=10)
    return {"about": about, "mission": mission}


def test_choose_a_page_in_a_link_row_without_typing_an_id(pages, live_server, page):
    group = LinkGroupFactory(title_en="Footer: about")
    LinkFactory(group=group, label_en="Careers", url="/careers/", order=10)
    staff_user("pub1", "Publishers")
    page.add_init_script(CSP_WATCH)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "pub1")
    page.goto(f"{live_server.url}/admin/iceinfo/linkgroup/{group.pk}/change/")
    # No content type menu and no id box: a search instead.
    expect(page.locator("select[name='links-0-content_type']")).to_have_count(0)
    expect(page.locator("input[name='links-0-object_id']")).to_be_hidden()

    page.locator("#links-group .add-row a").click()
    row = page.locator("tr.form-row").nth(1)
    row.locator("input[name='links-1-label_en']").fill("Mission")
    row.locator("input[name='links-1-order']").fill("20")
    search = row.get_by_role("searchbox", name="Find a page on this site")
    search.fill("missi")
    result = row.get_by_role("button", name="Our mission")
    expect(result).to_be_visible()
    result.click()
    expect(row.locator("[data-chooser-current]")).to_contain_text("Our mission")
    expect(row.locator("[data-chooser-current]")).to_contain_text("/about-ice/mission/")
    assert row.locator("input[name='links-1-object_id']").input_value() == str(pages["mission"].pk)

    # The table fits the screen: no sideways scrolling at 1280 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_be_visible()
    link = Link.objects.get(group=group, label_en="Mission")
    assert link.target == pages["mission"] and link.href == "/about-ice/mission/"
    assert page.evaluate("window.__cspViolations") == []


def test_choose_a_page_in_the_rich_text_link_dialog(pages, live_server, page):
    staff_user("pub1", "Publishers")
    page.add_init_script(CSP_WATCH)
    log_in(page, live_server.url, "pub1")
    page.goto(f"{live_server.url}/admin/iceinfo/page/{pages['about'].pk}/change/")
    editor = rich_text_editor(page, "id_body_en")
    editor.get_by_role("textbox").click()
    page.keyboard.press("ControlOrMeta+a")
    editor.get_by_role("button", name="insert link", exact=True).click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Link to a page on this site").fill("our mission")
    dialog.get_by_role("button", name="Our mission").click()
    expect(dialog.locator("input[name=href]")).to_have_value("/about-ice/mission/")
    assert page.evaluate("window.__cspViolations") == []


def test_add_a_child_page_from_the_tree_and_it_shows_on_its_parent(pages, live_server, page):
    staff_user("pub1", "Publishers")
    log_in(page, live_server.url, "pub1")
    page.goto(f"{live_server.url}/admin/iceinfo/page/")
    rows = page.locator("#result_list tbody tr")
    expect(rows.nth(1)).to_contain_text("Our mission")  # under About ICE
    rows.nth(0).get_by_role("link", name="Add child page").click()
    expect(page.locator("#id_parent")).to_have_value(str(pages["about"].pk))
    page.locator("#id_title_en").press_sequentially("Leadership team")
    expect(page.locator("#id_slug_en")).to_have_value("leadership-team")  # made from the title
    page.locator("#id_status").select_option("published")
    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_be_visible()
    child = Page.objects.get(slug_en="leadership-team")
    assert child.parent == pages["about"]

    visitor = page.context.browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/about-ice/")
    section = visitor.locator("nav[aria-labelledby='in-this-section']")
    expect(section.get_by_role("link", name="Leadership team")).to_have_attribute("href", "/about-ice/leadership-team/")
    visitor.goto(f"{live_server.url}/es/acerca-de-ice/")
    expect(visitor.locator("#in-this-section")).to_have_text("En esta sección")
    expect(visitor.locator("nav[aria-labelledby='in-this-section']")).to_contain_text("Leadership team")


def test_the_page_list_on_a_phone_shows_status_and_order_without_scrolling_sideways(pages, live_server, page):
    staff_user("pub1", "Publishers")
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "pub1")
    page.goto(f"{live_server.url}/admin/iceinfo/page/")
    first = page.locator("#result_list tbody tr").first
    for cell in (first.locator("td.field-status_and_changes"), first.locator("input[data-iceinfo-order]")):
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    expect(first.locator("td.field-status_and_changes")).to_have_attribute("data-label", "Status")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
