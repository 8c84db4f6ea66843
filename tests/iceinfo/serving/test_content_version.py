"""The content version lives in the database (iceinfo.serving.cache): a bump cannot be lost to a cache outage,
the editor is told when the live site could not be updated yet, operators can purge, and every
process of the embedded default (`make run`: gunicorn workers, no Redis) sees an edit at once."""

import io
import os
import time
import urllib.request

import pytest
from django.core.management import call_command
from django.urls import reverse

from iceinfo.models import ContentVersion, SiteSettings
from iceinfo.serving import cache as content_cache
from tests.factories import SiteSettingsFactory
from tests.servers import free_port, gunicorn, manage, site_environment

from ..admin_helpers import form_data

REDIS_URL = os.environ.get("REDIS_URL", "")
WARNING = "the live site could not be updated yet"


def _unreachable_redis():
    return {
        "default": {
            "BACKEND": "iceinfo.serving.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def _save_tip_line(admin_client, text):
    url = reverse("admin:iceinfo_sitesettings_change", args=[1])
    data = form_data(admin_client.get(url), tip_line_display=text)
    return admin_client.post(url, data, follow=True)


@pytest.mark.django_db
def test_a_save_while_the_cache_does_not_answer_is_kept_and_the_editor_is_told(admin_client, settings):
    SiteSettingsFactory()
    before = content_cache.content_version()
    settings.CACHES = _unreachable_redis()
    content_cache._down_until = 0.0
    response = _save_tip_line(admin_client, "1-866-DHS-2-ICE (Redis down)")
    assert response.status_code == 200
    assert WARNING in response.content.decode()
    assert SiteSettings.objects.get().tip_line_display.endswith("(Redis down)")
    assert ContentVersion.objects.get(pk=1).value == before + 1  # in the database: not lost


@pytest.mark.django_db
def test_a_save_with_the_cache_answering_gives_no_warning(admin_client):
    SiteSettingsFactory()
    response = _save_tip_line(admin_client, "1-866-DHS-2-ICE (edited)")
    assert response.status_code == 200 and WARNING not in response.content.decode()


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL); .ci/run provides it")
@pytest.mark.django_db
def test_an_edit_saved_while_redis_was_down_shows_within_seconds_of_it_answering(admin_client, client, settings):
    settings.CONTENT_VERSION_MIRROR_SECONDS = 1
    redis = settings.CACHES
    SiteSettingsFactory()
    assert "1-866-DHS-2-ICE" in client.get("/").content.decode()  # the version copied into Redis, the frame kept
    settings.CACHES = _unreachable_redis()
    content_cache._down_until = 0.0
    _save_tip_line(admin_client, "1-866-DHS-2-ICE (Redis down)")
    settings.CACHES = redis  # Redis answers again, still holding the old version's copy and frame
    content_cache._down_until = 0.0
    time.sleep(1.2)  # nobody acts: the copy expires and is read again from the database
    assert "(Redis down)" in client.get("/").content.decode()


@pytest.mark.django_db
def test_bump_content_version_purges_every_kept_page(client):
    SiteSettingsFactory()
    client.get("/")
    before = content_cache.content_version()
    out = io.StringIO()
    call_command("bump_content_version", stdout=out)
    after = content_cache.content_version()
    assert after > before and str(after) in out.getvalue()
    SiteSettings.objects.filter(pk=1).update(tip_line_display="changed without a signal")
    assert "changed without a signal" in client.get("/").content.decode()


@pytest.mark.django_db
def test_saves_inside_bumps_held_move_the_version_once_when_the_outermost_block_ends(client):
    from tests.factories import AlertFactory

    SiteSettingsFactory()

    def row():
        return ContentVersion.objects.get(pk=1).value

    before = row()
    with content_cache.bumps_held():
        AlertFactory()
        with content_cache.bumps_held():
            AlertFactory()
        assert row() == before  # the inner block leaves the bump to the outer one
        AlertFactory()
        assert row() == before
    assert row() == before + 1
    with content_cache.bumps_held():
        pass  # nothing saved: nothing to move
    assert row() == before + 1
    client.get("/")  # kept under the version of now
    SiteSettings.objects.filter(pk=1).update(tip_line_display="held, then bumped")
    with content_cache.bumps_held():
        SiteSettings.objects.get(pk=1).save()
    assert "held, then bumped" in client.get("/").content.decode()  # nothing served from before the block


@pytest.mark.slow
def test_make_run_workers_all_show_an_edit_made_in_another_process(tmp_path, collected_static):
    """`make run` as it runs: gunicorn with two workers, SQLite, no REDIS_URL (a cache per worker)."""
    env = site_environment(f"sqlite:///{tmp_path / 'db.sqlite3'}", collected_static)

    def shell(code):
        manage(env, "shell", "-c", code, timeout=120)

    manage(env, "migrate", "--noinput", "-v0")
    shell("from iceinfo.models import SiteSettings; SiteSettings.objects.create(pk=1, agency_name='ICE', "
          "short_name='ICE', tip_line_display='1-866-DHS-2-ICE', tip_line_tel='+18663472423')")
    with gunicorn(env, workers=2, timeout=60) as base:
        for _ in range(20):  # both workers render and keep the page and the frame
            with urllib.request.urlopen(base + "/", timeout=10) as response:
                assert "1-866-DHS-2-ICE" in response.read().decode()
        shell("from iceinfo.models import SiteSettings; s = SiteSettings.objects.get(); "
              "s.tip_line_display = '1-866-DHS-2-ICE (edited in a shell)'; s.save()")
        ids = set()
        for _ in range(20):
            with urllib.request.urlopen(base + "/", timeout=10) as response:
                assert "(edited in a shell)" in response.read().decode()
                ids.add(response.headers["X-Request-ID"])  # page-cache hits carry one too
        assert len(ids) == 20
