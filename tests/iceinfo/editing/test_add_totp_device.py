"""Two-factor enrolment: `manage.py add_totp_device` makes the first administrator's device; site
administrators (only they) manage the others' devices in the admin, which shows a QR code."""

import io
import re
from base64 import b32decode
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db
PASSWORD = "A-long-passphrase-for-tests-1"


def add_device(*args):
    out = io.StringIO()
    call_command("add_totp_device", *args, stdout=out)
    return out.getvalue()


def printed_key(output):
    return re.search(r"^Key \(base32\): ([A-Z2-7]+)$", output, re.MULTILINE).group(1)


def code(key, offset=0):
    return f"{totp(b32decode(key), t0=0, step=30, digits=6, drift=offset):06d}"


# --- the command -----------------------------------------------------------------------------------
def test_command_creates_a_confirmed_device_whose_codes_verify():
    user = staff_user("chief", "Site administrators")
    output = add_device("chief", "--name", "phone")
    device = TOTPDevice.objects.get(user=user)
    assert device.name == "phone" and device.confirmed
    key = printed_key(output)
    assert b32decode(key) == device.bin_key
    uri = next(line for line in output.splitlines() if line.startswith("otpauth://"))
    parsed = urlparse(uri)
    assert parsed.netloc == "totp" and unquote(parsed.path).endswith(":chief")
    assert parse_qs(parsed.query)["secret"] == [key] and parse_qs(parsed.query)["issuer"] == ["ICE public website"]
    assert "█" in output or "▀" in output  # the QR code, drawn in text
    assert device.verify_token(code(key))
    assert not TOTPDevice.objects.get(pk=device.pk).verify_token(code(key, offset=5))  # 150 s away


def test_command_default_name_and_replace():
    user = staff_user("chief", "Site administrators")
    first = printed_key(add_device("chief"))
    with pytest.raises(CommandError, match="already has"):
        add_device("chief")
    second = printed_key(add_device("chief", "--replace"))
    assert first != second
    assert list(TOTPDevice.objects.filter(user=user).values_list("name", flat=True)) == ["authenticator"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: None, "no user"),
        (lambda: staff_user("nobody").__class__.objects.filter(username="nobody").update(is_active=False),
         "inactive"),
        (lambda: staff_user("nobody").__class__.objects.filter(username="nobody").update(is_staff=False),
         "not staff"),
    ],
)
def test_command_refuses_unknown_inactive_or_non_staff_users(make, message):
    make()
    with pytest.raises(CommandError, match=message):
        add_device("nobody")
    assert not TOTPDevice.objects.exists()


def test_command_exits_non_zero_with_a_clear_message(capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "add_totp_device", "nobody"]).execute()
    assert exit_info.value.code != 0
    assert 'CommandError: There is no user "nobody".' in capsys.readouterr().err


# --- signing in with the device --------------------------------------------------------------------
def test_with_two_factor_on_the_device_lets_its_user_in_with_a_right_code_only(client, two_factor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # else a failure makes the device wait before it checks the next code
    staff_user("chief", "Site administrators")
    key = printed_key(add_device("chief"))
    device = TOTPDevice.objects.get()
    login = reverse("admin:login")
    fields = {"username": "chief", "password": PASSWORD, "otp_device": device.persistent_id, "next": "/admin/"}

    response = client.post(login, {**fields, "otp_token": "000000" if code(key) != "000000" else "111111"})
    assert response.status_code == 200  # refused, the form again
    assert client.get(reverse("admin:index")).status_code == 302  # not let in

    response = client.post(login, {**fields, "otp_token": code(key)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


# --- the TOTP device admin: site administrators only, with a QR code ------------------------------
def test_site_administrators_manage_devices_but_never_read_a_secret(client):
    """Issue #14, finding 9: OTP_ADMIN_HIDE_SENSITIVE_DATA; a device that does not exist is a 404."""
    device = TOTPDevice.objects.create(user=staff_user("editor", "Editors"), name="phone")
    client.force_login(staff_user("chief", "Site administrators"))
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 200
    html = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in html
    config = reverse("admin:otp_totp_totpdevice_config", args=[device.pk])
    qrcode = reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])
    assert config not in html and qrcode not in html
    assert client.get(config).status_code == 403 and client.get(qrcode).status_code == 403
    for name in ("config", "qrcode"):
        assert client.get(f"/admin/otp_totp/totpdevice/999999/{name}/").status_code == 404, name


@pytest.mark.parametrize("group", ["Editors", "Publishers"])
def test_other_staff_cannot_see_or_manage_devices(client, group):
    device = TOTPDevice.objects.create(user=staff_user("chief", "Site administrators"), name="phone")
    client.force_login(staff_user("someone", group))
    for name, args in [("changelist", []), ("add", []), ("change", [device.pk]), ("config", [device.pk]),
                       ("qrcode", [device.pk])]:
        assert client.get(reverse(f"admin:otp_totp_totpdevice_{name}", args=args)).status_code == 403, name
