"""A real PostgreSQL that goes away and comes back: visitors get a localized 503 with Retry-After,
/healthz says 503, and the site recovers by itself when the database returns."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[3]
PGBIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1] if Path("/usr/lib/postgresql").exists() else None

pytestmark = [
    pytest.mark.skipif(
        PGBIN is None and os.environ.get("CI") != "true", reason="needs PostgreSQL server binaries (CI has them)"
    ),
    pytest.mark.slow,
]

# The pages this test asks for need the field offices only: their seed hook, as load_seed_content runs
# it (the search index built once at the end), takes a few seconds where the whole seed takes about 25
# on PostgreSQL; the home page answers without content.
LOAD_FIELD_OFFICES = """
from contacts import seed
from iceinfo import seeding
from iceinfo.composition import search
with search.indexing_paused(), seeding.one_index():
    seed.load()
"""


def _as_postgres(*command):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + [str(c) for c in command], check=True, capture_output=True, timeout=60)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def throwaway_postgres():
    env = {**os.environ, "PG_FORCE_THROWAWAY": "1"}
    out = subprocess.run(["bash", "scripts/pg-up.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    values = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines() if line.startswith("export "))
    data = values["PG_TMP_DATA"]
    yield values["DATABASE_URL"], data
    subprocess.run(["bash", "scripts/pg-down.sh"], cwd=ROOT, env={**os.environ, "PG_TMP_DATA": data},
                   capture_output=True, timeout=120)
    shutil.rmtree(Path(data).parent, ignore_errors=True)


def test_database_outage_and_recovery(throwaway_postgres, collected_static):
    database_url, data = throwaway_postgres
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"},
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "1",
    }
    for args in (["migrate", "--noinput", "-v0"], ["shell", "-v0", "-c", LOAD_FIELD_OFFICES]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "iceinfo.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--no-control-socket"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _get(base + "/es/")[0] == 200

        _as_postgres(PGBIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        time.sleep(1.1)  # let the page cache entry expire: we want Django to hit the database
        status, headers, body = _get(base + "/contact/field-offices/?q=10278")
        assert status == 503
        assert headers["Retry-After"].isdigit()
        assert "Traceback" not in body and 'class="usa-banner"' in body
        status, headers, body = _get(base + "/es/contact/field-offices/?q=77060")
        assert status == 503 and '<html lang="es"' in body
        assert _get(base + "/healthz")[0] == 503

        pg_port = database_url.rsplit(":", 1)[1].split("/")[0]
        _as_postgres(PGBIN / "pg_ctl", "-D", data, "-l", Path(data).parent / "server.log", "-w", "-t", "60", "-o",
                     f"-c listen_addresses=127.0.0.1 -p {pg_port} -k {Path(data).parent} -c fsync=off", "start")
        deadline = time.time() + 30
        while time.time() < deadline and _get(base + "/healthz")[0] != 200:
            time.sleep(0.5)
        assert _get(base + "/healthz")[0] == 200, "the site did not recover by itself"
        status, _, body = _get(base + "/contact/field-offices/?q=10278")
        assert status == 200 and "New York" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
