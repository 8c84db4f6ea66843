"""Benchmark: server time of a ZIP search on /contact/field-offices/ over 2,000 offices.

Run: .venv/bin/python benchmarks/locator_zip_search.py   (SQLite in a temporary file; or set
DATABASE_URL to a throwaway PostgreSQL database). Not part of `make test`. Budget (issue 4): well
under 100 ms per search, page cache bypassed (each query string differs).
"""

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
from django.test import Client  # noqa: E402

from contacts.models import Coverage, FieldOffice  # noqa: E402

COUNT, RUNS = 2000, 30
ZIPS = ["77060", "10278", "94111", "60605", "33324", "98168", "85004", "30303", "20001", "78701"]


def main():
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    FieldOffice.objects.all().delete()
    offices = FieldOffice.objects.bulk_create(
        FieldOffice(
            name_en=f"Office {n}",
            slug=f"office-{n}",
            status="published",
            zip_code="77060",
            latitude=25 + (n % 200) / 10,
            longitude=-120 + (n // 200) * 5,
            order=n,
        )
        for n in range(COUNT)
    )
    states = ["TX", "NY", "CA", "IL", "FL", "WA", "AZ", "GA", "DC", "VA"]
    Coverage.objects.bulk_create(Coverage(office=o, state=states[i % len(states)]) for i, o in enumerate(offices))
    client = Client()
    client.get("/contact/field-offices/?q=77060")  # warm: ZIP index, templates, page frame
    timings = []
    for run in range(RUNS):
        start = time.perf_counter()
        response = client.get(f"/contact/field-offices/?q={ZIPS[run % len(ZIPS)]}&page={run // len(ZIPS) + 1}")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    print(
        f"{COUNT} offices, {RUNS} ZIP searches: median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms (whole request through Django's test client)"
    )


if __name__ == "__main__":
    main()
