"""The ONE place that builds cache keys and invalidates them.

Every stored piece of rendered or assembled content is keyed by the *content version*, a counter
kept in the database and mirrored for a few seconds by the shared cache (Redis when REDIS_URL is
set). Saving or deleting any content row bumps it in the same transaction (see ``iceinfo.serving.signals``),
so every app server's next request misses and rebuilds: nothing else invalidates. Scheduled
publishing needs no cron job: each bump also stores the time of the next scheduled
publish/unpublish, and the first request after that time bumps the version again.
A cache that does not answer is logged and treated as a miss, never as an error.
"""

import hashlib
import logging
import secrets
import threading
import time
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started, setting_changed
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Min, Q
from django.dispatch import receiver
from django.utils import timezone

from iceinfo.serving import purge, version_watch

logger = logging.getLogger("iceinfo.serving.cache")

VERSION_KEY = "content-version:mirror"  # (version, next scheduled change) copied from the database
# The page cache keys on the whole query string (normalised by cache_query); which parameters a page
# reads is declared next to its view (iceinfo.query), and a page is stored only when all are declared.
MAX_PARAM_LENGTH = 100


RETRY_AFTER_FAILURE = 5.0  # seconds a process stops asking a cache that just failed
_down_until = 0.0


def _warn(action, exc):
    """Log a cache failure and stop asking the cache for a few seconds (a per-process breaker),
    so that an unreachable Redis costs visitors one connect timeout, not one per cache call."""
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER_FAILURE
    logger.warning("cache %s failed, serving without it: %s", action, exc)


def _cache_down():
    return time.monotonic() < _down_until


def safe_get(key, default=None):
    if _cache_down():
        return default
    try:
        return cache.get(key, default)
    except Exception as exc:  # noqa: BLE001 - any cache backend failure is a miss
        _warn("get", exc)
        return default


def safe_set(key, value, timeout=None):
    if _cache_down():
        return
    try:
        cache.set(key, value, timeout)
    except Exception as exc:  # noqa: BLE001
        _warn("set", exc)


def next_scheduled_change(now=None):
    """Epoch seconds of the earliest future publish_at/unpublish_at of any content, or None."""
    from iceinfo.models import Publishable, content_apps

    now = now or timezone.now()
    moments = []
    for config in content_apps():
        for model in config.get_models():
            if not issubclass(model, Publishable):
                continue
            found = model._base_manager.aggregate(
                publish=Min("publish_at", filter=Q(publish_at__gt=now)),
                unpublish=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
            )
            moments.extend(value for value in found.values() if value is not None)
    return min(moments).timestamp() if moments else None


# --- the content version: kept in the database, mirrored by the shared cache ----------------------
# The row (iceinfo.models.ContentVersion) is bumped in the transaction of the edit, so a bump cannot
# be lost. With a shared cache (Redis) each process reads the cache's copy, which expires after
# CONTENT_VERSION_MIRROR_SECONDS and is then read again from the database: an edit saved while the
# cache did not answer shows on every server within that long (plus CONTENT_VERSION_RECHECK_SECONDS)
# of the cache answering again. Each process keeps the copy it read and a listener thread forgets it
# when a writer announces a change (``version_watch``: pub/sub), so a page-cache hit makes no round
# trip; on any doubt (listener not subscribed, a change during the read, the copy older than
# CONTENT_VERSION_RECHECK_SECONDS) the process asks Redis again. With a process-local cache
# (``make run``: several gunicorn workers, no REDIS_URL) every process reads the row itself, once per
# request.

_request = threading.local()  # .active (inside a request), .version (its memo), .mirror_failed


@receiver(request_started)
def _request_started(**kwargs):
    _request.active, _request.version, _request.mirror_failed = True, None, False


@receiver(request_finished)
def _request_finished(**kwargs):
    _request.active, _request.version = False, None


_backends = threading.local()  # .default: (generation, this thread's caches["default"])
_backend_generation = 0  # moves when the CACHES setting changes (tests)


def _default_backend():
    """``caches["default"]``, kept per thread: Django's own look-up costs about 1 µs, a seventh of a
    page-cache hit."""
    kept = getattr(_backends, "default", None)
    if kept is None or kept[0] != _backend_generation:
        kept = _backends.default = (_backend_generation, caches["default"])
    return kept[1]


def _local_cache():
    """True when the cache is this process's own memory (not shared with other processes)."""
    return isinstance(_default_backend(), (LocMemCache, DummyCache))


def _read_row():
    """(version, next scheduled change) from the database: one query."""
    from iceinfo.models import ContentVersion

    return ContentVersion.objects.filter(pk=1).values_list("value", "next_change").first() or (0, None)


def _database_version():
    from iceinfo.serving.outage import database_recently_down, note_database_outage

    if database_recently_down():
        return None
    try:
        return _read_row()
    except DatabaseError as exc:
        note_database_outage()
        logger.warning("content version: the database did not answer: %s", exc)
        return None


def _mirror(version, boundary, *, only_if_missing=False):
    """Copy the database's version into the shared cache for a few seconds; False if it did not answer.

    Readers only add (an edit's copy, written with set, is never overwritten by an older read); a
    writer's copy is announced to every process (they forget the version they kept)."""
    if _local_cache():
        return True
    if _cache_down():
        return False
    seconds = settings.CONTENT_VERSION_MIRROR_SECONDS
    try:
        if only_if_missing:
            cache.add(VERSION_KEY, (version, boundary), seconds)
        else:
            cache.set(VERSION_KEY, (version, boundary), seconds)
            version_watch.announce(caches["default"], VERSION_KEY)
    except Exception as exc:  # noqa: BLE001
        _warn("version mirror", exc)
        return False
    return True


def _current_version(database=True):
    """The version now: kept by this process while Redis has announced no change (see
    ``version_watch``), else from the shared cache's copy, else (and always with a local cache) the
    database."""
    backend = _default_backend()
    if isinstance(backend, (LocMemCache, DummyCache)):
        row = _database_version() if database else None
    else:
        if _cache_down():
            return None
        watch = version_watch.watch(backend, VERSION_KEY)
        row = watch.kept()
        if row is None:
            ticket = watch.ticket()
            try:
                row = cache.get(VERSION_KEY)
            except Exception as exc:  # noqa: BLE001
                _warn("version", exc)
                return None
            if row is not None:  # only Redis's copy is kept: a row read here may be uncommitted
                watch.keep(row, ticket, settings.CONTENT_VERSION_RECHECK_SECONDS)
            elif database:
                row = _database_version()
                if row is not None:
                    _mirror(*row, only_if_missing=True)
    if row is None:
        return None
    version, boundary = row
    if database and boundary is not None and time.time() >= boundary:
        version = _scheduled_bump(boundary)
    return version


def content_version(database=True):
    """The current content version (an int), or None when it cannot be read.

    Read once per request (kept for the rest of it). ``database=False`` (error pages, when the
    database does not answer) only reads the shared cache's copy.
    """
    version = getattr(_request, "version", None)
    if version is not None:
        return version
    version = _current_version(database)
    if getattr(_request, "active", False) and database:
        _request.version = version
    return version


def _scheduled_bump(boundary):
    """A scheduled publish/unpublish time has passed: one process bumps the version (the row's
    boundary says which), every process reads the result."""
    from iceinfo.models import ContentVersion

    try:
        ContentVersion.objects.filter(pk=1, next_change=boundary).update(value=F("value") + 1, next_change=None)
        return refresh_schedule_boundary()
    except DatabaseError as exc:
        logger.warning("content version: scheduled bump failed: %s", exc)
        return None


_bumps = threading.local()  # .held: inside bumps_held(); .missed: a bump was asked for meanwhile


@contextmanager
def bumps_held():
    """Many saves, one bump: inside the block a content change only notes that the version must move, and
    the version moves once when the block ends (after its transaction, if the block holds one). For bulk
    writers such as the seed loader, whose thousands of saves would otherwise each write the version row
    and drop the shared cache's copy."""
    if getattr(_bumps, "held", False):
        yield  # an outer block bumps
        return
    _bumps.held, _bumps.missed = True, False
    try:
        yield
    finally:
        _bumps.held = False
        if _bumps.missed:
            bump_content_version()


def bump_content_version():
    """Invalidate everything assembled from content, on every app server sharing this database.

    +1 on the version row, in the transaction of the edit; the shared cache's copy is dropped at once
    (readers fall back to the row) and, once the transaction commits, the next scheduled change is
    worked out and the copy written again (``refresh_schedule_boundary``, once per transaction).
    """
    from iceinfo.models import ContentVersion

    if getattr(_bumps, "held", False):
        _bumps.missed = True
        return None
    _request.version = None
    if not ContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"value": secrets.randbits(48) + 1})
    if not _local_cache() and not _cache_down():
        try:
            cache.delete(VERSION_KEY)
            version_watch.announce(caches["default"], VERSION_KEY)
        except Exception as exc:  # noqa: BLE001 - the copy expires by itself; the commit retries
            _warn("version drop", exc)
            _request.mirror_failed = True
    elif not _local_cache():
        _request.mirror_failed = True  # the cache just failed: servers keep its copy a few seconds more
    if not any(item[1] is refresh_schedule_boundary for item in connection.run_on_commit):
        transaction.on_commit(refresh_schedule_boundary)
    return None


def refresh_schedule_boundary():
    """After a bump commits: store when the next scheduled publish/unpublish happens, ask the CDN (if
    any) to purge, then copy the version into the shared cache. Returns the version; a cache that did
    not answer is logged and remembered for this request (``take_mirror_failure``: the admin tells
    the editor)."""
    from iceinfo.models import ContentVersion

    _request.version = None
    try:
        ContentVersion.objects.filter(pk=1).update(next_change=next_scheduled_change())
        version, boundary = _read_row()
    except DatabaseError as exc:
        logger.warning("content version: could not read it back: %s", exc)
        return None
    purge.request_purge()  # the CDN in front, if any, drops its pages (in the background)
    if not _mirror(version, boundary):
        _request.mirror_failed = True
        logger.warning(
            "content version %s saved, but the shared cache did not answer: every server shows it "
            "within %s s of the cache answering again",
            version,
            settings.CONTENT_VERSION_MIRROR_SECONDS,
        )
    return version


def take_mirror_failure():
    """True (once) when this request saved content the shared cache could not be told about."""
    failed = getattr(_request, "mirror_failed", False)
    _request.mirror_failed = False
    return failed


def frame_key(language, version):
    """Key of the page frame (settings, navigation, footer, alerts) for one language."""
    return f"frame:{version}:{language}"


# Per-process copies of the stored frames, under their keys (which name the content version): a page
# reads its frame without a round trip to the shared cache, and without unpickling ~30 KB. A copy can
# only be found for the version it was stored for, so an edit (a new version) is never missed; a cache
# emptied meanwhile changes nothing the copy says.
_frames, FRAME_LIMIT = {}, 48  # 12 languages x a few versions


def stored_frame(key):
    """The frame stored under ``key``: this process's copy, else the shared cache's (then copied)."""
    frame = _frames.get(key)
    if frame is None:
        frame = safe_get(key)
        if frame is not None:
            keep_frame(key, frame)
    return frame


def store_frame(key, frame):
    """Store a frame just built under ``key``: in the shared cache, and this process's copy."""
    safe_set(key, frame)
    keep_frame(key, frame)


def keep_frame(key, frame):
    if len(_frames) >= FRAME_LIMIT:
        _frames.clear()
    _frames[key] = frame


def new_frame_id():
    """A fresh id for a frame about to be stored: what is worked out from it is kept under it."""
    return secrets.token_hex(8)


# Per-process memory of what was worked out from one stored frame. A frame id names one frame
# entry of the shared cache: an edit stores a new frame (new content version), and so does a
# rebuild after the cache lost it, so nothing kept here can outlive the content it came from.
# Each store is bounded: when full it is emptied (and refills from the next requests).
_fragments, FRAGMENT_LIMIT = {}, 500  # frame HTML: 12 languages x a few fragments x a few frames
_values, VALUE_LIMIT = {}, 2000  # per-page values, e.g. an object's address in every language
_items, ITEM_LIMIT = {}, 3000  # HTML of one listed row (an office's card): about 1 KB each
# Content rows a detail page shows (a directorate with its sources): up to ~100 KB each in 12 languages.
_rows, ROW_LIMIT = {}, 200
# Whole lists a search near a place orders in the process (``contacts.locator.KeptRows``: ~400 bytes a
# row, so up to ~1 MB at 2,500 rows; one per language's frame): few, so that many filters and edits
# cannot make a process grow by more than ~32 MB.
_lists, LIST_LIMIT = {}, 32
# And HTML that depends on no content at all ({% include_pure %}: the language selector of a path).
_includes, INCLUDE_LIMIT = {}, 1000


def _remember(store, limit, key, build):
    value = store.get(key)
    if value is None:
        value = build()
        if len(store) >= limit:
            store.clear()
        store[key] = value
    return value


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    """Tests that change settings (URLs, templates, static files) start from empty stores."""
    if kwargs.get("setting") == "CACHES":
        global _backend_generation
        _backend_generation += 1  # every thread looks its backend up again
        version_watch.stop_all()  # listeners of the cache before; the next read starts one for the new
    version_watch.forget_all()
    _fragments.clear()
    _values.clear()
    _items.clear()
    _rows.clear()
    _lists.clear()
    _frames.clear()
    _includes.clear()
    _forget_pages()


def frame_fragment(frame_id, language, name, render):
    """HTML that depends only on one stored frame and the language, rendered once per process."""
    return _remember(_fragments, FRAGMENT_LIMIT, (frame_id, language, name), render)


def frame_items(frame_id, language, kind, keys, render):
    """{key: HTML} of rows of a list (office cards): each rendered once per stored frame and process.

    ``render(missing_keys)`` renders the rows not kept yet, all at once (one query for their rows),
    and returns {key: HTML}; a key it leaves out (a row deleted meanwhile) is left out here too. Kept
    apart from the frame's fragments: a list of thousands of rows fills this store (and empties
    it) without costing the header and footer theirs. Without a stored frame, nothing is kept.
    """
    if not frame_id:
        return render(list(keys))
    found, missing = {}, []
    for key in keys:
        html = _items.get((frame_id, language, kind, key))
        if html is None:
            missing.append(key)
        else:
            found[key] = html
    if missing:
        rendered = render(missing)
        if len(_items) + len(rendered) > ITEM_LIMIT:
            _items.clear()
        for key, html in rendered.items():
            _items[(frame_id, language, kind, key)] = html
        found.update(rendered)
    return found


def frame_value(frame_id, language, name, build):
    """A value worked out from content as it was when the frame ``frame_id`` was stored."""
    return _remember(_values, VALUE_LIMIT, (frame_id, language, name), build)


def frame_row(frame_id, name, build):
    """The content row a detail page shows, named by ``name`` (a tuple: the kind and the address it was
    asked for), read by ``build()`` once per stored frame and process: so until the next content edit or
    scheduled change, which store a new frame. ``build`` reads what the page needs with it (its sources,
    say), so the page makes no query. None (no such row) is not kept: an address that leads nowhere is
    asked again, and fills nothing. The row is shared by the requests that show it: read it, never
    change it. Without a stored frame, nothing is kept."""
    if not frame_id:
        return build()
    return _remember(_rows, ROW_LIMIT, (frame_id, name), build)


def _build_again(name, build, large=False):
    return build()


def frame_memo(frame_id, scope):
    """``memo(name, build)``: ``build()`` once per stored frame and process, under ``scope`` + ``name``
    (tuples), whatever the language. For values a view reads of the content that do not depend on
    the request beyond ``scope`` (the locator's counts and a state's coverage, for its filters).
    ``large=True`` for a whole list (every office's row): kept in a smaller store of its own.
    Without a stored frame (the cache is down) nothing is kept: each call builds again."""
    if not frame_id:
        return _build_again

    def memo(name, build, large=False):
        if large:
            return _remember(_lists, LIST_LIMIT, (frame_id, *scope, *name), build)
        return frame_value(frame_id, "", (*scope, *name), build)

    return memo


def pure_include(key, render):
    """HTML of an include that depends only on ``key`` (its template, language, values), rendered once
    per process (``{% include_pure %}``). Not content: it is kept across content versions."""
    return _remember(_includes, INCLUDE_LIMIT, key, render)


def cache_query(query_string):
    """The query string as a page-cache key part: pairs ordered by name, the values of a repeated name
    kept in the order sent (Django reads the last one, so ``q=a&q=b`` and ``q=b&q=a`` differ). None when
    it is too odd to be worth caching (too many or too long values)."""
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, strict_parsing=False, max_num_fields=20)
    except ValueError:
        return None
    if any(len(name) + len(value) > MAX_PARAM_LENGTH for name, value in pairs):
        return None
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))  # sorted() is stable


def page_slot(scheme, host, path, query):
    """Key under which the page cache keeps one page: scheme + host + path (which carries the language)
    + query. The entry carries the content version it was rendered for, so a bump misses (see
    ``lookup_page``)."""
    digest = hashlib.sha256(f"{scheme}://{host}{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"page:{digest}"


_slots, SLOT_LIMIT, SLOT_ADDRESS_LENGTH = {}, 4096, 400  # the slots of the addresses asked for lately
_NO_SLOT = ""


def request_slot(scheme, host, path, query_string):
    """``page_slot`` of a request's address as sent (its query string not yet put in order by
    ``cache_query``), or None when the query is too odd to cache. Remembered per process for the
    addresses asked for lately (host, path and query of up to SLOT_ADDRESS_LENGTH characters in all):
    working it out (parsing, ordering, hashing) is a third of a hit's own cost."""
    address = (scheme, host, path, query_string)
    slot = _slots.get(address)
    if slot is None:
        query = cache_query(query_string) if query_string else ""
        slot = page_slot(scheme, host, path, query) if query is not None else _NO_SLOT
        if len(host) + len(path) + len(query_string) <= SLOT_ADDRESS_LENGTH:
            if len(_slots) >= SLOT_LIMIT:
                _slots.clear()
            _slots[address] = slot
    return slot or None


# Per-process copies of the pages this process served last, with the content version each was
# rendered for: a hit then needs at most the version from the shared cache (a few bytes; none while
# this process keeps it, see ``version_watch``), not the page (tens of KB to move and unpickle). Bounded in bytes; emptied when full.
_pages, _pages_size = {}, 0
PAGE_MEMORY_BYTES = 16 * 1024 * 1024
PAGE_MEMORY_SECONDS = 60  # and at most this long: the version decides, this only bounds the age


def _forget_pages():
    global _pages_size
    _pages.clear()
    _pages_size = 0


def _keep_page(slot, entry, seconds):
    global _pages_size
    size = len(entry[3]) + 1024  # the body, and about what the headers and the key take
    size += sum(len(copy[1]) + 512 for copy in (entry[5] if len(entry) > 5 else {}).values())
    if size > PAGE_MEMORY_BYTES // 4:
        return
    if _pages_size + size > PAGE_MEMORY_BYTES:
        _forget_pages()
    old = _pages.get(slot)
    if old is not None:
        _pages_size -= old[2]
    _pages[slot] = (entry, time.monotonic() + seconds, size)
    _pages_size += size


def lookup_page(slot):
    """(version, entry): ``entry`` is what ``store_page`` kept for the current content version, else None.

    The content version is the one this process kept while Redis announced no change (no round trip;
    else one to the shared cache, or, with a process-local cache, one query of the version row); the
    page comes from this process's copy when it has one for that version, else from a round trip to
    the shared cache (and is copied here). ``version`` is None when the version
    cannot be read (serve without the cache).
    """
    version = _current_version()  # the content version: see "the content version" above
    if version is None:
        return None, None
    kept = _pages.get(slot)
    if kept is not None:
        entry, expires = kept[0], kept[1]
        if entry[0] == version and time.monotonic() < expires:
            return version, entry
    entry = safe_get(slot)
    if entry is not None and entry[0] == version:
        _keep_page(slot, entry, PAGE_MEMORY_SECONDS)
        return version, entry
    return version, None


def store_page(slot, version, status, headers, body, timeout, copies=None):
    """Keep a rendered page for ``version``: (version, status, headers, body, etag, copies), where
    ``copies`` is {encoding: (headers, body, etag)} of its compressed copies (``compress.variants``)."""
    etag = next((value for name, value in headers if name.lower() == "etag"), None)
    entry = (version, status, headers, body, etag, copies or {})
    safe_set(slot, entry, timeout)
    _keep_page(slot, entry, min(timeout or PAGE_MEMORY_SECONDS, PAGE_MEMORY_SECONDS))
