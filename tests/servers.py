"""Real servers for tests that measure or restart what a visitor reaches: gunicorn on a free
local port, over a settings environment of the test's own (its database, the collected static files), and a
throwaway redis-server the test may stop and start."""

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


class ThrowawayRedis:
    """A redis-server of the test's own on a free port, which the test may stop and start again."""

    def __init__(self, workdir):
        self.port, self.workdir = free_port(), workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args):
        result = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=10)
        return result.stdout

    def start(self):
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.workdir),
            ],
            check=True,
            timeout=10,
            capture_output=True,
        )
        self._until(lambda: self.cli("ping").strip() == "PONG", "did not start")

    def stop(self):
        self.cli("shutdown", "nosave")
        self._until(lambda: self.cli("ping").strip() != "PONG", "did not stop")

    def listeners(self):
        """Connections subscribed to a channel (each app server's content-version listener)."""
        return [
            line
            for line in self.cli("client", "list").splitlines()
            if "name=iceinfo-version-watch-" in line and " sub=1 " in line
        ]

    def commands(self):
        """{command: calls} from INFO commandstats."""
        counts = {}
        for line in self.cli("info", "commandstats").splitlines():
            if line.startswith("cmdstat_"):
                name, stats = line.removeprefix("cmdstat_").split(":", 1)
                counts[name] = int(stats.split(",", 1)[0].removeprefix("calls="))
        return counts

    @staticmethod
    def _until(check, what, timeout=15):
        deadline = time.time() + timeout
        while not check():
            assert time.time() < deadline, f"redis-server {what}"
            time.sleep(0.05)
