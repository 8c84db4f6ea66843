"""Two gunicorn app servers sharing one PostgreSQL and one Redis: an edit made through the admin of
one is served by the other at its very next request (the content version lives in Redis)."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[3]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

needs_shared_services = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL) and os.environ.get("CI") != "true",
    reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); .ci/run provides both",
)


class FormParser(HTMLParser):
    """Collects the named fields of the admin change form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def _wait(url, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture
def shared_database():
    import psycopg

    if not DATABASE_URL.startswith("postgres"):
        pytest.fail("CI must provide PostgreSQL for the two-server test")
    name = f"iceinfo_two_servers_{os.getpid()}"
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urllib.parse.urlparse(DATABASE_URL)._replace(path=f"/{name}").geturl()
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@needs_shared_services
def test_an_edit_on_one_server_shows_on_the_other(shared_database, collected_static):
    redis_url = REDIS_URL.rsplit("/", 1)[0] + "/9"  # a database of its own (test workers use 10+)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": shared_database,
        "REDIS_URL": redis_url,
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["load_seed_content", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run(
        manage + ["shell", "-c", "from django.contrib.auth.models import User; "
                  "User.objects.create_superuser('editor', 'editor@example.gov', 'a long test password 1')"],
        cwd=ROOT, env=env, check=True, timeout=60,
    )
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=False, capture_output=True)
    ports = [free_port(), free_port()]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    servers = [
        subprocess.Popen(
            [gunicorn, "iceinfo.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--no-control-socket"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (a, b):
            _wait(base + "/healthz")
        before = urllib.request.urlopen(b + "/").read().decode()
        assert "1-866-DHS-2-ICE" in before
        assert urllib.request.urlopen(b + "/").read().decode() == before  # now served from the cache

        # An editor signs in on server A and changes the tip line display in the admin.
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = opener.open(a + "/admin/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        opener.open(a + "/admin/login/", urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "editor", "password": "a long test password 1",
             "next": "/admin/"}).encode()).read()
        form_html = opener.open(a + "/admin/iceinfo/sitesettings/1/change/").read().decode()
        parser = FormParser()
        parser.feed(form_html)
        fields = parser.fields
        assert fields["tip_line_display"] == "1-866-DHS-2-ICE"
        fields["tip_line_display"] = "1-866-DHS-2-ICE (edited on A)"
        saved = opener.open(a + "/admin/iceinfo/sitesettings/1/change/", urllib.parse.urlencode(fields).encode())
        assert "/admin/iceinfo/sitesettings/" in saved.geturl()

        after = urllib.request.urlopen(b + "/").read().decode()
        assert "1-866-DHS-2-ICE (edited on A)" in after
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
