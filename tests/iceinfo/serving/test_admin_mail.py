"""Unhandled errors are mailed to DJANGO_ADMINS from DJANGO_SERVER_EMAIL (issue #22)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

ROOT = Path(__file__).resolve().parents[3]
CODE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.ADMINS, s.SERVER_EMAIL, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS]))"
)


def _settings(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "iceinfo.settings"},
    )


def test_admins_and_the_sender_come_from_the_environment():
    result = _settings(
        DJANGO_ADMINS='Web Ops <webops@example.gov>, "Doe, Jane" <jane.doe@example.gov>,oncall@example.gov',
        DJANGO_SERVER_EMAIL="iceinfo@example.gov",
        DJANGO_EMAIL_HOST="smtp.example.gov",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_USE_TLS="true",
    )
    assert result.returncode == 0, result.stderr
    admins, sender, host, port, tls = json.loads(result.stdout)
    assert admins == [
        ["Web Ops", "webops@example.gov"],
        ["Doe, Jane", "jane.doe@example.gov"],
        ["oncall@example.gov", "oncall@example.gov"],
    ]
    assert (sender, host, port, tls) == ("iceinfo@example.gov", "smtp.example.gov", 587, True)


def test_no_admins_by_default():
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0] == []


@pytest.mark.parametrize("value", ["Web Ops", "Web Ops <webops>", "a@example.gov; b@example.gov"])
def test_a_value_that_is_not_addresses_stops_start_up_naming_the_variable(value):
    result = _settings(DJANGO_ADMINS=value)
    assert result.returncode != 0
    assert "DJANGO_ADMINS must be comma-separated e-mail addresses" in result.stderr


@pytest.mark.django_db
def test_an_unhandled_error_is_mailed_to_the_admins(client, settings):
    settings.ROOT_URLCONF = "tests.iceinfo.serving.extra_urls"
    settings.ADMINS = [("Web Ops", "webops@example.gov")]
    settings.SERVER_EMAIL = "iceinfo@example.gov"
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["webops@example.gov"] and message.from_email == "iceinfo@example.gov"
    assert "ValueError" in message.subject + message.body and "a bug in a view" in message.body
