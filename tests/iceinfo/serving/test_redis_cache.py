"""The Redis cache backend shares one redis-py client per connection pool (iceinfo.serving.redis_cache)."""

import os

import pytest

from iceinfo.serving.redis_cache import RedisCache


def test_one_client_serves_every_call():
    backend = RedisCache("redis://127.0.0.1:1/0", {})  # nothing listens: no call connects here
    client = backend._cache.get_client()
    assert backend._cache.get_client("key") is client
    assert backend._cache.get_client(write=True) is client  # one server: one pool for reads and writes


def test_replicas_keep_a_client_each():
    backend = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client()
    assert writer is not reader and backend._cache.get_client() is reader
    assert writer.connection_pool.connection_kwargs["port"] == 1
    assert reader.connection_pool.connection_kwargs["port"] == 2


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); .ci/run provides it")
def test_it_stores_and_reads_through_the_shared_client():
    backend = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "iceinfo-test-shared-client"})
    backend.set("answer", {"a": [1, 2]}, 30)
    assert backend.get_many(["answer", "missing"]) == {"answer": {"a": [1, 2]}}
    assert backend.add("counter", 1, 30) and backend.incr("counter") == 2
    backend.delete_many(["answer", "counter"])
    assert backend.get("answer") is None
