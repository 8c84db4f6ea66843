"""Real app servers for tests that measure or restart what a visitor reaches: gunicorn on a free
local port, over a settings environment of the test's own (its database, the collected static files)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    """A local TCP port nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(database_url, static_root, **extra):
    """This process's environment without its Django settings, REDIS_URL and DATABASE_URL, for a site
    on ``database_url`` serving the collected ``static_root`` to 127.0.0.1."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")}
    return {
        **kept,
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }


def manage(env, *args, timeout=300, quiet=False):
    """``manage.py *args`` in the repository, with ``env``; fails the test when it fails."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL if quiet else None,
    )


@contextmanager
def gunicorn(env, workers=1, timeout=60):
    """gunicorn serving the site with ``env``: yields its base URL once /healthz/live answers."""
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "iceinfo.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/healthz/live", timeout=2)
                break
            except OSError:
                assert time.time() < deadline, "gunicorn did not come up"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
