"""The foundation: health check, error pages, database-down page, settings rules."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def _fail_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    with connection.execute_wrapper(_fail_every_query):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["database"].startswith("error")
    assert body["status"] == "unavailable"


@pytest.mark.django_db
def test_healthz_is_ready_but_degraded_when_the_cache_does_not_answer(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    for path in ("/healthz", "/healthz/ready"):
        response = client.get(path)
        assert response.status_code == 200
        body = json.loads(response.content)
        assert body["cache"].startswith("degraded") and body["status"] == "degraded" and body["database"] == "ok"


def test_liveness_needs_neither_database_nor_cache(client):
    with connection.execute_wrapper(_fail_every_query):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/healthz/ready", "/healthz/live"])
def test_probes_answer_whatever_host_they_send(client, path, caplog):
    response = client.get(path, HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"  # the normal response, security headers included
    assert "DisallowedHost" not in caplog.text


@pytest.mark.django_db
def test_a_bad_host_is_one_warning_line_without_a_traceback(client, caplog):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,lang", [("", "en"), ("/es", "es"), ("/ar", "ar")])
def test_database_down_gives_a_localized_503_with_retry_after(client, seeded_site, prefix, lang):
    client.get(prefix + "/")  # warm the frame cache, as a running site would have it
    with connection.execute_wrapper(_fail_every_query):
        response = client.get(prefix + "/any-content-page/")  # a page that must query the database
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert 'class="usa-banner"' in html  # rendered in the site's frame
    assert "Traceback" not in html


@pytest.mark.django_db
def test_404_is_rendered_in_the_frame_and_language(client, seeded_site):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert 'class="usa-banner"' in html and 'class="usa-footer ' in html
    assert 'id="main-content"' in html


@pytest.mark.django_db
def test_500_renders_without_touching_the_database(rf, seeded_site):
    from iceinfo.serving.errors import server_error

    request = rf.get("/")
    with connection.execute_wrapper(_fail_every_query):
        response = server_error(request)
    assert response.status_code == 500
    assert 'class="usa-banner"' in response.content.decode()


@pytest.mark.django_db
def test_an_unexpected_error_shows_the_500_page_not_a_debug_page(seeded_site, monkeypatch, settings):
    from iceinfo.composition import home

    settings.DEBUG = False

    def boom(self, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(home.HomeView, "get_context_data", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "RuntimeError" not in html and "Traceback" not in html
    assert 'class="usa-banner"' in html


@pytest.mark.django_db
def test_bad_host_header_is_a_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(extra)
    return env


def test_production_refuses_the_insecure_default_key():
    result = _manage("check", env=_clean_env(DJANGO_ENV="production"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    env = _clean_env(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x7" * 30 + "-production-like-key",
        DJANGO_ALLOWED_HOSTS="www.ice.gov",
        DATABASE_URL="postgres://iceinfo@db.internal:5432/iceinfo",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x7" * 30 + "-production-like-key",
              "DJANGO_ALLOWED_HOSTS": "www.ice.gov"}


@pytest.mark.parametrize(
    ("missing", "present"),
    [("DATABASE_URL", {"REDIS_URL": "redis://cache.internal:6379/0"}),
     ("REDIS_URL", {"DATABASE_URL": "postgres://iceinfo@db.internal:5432/iceinfo"})],
)
def test_production_without_its_database_or_cache_fails_check_deploy_and_start_up(missing, present):
    env = {k: v for k, v in _clean_env(**PRODUCTION, **present).items() if k != missing}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "iceinfo.E001" in result.stderr and f"{missing} is not set" in result.stderr
    started = subprocess.run([sys.executable, "-c", "import iceinfo.wsgi"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=120)
    assert started.returncode != 0 and f"{missing} is not set" in started.stderr


def test_a_single_server_may_opt_out_of_redis():
    env = _clean_env(**PRODUCTION, DATABASE_URL="postgres://iceinfo@db.internal:5432/iceinfo",
                     DJANGO_SINGLE_SERVER="true")
    env.pop("REDIS_URL", None)
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_defaults_do_not_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_clean_env())
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr  # the insecure key is flagged


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI promises PostgreSQL and Redis")
def test_ci_runs_on_postgresql_and_redis():
    from django.conf import settings

    assert connection.vendor == "postgresql", "CI must not fall back to SQLite"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache"), "CI must use Redis"
