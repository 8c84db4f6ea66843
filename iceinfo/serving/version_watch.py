"""Redis tells every process when the content version changes, so a page-cache hit needs no round trip.

Each process keeps the content version it last read from Redis (``iceinfo.serving.cache``) and a
listener thread, subscribed to a pub/sub channel, that forgets it whenever a writer announces a
change (``announce``: after the version's copy in Redis is written or dropped). A kept version is
used only while all of these hold; otherwise the process asks Redis again, as it did on every
request before:

- the listener is subscribed (not yet connected, reconnecting after a lost connection or a Redis
  restart, which loses the subscription: the kept version was forgotten when the connection went,
  and the first read after the new subscription is kept again);
- nothing happened on the channel since the read (a generation counter: a read that raced an
  announcement is not kept);
- it was read less than ``CONTENT_VERSION_RECHECK_SECONDS`` ago (the safety net for an announcement
  lost on the way, or a connection that died without a word: the listener also pings Redis every
  second and counts three unanswered seconds as a lost connection).

Why pub/sub and not redis-py's client-side caching (RESP3 ``CLIENT TRACKING``): redis-py 8 refuses
to connect with it below Redis 7.4, and Debian 12's Redis (this project's machines and CI) is 7.0;
tracking by hand (``CLIENT TRACKING ... REDIRECT``) would need the same thread and connection as a
plain channel, plus a per-connection tracking set-up after every reconnect of every pooled
connection. One channel, one message per edit, and a thread per process is the smaller machine.

The thread starts lazily, at the first read of the version in a process: gunicorn forks its
workers from a master that serves no request, so the master never starts one, and a child forked
from a process that had one (``os.register_at_fork``) starts its own.
"""

import logging
import os
import select
import threading
import time

logger = logging.getLogger("iceinfo.serving.version_watch")

PING_SECONDS = 1.0  # the listener pings Redis this often ...
SILENT_PINGS = 3  # ... and counts this many unanswered ones as a lost connection
RECONNECT_SECONDS = (0.1, 5.0)  # first and longest pause between attempts to subscribe


class Unwatched:
    """A cache that cannot announce changes (not Redis): nothing is kept, every read asks."""

    dead = False
    listening = False

    def kept(self):
        return None

    def ticket(self):
        return None

    def keep(self, row, ticket, seconds):
        pass

    def forget(self):
        pass

    def stop(self):
        pass


class Watch(Unwatched):
    """This process's kept content version for one Redis, and the thread that listens for changes."""

    def __init__(self, pool, channel):
        self.pool, self.channel = pool, channel
        self.generation = 0  # changes on every event of the listener (subscribed, message, lost)
        self.listening = False
        self._kept = None  # (row, generation when it was read, monotonic deadline)
        self._pending = False  # the listener is reading what arrived (set before, cleared after)
        self._probe = None  # a poll object on the subscribed socket, for the request side
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="content-version-watch", daemon=True)

    # --- the request side ---------------------------------------------------------------------
    def kept(self):
        """The kept (version, next change) row, or None: ask Redis.

        Also None while something has arrived on the channel that the listener has not handled yet
        (bytes waiting on the socket, or being read): an announcement that reached this machine
        before the request counts even when the listener thread has not run since."""
        kept = self._kept
        if kept is None or not self.listening or kept[1] != self.generation or time.monotonic() >= kept[2]:
            return None
        if self._pending:
            return None
        try:
            if self._probe.poll(0):
                return None
        except Exception:  # noqa: BLE001 - e.g. another thread polling at this moment: ask Redis
            return None
        return kept[0]

    def ticket(self):
        """Take one before reading Redis and give it to ``keep``: None while not listening."""
        return self.generation if self.listening else None

    def keep(self, row, ticket, seconds):
        """Keep a row read from Redis, unless the listener saw something since the ticket was taken."""
        if ticket is not None and ticket == self.generation and seconds > 0:
            self._kept = (row, ticket, time.monotonic() + seconds)

    def forget(self):
        self._kept = None

    # --- the listener -------------------------------------------------------------------------
    def _event(self, listening):
        self.listening = listening
        self.generation += 1  # only this thread writes it
        self._kept = None

    def stop(self):
        self.dead = True
        self._stop.set()
        self.forget()

    def _run(self):
        pause, lost = RECONNECT_SECONDS[0], False
        while not self._stop.is_set():
            pubsub = None
            try:
                from redis import Redis

                pubsub = Redis(connection_pool=self.pool).pubsub()
                pubsub.subscribe(self.channel)
                self._subscribed(pubsub)
                pause = RECONNECT_SECONDS[0]
                if lost:
                    logger.info("content version watch subscribed again: hits are answered from the process")
                    lost = False
                self._listen(pubsub)
            except Exception as exc:  # noqa: BLE001 - any failure: forget, ask Redis, reconnect
                if self.listening:
                    lost = True
                    logger.warning("content version watch lost Redis, asking it on every request: %s", exc)
            finally:
                if self.listening:
                    self._event(False)
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001, S110 - the connection is gone either way
                        pass
            self._stop.wait(pause)
            pause = min(pause * 2, RECONNECT_SECONDS[1])
        self.forget()

    def _subscribed(self, pubsub):
        deadline = time.monotonic() + SILENT_PINGS * PING_SECONDS
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=PING_SECONDS)
            if message is not None and message["type"] == "subscribe":
                return
        raise ConnectionError("no answer to SUBSCRIBE")

    def _listen(self, pubsub):
        sock = pubsub.connection._sock  # redis-py's socket of the subscribed connection
        waiter, self._probe = select.poll(), select.poll()
        for poller in (waiter, self._probe):
            poller.register(sock, select.POLLIN | select.POLLPRI)
        self._event(True)  # subscribed: from now on every change is heard; the next read is kept
        heard = pinged = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() - pinged >= PING_SECONDS:
                pubsub.ping()
                pinged = time.monotonic()
            if waiter.poll(PING_SECONDS * 1000):
                self._pending = True
                try:
                    while (message := pubsub.get_message(timeout=0)) is not None:
                        heard = time.monotonic()
                        if message["type"] == "message":
                            self._event(True)
                        elif message["type"] != "pong":
                            raise ConnectionError(f"unexpected {message['type']} on the content version channel")
                except Exception:
                    self._event(False)  # before the pending flag goes: no moment looks settled
                    raise
                finally:
                    self._pending = False
            elif time.monotonic() - heard > SILENT_PINGS * PING_SECONDS:
                raise ConnectionError("Redis stopped answering pings")


_watches = {}  # (server, channel) -> Watch of this process
_lock = threading.Lock()


def _redis_client(backend):
    """The redis-py client that writes for a Django Redis cache backend, or None for other caches."""
    from django.core.cache.backends.redis import RedisCache

    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def channel_for(backend, key):
    """The channel that announces changes of ``key`` in this cache (pub/sub channels span databases,
    so the channel names the database too)."""
    client = _redis_client(backend)
    db = client.connection_pool.connection_kwargs.get("db", 0) if client is not None else 0
    return f"iceinfo:changed:{db}:{backend.make_key(key)}"


def watch(backend, key):
    """This process's watch over ``key`` in the cache ``backend``, its listener started on first use."""
    found = backend.__dict__.get("_version_watch")
    if found is not None and not found.dead:
        return found
    with _lock:
        client = _redis_client(backend)
        if client is None:
            found = Unwatched()
        else:
            from redis import ConnectionPool
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            pool = client.connection_pool
            channel = channel_for(backend, key)
            kwargs = pool.connection_kwargs
            identity = (channel, kwargs.get("host"), kwargs.get("port"), kwargs.get("path"))
            found = _watches.get(identity)
            if found is None or found.dead:
                options = {
                    **pool.connection_kwargs,
                    # Fail at once: a reconnect hidden inside redis-py would lose messages unseen.
                    "retry": Retry(NoBackoff(), 0),
                    "socket_connect_timeout": 1.0,
                    "socket_timeout": SILENT_PINGS * PING_SECONDS + 1,
                    "health_check_interval": 0,
                    "client_name": f"iceinfo-version-watch-{os.getpid()}",
                }
                found = _watches[identity] = Watch(
                    ConnectionPool(connection_class=pool.connection_class, **options), channel
                )
                found.thread.start()
        backend.__dict__["_version_watch"] = found
    return found


def announce(backend, key):
    """Tell every process watching ``key`` that it changed (one PUBLISH); the caller handles errors."""
    client = _redis_client(backend)
    if client is not None:
        client.publish(channel_for(backend, key), b"")
    found = backend.__dict__.get("_version_watch")
    if found is not None:
        found.forget()  # this process at once, not when its own listener hears it


def forget_all():
    """Forget every kept version of this process (the next read asks Redis)."""
    for found in list(_watches.values()):
        found.forget()


def stop_all():
    """Stop every listener of this process (the cache settings changed, e.g. in a test)."""
    with _lock:
        for found in _watches.values():
            found.stop()
        _watches.clear()


def _after_fork():
    """A forked child has none of its parent's threads: every watch it inherited is dead."""
    global _lock
    _lock = threading.Lock()
    for found in _watches.values():
        found.dead = True
        found._kept = None
    _watches.clear()


os.register_at_fork(after_in_child=_after_fork)
