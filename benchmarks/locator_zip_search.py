"""Benchmark: the field office list and locator over 2,000 offices, through Django's test client.

Run: .venv/bin/python benchmarks/locator_zip_search.py   (SQLite in a temporary file; or set
DATABASE_URL to a throwaway PostgreSQL database). Not part of `make test`. Each request is a whole
Django cycle (the page cache is a WSGI layer the test client does not go through); the page frame
cache is warm. Prints the median wall time and the median CPU time (this process) per request, and
the queries per request, for the plain list, a state, ZIP searches and city searches.
Budget (issue 9): under 15 ms CPU per request on the 2-core benchmark machine.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iceinfo.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from contacts.models import FieldOffice  # noqa: E402

COUNT, RUNS = 2000, 30
LIST = "/contact/field-offices/"
ZIPS = ["77060", "10278", "94111", "60605", "33324", "98168", "85004", "30303", "20001", "78701"]
CITIES = ["Houston, TX", "Poughkeepsie, NY", "Erie, PA", "Amarillo, TX", "Seattle, WA", "Miami, FL"]
KINDS = {
    "list": lambda run: f"{LIST}?page={run % 80 + 1}",
    "state": lambda run: f"{LIST}?state={['TX', 'CA', 'NY'][run % 3]}",
    "ZIP search": lambda run: f"{LIST}?q={ZIPS[run % len(ZIPS)]}&page={run // len(ZIPS) + 1}",
    "city search": lambda run: f"{LIST}?q={CITIES[run % len(CITIES)]}&page={run // len(CITIES) + 1}",
}


def main():
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_seed_content", verbosity=0, stdout=quiet)
    call_command("generate_content", "--offices", str(COUNT), "--pages", "0", "--leaders", "0", "--news", "0",
                 stdout=quiet)
    client = Client()
    print(f"{FieldOffice.objects.published().count()} live offices, {RUNS} requests per kind "
          "(whole request through Django's test client, page frame cached)")
    for kind, url in KINDS.items():
        client.get(url(0))  # warm: templates, page frame
        queries = set()
        for run in range(RUNS):  # the queries of each request
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url(run)).status_code == 200, url(run)
            queries.add(len(captured))
        wall, cpu = [], []
        for run in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url(run))
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url(run)
        print(f"{kind:12s} median {statistics.median(wall):5.1f} ms wall, {statistics.median(cpu):5.1f} ms CPU, "
              f"max {max(wall):5.1f} ms wall; queries per request: {sorted(queries)}")


if __name__ == "__main__":
    main()
