"""Whether the database answers, as this process last saw it (a per-process breaker).

Kept apart from the error pages (``iceinfo.serving.errors``, which render the frame) so that the cache
and the middleware can ask without importing the page frame.
"""

import time

from django.db import InterfaceError, OperationalError

OUTAGE_PAUSE_SECONDS = 3.0  # after a database outage, this process answers 503 at once for this long
_database_down_until = 0.0


def note_database_outage():
    """The database just failed to answer: for a few seconds, visitors get the 503 at once instead
    of each waiting DATABASE_CONNECT_TIMEOUT (a per-process breaker; health checks still ask)."""
    global _database_down_until
    _database_down_until = time.monotonic() + OUTAGE_PAUSE_SECONDS


def note_database_answers():
    """The database answered (a readiness check): stop answering 503 at once."""
    global _database_down_until
    _database_down_until = 0.0


def database_recently_down():
    return time.monotonic() < _database_down_until


def is_database_outage(exc):
    """True for errors that mean "the database did not answer", not for bugs in a query."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    cause = exc.__cause__ or exc.__context__
    name = type(cause).__name__ if cause else ""
    return name in {"PoolTimeout", "OperationalError", "InterfaceError", "ConnectionTimeout"}
