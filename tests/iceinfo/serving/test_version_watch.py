"""Each process keeps the content version Redis told it, and Redis tells it when it changes
(iceinfo.serving.version_watch): a warm page-cache hit makes no Redis call, an announced change shows
at the next request, and on any doubt (a lost announcement, a lost connection) the process asks again."""

import os
import threading
import time
from contextlib import contextmanager
from unittest import mock

import pytest
import redis
from django.core.cache import cache, caches
from django.db.models import F

from iceinfo.models import ContentVersion, Page
from iceinfo.serving import cache as content_cache
from iceinfo.serving import version_watch
from tests.iceinfo.serving.test_pagecache import app, call, content_page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); .ci/run provides it"),
    pytest.mark.django_db,
]


def _watch():
    """This process's watch, once its listener is subscribed."""
    watch = version_watch.watch(caches["default"], content_cache.VERSION_KEY)
    deadline = time.monotonic() + 10
    while not watch.listening:
        assert time.monotonic() < deadline, "the listener did not subscribe"
        time.sleep(0.02)
    time.sleep(0.1)  # announcements of the fixtures' saves have arrived
    return watch


@contextmanager
def redis_commands():
    """The Redis commands this thread sends meanwhile."""
    sent, me, original = [], threading.get_ident(), redis.Redis.execute_command

    def counting(self, *args, **options):
        if threading.get_ident() == me:
            sent.append(args[0])
        return original(self, *args, **options)

    with mock.patch.object(redis.Redis, "execute_command", counting):
        yield sent


def _warm(wsgi_app):
    for _ in range(2):  # the miss stores the page, the first hit reads Redis's copy and keeps it
        status, _, body = call(wsgi_app, "/check-in/")
        assert status.startswith("200") and b"Original" in body


def _change_elsewhere(body):
    """What another app server's edit leaves behind, without telling this process: the row, the
    version and Redis's copy of it."""
    Page.objects.filter(slug="check-in").update(body=body)
    ContentVersion.objects.filter(pk=1).update(value=F("value") + 1)
    row = content_cache._read_row()
    cache.set(content_cache.VERSION_KEY, row, 60)
    return row


def _announce_elsewhere():
    client = caches["default"]._cache.get_client(write=True)
    client.publish(version_watch.channel_for(caches["default"], content_cache.VERSION_KEY), b"")
    # Redis may answer the publisher a moment before it writes to the subscribers; an editor's next
    # request comes at least a network round trip later. Far below the recheck time (60 s here).
    time.sleep(0.05)


def test_a_warm_hit_makes_no_redis_call(app, content_page):  # noqa: F811
    _watch()
    _warm(app)
    with redis_commands() as sent:
        for _ in range(3):
            status, _, body = call(app, "/check-in/")
            assert status.startswith("200") and b"Original" in body
    assert sent == []


def test_a_change_announced_by_another_server_shows_at_the_next_request(app, content_page, settings):  # noqa: F811
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60  # only the announcement can tell this process
    _watch()
    _warm(app)
    _change_elsewhere("<p>Changed on another server</p>")
    assert b"Original" in call(app, "/check-in/")[2]  # not told yet: the kept version answers
    _announce_elsewhere()
    assert b"Changed on another server" in call(app, "/check-in/")[2]


def test_a_lost_announcement_shows_within_the_recheck_time(app, content_page, settings):  # noqa: F811
    settings.CONTENT_VERSION_RECHECK_SECONDS = 1
    _watch()
    _warm(app)
    _change_elsewhere("<p>Changed, announcement lost</p>")
    assert b"Original" in call(app, "/check-in/")[2]
    time.sleep(1.1)
    assert b"announcement lost" in call(app, "/check-in/")[2]


def test_a_lost_connection_forgets_the_version_and_the_listener_comes_back(app, content_page, settings):  # noqa: F811
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60
    watch = _watch()
    _warm(app)
    client = caches["default"]._cache.get_client(write=True)
    name = f"iceinfo-version-watch-{os.getpid()}"
    killed = [c["id"] for c in client.client_list() if c.get("name") == name]
    assert killed
    for client_id in killed:
        client.client_kill_filter(_id=client_id)
    _change_elsewhere("<p>Changed while the listener was away</p>")  # its announcement would be lost
    assert b"while the listener was away" in call(app, "/check-in/")[2]  # it asks Redis again
    deadline = time.monotonic() + 10
    while not watch.listening:
        assert time.monotonic() < deadline, "the listener did not come back"
        time.sleep(0.05)
    call(app, "/check-in/")  # read and kept again
    _change_elsewhere("<p>Changed after it came back</p>")
    _announce_elsewhere()
    assert b"after it came back" in call(app, "/check-in/")[2]


def test_a_change_in_this_process_is_seen_at_once(app, content_page, settings):  # noqa: F811
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60
    _watch()
    _warm(app)
    Page.objects.filter(slug="check-in").update(body="<p>Changed here</p>")
    content_cache.bump_content_version()
    assert b"Changed here" in call(app, "/check-in/")[2]


def test_a_process_without_a_listener_asks_redis_every_time(app, content_page, settings):  # noqa: F811
    """Not subscribed yet (or reconnecting): every hit reads Redis's copy, as before."""
    watch = _watch()
    watch.listening = False  # as while connecting
    try:
        _warm(app)
        with redis_commands() as sent:
            call(app, "/check-in/")
        assert sent == ["GET"]
    finally:
        watch.listening = True
