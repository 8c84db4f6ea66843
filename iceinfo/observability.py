"""Logging for operators: one-line bad-Host warnings (and, below, JSON lines with request ids).

Imported by the LOGGING setting, before Django's apps are ready: only the standard library at the top.
"""

import logging


class OneLineDisallowedHost(logging.Filter):
    """Bad Host headers (scanners, probes by IP) are logged as one WARNING line, without a traceback."""

    def filter(self, record):
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
