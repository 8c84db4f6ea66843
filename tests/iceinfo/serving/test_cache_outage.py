"""Redis unreachable: pages still come from the database (slower), a warning is logged, no 500."""

import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from iceinfo.serving.pagecache import PageCache
from tests.iceinfo.serving.test_pagecache import call
from tests.servers import free_port


@pytest.fixture
def unreachable_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "iceinfo.serving.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.fixture
def _clear_cache():
    """Overrides the autouse fixture of the same name: there is no cache to clear."""
    from iceinfo.serving import cache as content_cache

    content_cache._down_until = 0.0
    yield


@pytest.mark.django_db
def test_pages_are_served_without_redis(seeded_site, unreachable_redis, client, caplog):
    for path in ("/", "/es/", "/contact/field-offices/?q=77060"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "serving without it" in caplog.text
    # After the first failure the process stops asking Redis for a while: no timeout per call.
    started = time.monotonic()
    assert client.get("/about-ice/directorates/").status_code == 200
    assert time.monotonic() - started < 0.2 * 3
    health = client.get("/healthz")  # readiness: ready (the database answers), the cache degraded
    assert health.status_code == 200 and b'"database": "ok"' in health.content
    assert b'"cache": "degraded' in health.content


@pytest.mark.django_db
def test_page_cache_layer_passes_through_without_redis(seeded_site, unreachable_redis, caplog):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        app = PageCache(WSGIHandler())
        status, _, body = call(app, "/")
        assert status.startswith("200") and b"usa-banner" in body
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert "serving without it" in caplog.text
