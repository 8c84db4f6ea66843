"""Two-factor enrolment in a real browser, with two-factor login on: the first site administrator,
enrolled with `manage.py add_totp_device`, signs in with a code and adds an editor's device: the key is
shown on the Add form only, and never read back afterwards (OTP_ADMIN_HIDE_SENSITIVE_DATA, issue #14)."""

import io
import re
from base64 import b32decode
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import CSP_WATCH, PASSWORD
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)

def test_first_administrator_signs_in_with_a_code_and_enrols_an_editor(two_factor, live_server, page):
    staff_user("chief", "Site administrators")
    editor = staff_user("editora", "Editors")
    out = io.StringIO()
    call_command("add_totp_device", "chief", stdout=out)
    key = b32decode(re.search(r"Key \(base32\): ([A-Z2-7]+)", out.getvalue()).group(1))
    page.add_init_script(CSP_WATCH)
    base = live_server.url

    # django-otp's login: user name and password first, then the device and its code.
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").first.click()
    page.select_option("#id_otp_device", label="authenticator")
    page.fill("#id_otp_token", f"{totp(key):06d}")
    with page.expect_navigation():
        page.locator("input[type=submit]").first.click()
    assert urlparse(page.url).path == "/admin/", page.url

    # Add the editor's device (user by id: the field is a raw id input).
    page.goto(base + "/admin/otp_totp/totpdevice/add/")
    page.fill("#id_user", str(editor.pk))
    page.fill("#id_name", "phone")
    shown_key = page.input_value("#id_key")  # the key to type into the editor's app, shown once
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    device = TOTPDevice.objects.get(user=editor)
    assert device.key == shown_key
    expect(page.get_by_role("link", name="qrcode")).to_have_count(0)
    assert shown_key not in page.content()
    assert page.evaluate("window.__cspViolations") == []
