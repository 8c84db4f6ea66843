"""The ONE place that builds cache keys and invalidates them.

Every stored piece of rendered or assembled content is keyed by the *content version*, a counter
kept in the shared cache (Redis when REDIS_URL is set). Saving or deleting any content row bumps
it (see ``iceinfo.serving.signals``), so every app server's next request misses and rebuilds: nothing else
invalidates. Scheduled publishing needs no cron job: each bump also stores the time of the next
scheduled publish/unpublish, and the first request after that time bumps the version again.
A cache that does not answer is logged and treated as a miss, never as an error.
"""

import hashlib
import logging
import secrets
import time
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import Min, Q
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("iceinfo.serving.cache")

VERSION_KEY = "content-version"
BOUNDARY_KEY = "content-boundary"  # epoch seconds of the next scheduled change, if any
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


def _first_version():
    """Where a new content version counter starts: at random, not at 1, so that after the shared
    cache lost the counter (a Redis restart) no version repeats one that a process still keeps
    pages for (``lookup_page``)."""
    return secrets.randbits(48) + 1


def content_version():
    """The current content version (an int), or None when the cache does not answer."""
    if _cache_down():
        return None
    try:
        values = cache.get_many([VERSION_KEY, BOUNDARY_KEY])
        version = values.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _first_version(), None)
            version = cache.get(VERSION_KEY) or _first_version()
        boundary = values.get(BOUNDARY_KEY)
        if boundary is not None and time.time() >= boundary:
            cache.delete(BOUNDARY_KEY)
            version = bump_content_version()
        return int(version)
    except Exception as exc:  # noqa: BLE001
        _warn("version", exc)
        return None


def bump_content_version():
    """Invalidate everything assembled from content, on every app server sharing this cache.

    The time of the next scheduled change is worked out once the transaction commits (once per
    transaction, however many rows it saved).
    """
    if _cache_down():
        return None
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:  # key missing (evicted or never set)
            cache.add(VERSION_KEY, _first_version(), None)
            version = cache.get(VERSION_KEY) or _first_version()
    except Exception as exc:  # noqa: BLE001
        _warn("bump", exc)
        return None
    if not any(item[1] is refresh_schedule_boundary for item in connection.run_on_commit):
        transaction.on_commit(refresh_schedule_boundary)
    return int(version)


def refresh_schedule_boundary():
    """Store when the next scheduled publish/unpublish happens (content_version() bumps then)."""
    try:
        boundary = next_scheduled_change()
        if boundary is None:
            cache.delete(BOUNDARY_KEY)
        else:
            cache.set(BOUNDARY_KEY, boundary, None)
    except Exception as exc:  # noqa: BLE001
        _warn("schedule", exc)


def frame_key(language, version):
    """Key of the page frame (settings, navigation, footer, alerts) for one language."""
    return f"frame:{version}:{language}"


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
    _fragments.clear()
    _values.clear()
    _items.clear()
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
    + query. The entry carries the content version it was rendered for, so a hit needs one round trip
    (see ``lookup_page``) and a bump still misses."""
    digest = hashlib.sha256(f"{scheme}://{host}{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"page:{digest}"


# Per-process copies of the pages this process served last, with the content version each was
# rendered for: a hit then asks the shared cache only for the version (a few bytes), not for the
# page (tens of KB to move and unpickle). Bounded in bytes; emptied when full.
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

    One round trip to the shared cache for the content version and the schedule boundary; the page
    comes from this process's copy when it has one for that version, else from a second round trip
    (and is copied here). ``version`` is None when the cache does not answer (serve without it).
    Setting up the version or passing a schedule boundary takes the slower path of
    ``content_version()``.
    """
    if _cache_down():
        return None, None
    try:
        values = cache.get_many([VERSION_KEY, BOUNDARY_KEY])
    except Exception as exc:  # noqa: BLE001
        _warn("get", exc)
        return None, None
    version = values.get(VERSION_KEY)
    boundary = values.get(BOUNDARY_KEY)
    if version is None or (boundary is not None and time.time() >= boundary):
        return content_version(), None
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


def store_page(slot, version, status, headers, body, timeout):
    """Keep a rendered page for ``version``: (version, status, headers, body, etag)."""
    etag = next((value for name, value in headers if name.lower() == "etag"), None)
    entry = (version, status, headers, body, etag)
    safe_set(slot, entry, timeout)
    _keep_page(slot, entry, min(timeout or PAGE_MEMORY_SECONDS, PAGE_MEMORY_SECONDS))
