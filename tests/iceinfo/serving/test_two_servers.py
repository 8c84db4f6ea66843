"""Two gunicorn app servers sharing one PostgreSQL and one Redis: an edit made through the admin of
one is served by the other at its very next request. Each server keeps the content version Redis gave
it, and Redis tells it of every change (iceinfo.serving.version_watch): a warm hit sends Redis nothing,
and after a Redis restart or a lost announcement the servers ask again."""

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.servers import ThrowawayRedis, free_port

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


@pytest.fixture
def throwaway_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("the two-server test needs redis-server (apt-get install -y redis-server; .ci/run does)")
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def _edit_tip_line(opener, base, text):
    """An editor, signed in on ``base``, changes the tip line display in the admin."""
    form_html = opener.open(base + "/admin/iceinfo/sitesettings/1/change/").read().decode()
    parser = FormParser()
    parser.feed(form_html)
    fields = parser.fields
    fields["tip_line_display"] = text
    saved = opener.open(base + "/admin/iceinfo/sitesettings/1/change/", urllib.parse.urlencode(fields).encode())
    errors = re.findall(r'class="errorlist.*?</ul>|class="errornote.*?</p>', saved.read().decode(), re.S)
    assert saved.geturl().endswith("/admin/iceinfo/sitesettings/"), errors  # saved: back to the list


def _page(base):
    return urllib.request.urlopen(base + "/", timeout=10).read().decode()


RECHECK_SECONDS = 2  # the servers' CONTENT_VERSION_RECHECK_SECONDS (the default)


@pytest.mark.slow
@needs_shared_services
def test_an_edit_on_one_server_shows_on_the_other(shared_database, collected_static, throwaway_redis):
    redis_server = throwaway_redis
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": shared_database,
        "REDIS_URL": redis_server.url,
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CONTENT_VERSION_RECHECK_SECONDS": str(RECHECK_SECONDS),
    }
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["load_seed_content", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run(
        manage
        + [
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "User.objects.create_superuser('editor', 'editor@example.gov', 'a long test password 1')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    redis_server.cli("flushall")
    ports = [free_port(), free_port()]
    logs = [redis_server.workdir / "server-a.log", redis_server.workdir / "server-b.log"]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    servers = [
        subprocess.Popen(
            [
                gunicorn,
                "iceinfo.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (a, b):
            _wait(base + "/healthz")
        before = _page(b)
        assert "1-866-DHS-2-ICE" in before
        redis_server._until(lambda: len(redis_server.listeners()) == 1, "saw no listener of server B")
        assert _page(b) == before  # now served from the cache (and the version Redis gave is kept)

        # A warm hit is answered by the process alone: no command reaches Redis.
        counted = redis_server.commands()
        for _ in range(10):
            assert _page(b) == before
        sent = {name: calls - counted.get(name, 0) for name, calls in redis_server.commands().items()}
        assert {name: n for name, n in sent.items() if n and name not in ("ping", "info")} == {}

        # An editor signs in on server A and changes the tip line display in the admin.
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = opener.open(a + "/admin/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        opener.open(
            a + "/admin/login/",
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": "editor",
                    "password": "a long test password 1",
                    "next": "/admin/",
                }
            ).encode(),
        ).read()
        _edit_tip_line(opener, a, "1-866-DHS-2-ICE (edited on A)")
        assert "1-866-DHS-2-ICE (edited on A)" in _page(b)

        # Redis restarts, empty: the listener's subscription is gone with it. Server B forgets the
        # version it kept, reads it again, subscribes again, and hears the next edit.
        _page(b)
        redis_server.stop()
        redis_server.start()
        assert "(edited on A)" in _page(b)
        redis_server._until(lambda: len(redis_server.listeners()) == 1, "saw server B's listener come back")
        _page(b)
        _edit_tip_line(opener, a, "1-866-DHS-2-ICE (after a restart)")
        assert "(after a restart)" in _page(b)

        # An announcement lost on the way: the row changes and Redis forgets its copy, and nobody tells
        # server B. It serves what it kept for at most the recheck time, then asks Redis again.
        _page(b)
        subprocess.run(
            manage
            + [
                "shell",
                "-c",
                "from django.db.models import F; "
                "from iceinfo.models import ContentVersion, SiteSettings; "
                "SiteSettings.objects.update(tip_line_display='1-866-DHS-2-ICE (never announced)'); "
                "ContentVersion.objects.update(value=F('value') + 1)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
        )
        redis_server.cli("flushall")
        deadline = time.time() + RECHECK_SECONDS + 3
        while "(never announced)" not in _page(b):
            assert time.time() < deadline, "a lost announcement was never made up for"
            time.sleep(0.1)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        if sys.exc_info()[0] is not None:
            for log in logs:  # shown with the failure
                print(f"--- {log.name}\n{log.read_text()[-20000:]}")
