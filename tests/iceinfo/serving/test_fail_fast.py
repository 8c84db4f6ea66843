"""A database that does not answer costs a visitor a quick 503, and the server says so at start-up."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[3]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.slow
def test_a_dead_database_is_a_quick_503_and_logged_at_start_up(collected_static, tmp_path):
    dead = free_port()  # nothing listens there
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"},
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/iceinfo",
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "iceinfo.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                assert _get(base + "/healthz/live")[0] == 200
                break
            except OSError:
                assert time.time() < deadline, log.read_text()
                time.sleep(0.2)
        assert "database check FAILED" in log.read_text() and str(dead) in log.read_text()
        for path in ("/about-ice/", "/es/contact/field-offices/"):
            started = time.monotonic()
            status, body = _get(base + path)
            assert status == 503, body[:300]
            assert time.monotonic() - started < 2.5
        started = time.monotonic()
        assert _get(base + "/healthz/ready")[0] == 503
        assert time.monotonic() - started < 2.5
    finally:
        server.terminate()
        server.wait(timeout=20)
