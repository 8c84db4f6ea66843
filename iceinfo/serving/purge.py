"""The CDN purge hook: after each content-version bump commits, ask the CDN in front to drop its pages.

Off unless ``CDN_PURGE_URL`` is set. Called by ``iceinfo.serving.cache`` once the new version is in the
database (after the edit's transaction commits, after a scheduled publish, by ``bump_content_version``).
The request goes out on a background thread, so an editor's save never waits for the CDN: one thread
at a time per process, and bumps that come while it runs are folded into one more request (a bulk
import that saves a thousand rows sends two, not a thousand). Each request gives up after
``CDN_PURGE_TIMEOUT`` seconds; a failure is logged, never raised. The thread is not a daemon, so a
management command (``load_seed_content``, ``bump_content_version``) finishes its purge before it exits.

The standard library's urllib is enough here (one request with a timeout, no session to keep):
no new dependency.
"""

import json
import logging
import threading
import urllib.request

from django.conf import settings

logger = logging.getLogger("iceinfo.serving.purge")

_lock = threading.Lock()
_pending = False  # a purge was asked for and not sent yet
_worker = None  # the thread sending purges, while one runs


def request_purge():
    """Ask the CDN to drop every kept page, in the background (returns at once)."""
    global _pending, _worker
    if not settings.CDN_PURGE_URL:
        return
    with _lock:
        _pending = True
        if _worker is None:
            _worker = threading.Thread(target=_run, name="cdn-purge")
            _worker.start()


def _run():
    global _pending, _worker
    while True:
        with _lock:
            if not _pending:
                _worker = None
                return
            _pending = False
        send_purge()


def _headers():
    raw = settings.CDN_PURGE_HEADERS
    headers = json.loads(raw) if raw else {}
    if not isinstance(headers, dict) or not all(isinstance(value, str) for value in headers.values()):
        raise ValueError("CDN_PURGE_HEADERS must be a JSON object of strings")
    return headers


def send_purge():
    """One purge request now; True when the CDN answered 2xx. Never raises: failures are logged."""
    url = settings.CDN_PURGE_URL
    try:
        body = settings.CDN_PURGE_BODY.encode() if settings.CDN_PURGE_BODY else None
        request = urllib.request.Request(url, data=body, method=settings.CDN_PURGE_METHOD, headers=_headers())
        with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as response:  # noqa: S310 - operator's URL
            status = response.status
    except Exception as exc:  # noqa: BLE001 - the CDN keeps pages s-maxage longer; the editor's save stands
        logger.warning("CDN purge failed (pages stay on the CDN up to PAGE_SHARED_MAX_AGE): %s", exc)
        return False
    logger.info("CDN purge sent: %s", status)
    return True


def wait(timeout=None):
    """Wait for the purge in flight, if any (tests, and commands that must not exit early)."""
    worker = _worker
    if worker is not None:
        worker.join(timeout)
