"""The ONE place that builds cache keys and invalidates them.

Every stored piece of rendered or assembled content is keyed by the *content version*, a counter
kept in the shared cache (Redis when REDIS_URL is set). Saving or deleting any content row bumps
it (see ``iceinfo.signals``), so every app server's next request misses and rebuilds: nothing else
invalidates. A cache that does not answer is logged and treated as a miss, never as an error.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger("iceinfo.cache")

VERSION_KEY = "content-version"
_MISSING = object()


def _warn(action, exc):
    logger.warning("cache %s failed, serving without it: %s", action, exc)


def safe_get(key, default=None):
    try:
        return cache.get(key, default)
    except Exception as exc:  # noqa: BLE001 - any cache backend failure is a miss
        _warn("get", exc)
        return default


def safe_set(key, value, timeout=None):
    try:
        cache.set(key, value, timeout)
    except Exception as exc:  # noqa: BLE001
        _warn("set", exc)


def content_version():
    """The current content version (an int), or None when the cache does not answer."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, 1, None)
            version = cache.get(VERSION_KEY) or 1
        return int(version)
    except Exception as exc:  # noqa: BLE001
        _warn("version", exc)
        return None


def bump_content_version():
    """Invalidate everything assembled from content, on every app server sharing this cache."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # key missing (evicted or never set)
            cache.add(VERSION_KEY, 2, None)
    except Exception as exc:  # noqa: BLE001
        _warn("bump", exc)


def frame_key(language, version):
    """Key of the page frame (settings, navigation, footer, alerts) for one language."""
    return f"frame:{version}:{language}"


def page_key(language, path, query, version):
    """Key of a whole rendered page: language + path + relevant query + content version."""
    digest = hashlib.sha256(f"{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"page:{version}:{language}:{digest}"
