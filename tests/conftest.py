"""Shared test set-up: plain static storage, fast hashing, a clean cache per test, and Playwright
driving Debian's Chromium (never a downloaded browser) for tests/browser and tests/a11y."""

import os
import shutil

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django_otp.admin import OTPAdminSite


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Manifest storage needs collectstatic; tests (and live_server) use the plain finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory, worker_id):
    """A temporary folder every worker of the run shares (pytest-xdist gives each worker one of its own
    under it): what is built once per run lives here."""
    shared = tmp_path_factory.getbasetemp()
    return shared if worker_id == "master" else shared.parent


@pytest.fixture(autouse=True, scope="session")
def _seed_snapshots_shared_by_the_workers(run_folder):
    """The first worker to load the seed on a clean database leaves its rows here for the others
    (tests/seeded.py)."""
    from tests import seeded

    seeded.shared_folder = run_folder


@pytest.fixture(autouse=True, scope="session")
def _redis_database_per_worker(worker_id):
    """Parallel workers (pytest-xdist) each get a Redis database of their own: tests flush theirs."""
    from django.conf import settings
    from django.test.utils import override_settings

    location = settings.CACHES["default"].get("LOCATION", "")
    if worker_id == "master" or not str(location).startswith("redis"):
        yield
        return
    number = 10 + int(worker_id.removeprefix("gw"))
    caches = {"default": {**settings.CACHES["default"], "LOCATION": location.rsplit("/", 1)[0] + f"/{number}"}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever language an earlier test left active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    from iceinfo.serving import cache as content_cache
    from iceinfo.serving import outage

    content_cache._down_until = 0.0  # a cache failure in one test must not silence the next
    outage._database_down_until = 0.0  # nor a database failure
    # Each test rolls the content-version row back to where it started, so the next test counts the same
    # versions again: this process's copies (pages, frame fragments) must not outlive the test.
    content_cache._forget_fragments()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_content_types():
    """tests/seeded.py may write the content types back under other keys, and a rollback undoes that: the
    next test must not find this one's keys cached. (A fixture of its own: tests that override _clear_cache,
    having no cache to clear, still need this.)"""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def site_settings(db):
    """The site's settings row (name, contact details) that every page's frame reads."""
    from tests.factories import SiteSettingsFactory

    return SiteSettingsFactory()


@pytest.fixture
def seeded_site(db):
    """The site's seed content, as `make run` loads it (tests/seeded.py: the loader's rows, written again)."""
    from tests.seeded import seed_site

    seed_site()


CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Under `--dist loadgroup`, pytest-xdist keeps a group on one worker by adding ``@group`` to its tests'
    node ids; a pytest it does not fit (9.2, pytest-dev/pytest-xdist#1386) silently loses that, and each
    worker starts the group's site again. Say so instead."""
    if not getattr(session.config.option, "loadgroup", False):  # set on the workers of a loadgroup run
        return
    lost = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if lost:
        raise pytest.UsageError(f"--dist loadgroup ignores xdist_group here (see requirements-dev.txt): {lost[:3]}")


def pytest_collection_modifyitems(items):
    from django.conf import settings

    on_postgresql = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    needs_postgresql = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (.ci/run does)")
    for item in items:
        if "tests/browser" in str(item.fspath) or "tests/a11y" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
        if not on_postgresql and item.get_closest_marker("postgres"):
            item.add_marker(needs_postgresql)
    # What takes seconds starts first (the order is otherwise kept): under pytest-xdist each worker then
    # ends with short tests, and the workers finish together instead of one waiting for another's last
    # long test.
    items.sort(key=lambda item: not (item.get_closest_marker("slow") or item.get_closest_marker("browser")))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` (make test does it as root)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def collected_static(run_folder):
    """`collectstatic` with the production (hashed, compressed) storage, once per run: parallel workers
    (pytest-xdist) share one build in the run's common temporary folder, the first one builds it."""
    import fcntl
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert (root / "static/dist/css/site.css").exists(), "run `npm run build` (make test does)"
    shared = run_folder
    target = shared / "staticfiles"
    with open(shared / "staticfiles.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here while the first one builds
        if not (target / "staticfiles.json").exists():
            building = shared / "staticfiles.partial"
            shutil.rmtree(building, ignore_errors=True)
            result = subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--ignore", "src", "-v", "0"],
                cwd=root, env={**os.environ, "DJANGO_STATIC_ROOT": str(building)}, capture_output=True,
                text=True, timeout=600,
            )
            assert result.returncode == 0, result.stderr
            building.rename(target)
    return target


@pytest.fixture
def two_factor():
    """The admin as settings.ADMIN_2FA makes it (iceinfo.editing.admin swaps the site's class at import)."""
    original = admin.site.__class__
    admin.site.__class__ = OTPAdminSite
    yield
    admin.site.__class__ = original
