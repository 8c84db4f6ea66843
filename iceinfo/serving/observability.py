"""Logging for operators: one-line bad-Host warnings (and, below, JSON lines with request ids).

Imported by the LOGGING setting, before Django's apps are ready: only the standard library at the top.
"""

import contextvars
import json
import logging
import re
import secrets
import time
from datetime import UTC, datetime


class OneLineDisallowedHost(logging.Filter):
    """Bad Host headers (scanners, probes by IP) are logged as one WARNING line, without a traceback."""

    def filter(self, record):
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


# --- request ids and JSON lines --------------------------------------------------------------------
request_id = contextvars.ContextVar("request_id", default="")
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "client")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time in UTC (ISO 8601, Z), level, logger, message, the request id
    of the request being served, and the request fields of an access line."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = getattr(record, "request_id", None) or request_id.get()
        if current:
            line["request_id"] = current
        for field in REQUEST_FIELDS[1:]:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _Environ:
    """The WSGI environ seen as a request's META (Django's WSGIRequest.META is the environ itself)."""

    def __init__(self, environ):
        self.META = environ


def _client(environ):
    """The visitor's address by iceinfo.query.client_ip, the one reading of DJANGO_TRUSTED_PROXIES
    (the sign-in lockout and the rate limits key on the same address). Imported here, not at the top:
    this module is loaded by the LOGGING setting, before settings are complete."""
    from iceinfo.query import client_ip

    return client_ip(_Environ(environ))


class RequestLog:
    """Outermost WSGI layer: every response carries ``X-Request-ID`` (the proxy's, when it sent a
    sane one, else a new one), every log line written while serving it carries the id, and each
    request ends with one access line (method, path, status, duration, client), cached hits included."""

    def __init__(self, app):
        self.app = app
        self.logger = logging.getLogger("iceinfo.request")

    def __call__(self, environ, start_response):
        started = time.monotonic()
        given = environ.get("HTTP_X_REQUEST_ID", "")
        # 32 random hex digits, as uuid4().hex gave, without building a UUID object on every request.
        rid = given if given and REQUEST_ID_PATTERN.match(given) else secrets.token_hex(16)
        token = request_id.set(rid)
        state = {}

        def start(status, headers, exc_info=None):
            state["status"] = status
            headers = [header for header in headers if header[0].lower() != "x-request-id"]
            headers.append(("X-Request-ID", rid))
            return start_response(status, headers, exc_info)

        try:
            result = self.app(environ, start)
        except BaseException:
            request_id.reset(token)
            raise
        return _Logged(result, self, environ, state, started, rid, token)

    def log(self, environ, state, started, rid):
        if not self.logger.isEnabledFor(logging.INFO):  # the access line is off (DJANGO_LOG_LEVEL=WARNING)
            return
        status = state.get("status", "500")
        self.logger.info(
            "%s %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), status.split(" ", 1)[0],
            extra={
                "request_id": rid,
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": int(status.split(" ", 1)[0] or 0),
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "client": _client(environ),
            },
        )


class _Logged:
    """The response body, passed through; closing it (the server does, after sending) logs the line."""

    def __init__(self, result, layer, environ, state, started, rid, token):
        self.result, self.layer, self.environ, self.state = result, layer, environ, state
        self.started, self.rid, self.token = started, rid, token

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.layer.log(self.environ, self.state, self.started, self.rid)
            try:
                request_id.reset(self.token)
            except ValueError:  # closed in another context than it was set in
                request_id.set("")


def init_sentry(dsn, environment, traces_sample_rate=0.0):
    """Error reporting through sentry-sdk, only when a DSN is configured (the package is then needed)."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,  # no visitor addresses or cookies leave the site
        traces_sample_rate=traces_sample_rate,
    )
    return True
