"""The page frame in a real browser: USWDS styles load, the banner disclosure works, screenshots."""

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def shots_dir():
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_frame_renders_with_uswds(seeded_site, live_server, page, width, shots_dir):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    banner = page.locator(".usa-banner")
    # USWDS CSS is loaded: the banner gets its grey background, the body its font.
    assert banner.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(240, 240, 240)"
    assert "Source Sans Pro" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.locator("header.usa-header").is_visible()
    assert page.locator("footer.usa-footer").is_visible()
    assert page.locator(".usa-identifier").is_visible()
    # The "Here's how you know" disclosure opens (USWDS JavaScript ran under our CSP).
    page.locator(".usa-banner__button").click()
    page.locator("#gov-banner").wait_for(state="visible")
    assert page.locator(".usa-banner__button").get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(shots_dir / f"home-{width}.png"), full_page=True)
    # No horizontal scrolling on a phone-width screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db(transaction=True)
def test_skip_link_moves_focus_to_main(seeded_site, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".usa-skipnav")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.django_db(transaction=True)
def test_arabic_is_right_to_left(seeded_site, live_server, page, shots_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.screenshot(path=str(shots_dir / "home-ar-1280.png"), full_page=True)
