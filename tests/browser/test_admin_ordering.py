"""Drag-and-drop ordering in the admin (iceinfo/editing/ordering.py, static/js/admin-ordering.js), in a
real browser: dragging a row only renumbers the order inputs; the admin's normal Save stores them
through the list_editable save path, so the public page follows and the moved row has a history entry.
Keyboard users get Move up / Move down buttons, also on the links inline of a link group."""

import pytest
from playwright.sync_api import expect

from directorates.models import Directorate
from iceinfo.models import LinkGroup
from tests.browser.helpers import CSP_WATCH
from tests.browser.helpers import log_in as shared_log_in
from tests.factories import LinkFactory, LinkGroupFactory
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)

def log_in(page, base, username):
    shared_log_in(page, base, username)
    expect(page.locator("#user-tools")).to_contain_text(username)


def directorates_on_home(browser, base):
    """The directorates' and offices' names in the order a visitor (no cookies) sees them on the home page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "/")
        return page.locator(".iceinfo-directorate-summary .usa-card__heading").all_inner_texts()
    finally:
        context.close()


def order_inputs(page):
    return page.locator("#result_list tbody input[data-iceinfo-order]")


def row(page, name):
    return page.locator("#result_list tbody tr", has=page.get_by_role("link", name=name, exact=True))


def drag(page, source, target):
    """Press on ``source``, move in small steps to the upper part of ``target``, release (as a mouse would)."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] - 5, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 2, steps=20)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 1, steps=2)
    page.mouse.up()


def test_drag_a_directorate_to_the_top_save_and_the_home_page_follows(seeded_site, live_server, browser):
    base = live_server.url
    staff_user("publicadora", "Publishers")
    opla = Directorate.objects.get(acronym="OPLA")
    ero = Directorate.objects.get(acronym="ERO")
    before = directorates_on_home(browser, base)
    assert before.index(ero.name_en) == 0 and before.index(opla.name_en) == 3
    history_before = opla.history.count()

    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(CSP_WATCH)
    log_in(page, base, "publicadora")
    page.goto(base + "/admin/directorates/directorate/")
    expect(page.locator(".iceinfo-order__help")).to_be_visible()
    numbers_before = [int(value) for value in order_inputs(page).evaluate_all("els => els.map(e => e.value)")]

    drag(page, row(page, opla.name_en).locator(".iceinfo-order__handle"), row(page, ero.name_en))

    first_row = page.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text(opla.name_en)
    numbers_after = [int(value) for value in order_inputs(page).evaluate_all("els => els.map(e => e.value)")]
    assert numbers_after == sorted(numbers_before)  # the page's numbers, given out in the new order
    assert row(page, opla.name_en).locator("input[data-iceinfo-order]").input_value() == str(numbers_before[0])
    opla.refresh_from_db()
    assert opla.order != numbers_before[0]  # nothing saved by the drag itself

    page.locator("#changelist-form input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("items were saved")
    assert page.evaluate("window.__cspViolations") == []

    opla.refresh_from_db()
    assert opla.order == numbers_before[0]
    after = directorates_on_home(browser, base)
    assert after == [opla.name_en] + [name for name in before if name != opla.name_en]

    latest = opla.history.order_by("-history_date").first()
    assert opla.history.count() == history_before + 1
    assert latest.order == numbers_before[0] and latest.history_user.username == "publicadora"
    context.close()


def test_move_buttons_work_from_the_keyboard_and_are_named(seeded_site, live_server, browser):
    base = live_server.url
    staff_user("publicadora", "Publishers")
    hsi = Directorate.objects.get(acronym="HSI")
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, "publicadora")
    page.goto(base + "/admin/directorates/directorate/")

    up = row(page, hsi.name_en).get_by_role("button", name=f"Move up: {hsi.name_en}", exact=True)
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#result_list tbody tr").first).to_contain_text(hsi.name_en)
    assert page.evaluate("document.activeElement.dataset.move") == "up"  # focus stays on the moved row's button
    expect(page.get_by_role("status")).to_contain_text("Moved to position 1 of 5")

    page.locator("#changelist-form input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("2 items were saved")
    assert list(Directorate.objects.order_by("order").values_list("acronym", flat=True))[:2] == ["HSI", "ERO"]
    context.close()


def test_sorted_by_another_column_there_is_nothing_to_drag(seeded_site, live_server, browser):
    staff_user("publicadora", "Publishers")
    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server.url, "publicadora")
    page.goto(live_server.url + "/admin/directorates/directorate/?o=3")  # by acronym (order is column 2, after the name)
    expect(order_inputs(page)).to_have_count(0)
    expect(page.locator("#result_list tbody input[name$='-order']")).to_have_count(5)  # still typable
    expect(page.locator(".iceinfo-order__handle")).to_have_count(0)
    context.close()


def test_links_inline_of_a_link_group_can_be_reordered(live_server, browser):
    admin = staff_user("root")
    admin.is_superuser = True
    admin.save()
    group = LinkGroupFactory(title_en="Footer links")
    first, second, third = (LinkFactory(group=group, label_en=label, order=index * 10)
                            for index, label in enumerate(["Alpha", "Bravo", "Charlie"], start=1))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(CSP_WATCH)
    log_in(page, live_server.url, "root")
    page.goto(f"{live_server.url}/admin/iceinfo/linkgroup/{group.pk}/change/")
    rows = page.locator(".iceinfo-order__row:not(.empty-form)")
    expect(rows).to_have_count(3)
    # At 1280 px the Move up / Move down buttons are on screen, not cut off to the right (#21 item 10).
    rights = page.locator(".iceinfo-order__move").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    assert rights and max(rights) <= 1280, rights

    move_down = page.get_by_role("button", name="Move down: Alpha", exact=True)
    move_down.press("Enter")
    move_down.press("Enter")
    expect(rows.last).to_contain_text("Alpha")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert page.evaluate("window.__cspViolations") == []
    labels = list(LinkGroup.objects.get(pk=group.pk).links.order_by("order").values_list("label_en", flat=True))
    assert labels == ["Bravo", "Charlie", "Alpha"]
    third.refresh_from_db()
    assert third.history.count() == 2  # saved through the inline formset: history kept
    context.close()
