"""gunicorn settings for an iceinfo app server (the systemd unit adds --bind and --no-control-socket).

The app itself writes one JSON line per request (iceinfo.serving.observability: request id, method, path,
status, duration, client) to stderr, so gunicorn's own access log is off by default; switch it on
with ICEINFO_ACCESS_LOG=1 (also JSON). Metrics: set ICEINFO_STATSD=host:port to send gunicorn's
request counts and durations to a statsd agent (prefix "iceinfo").
"""

import os

workers = int(os.environ.get("ICEINFO_WORKERS", "3"))  # about 2 x cores; each keeps its own page copies
timeout = 30
graceful_timeout = 20
keepalive = 5
forwarded_allow_ips = "127.0.0.1"  # only nginx on this host may set X-Forwarded-Proto
errorlog = "-"
loglevel = "info"

if os.environ.get("ICEINFO_ACCESS_LOG"):
    accesslog = "-"
    access_log_format = (
        '{"gunicorn":"access","time":"%(t)s","request_id":"%({x-request-id}o)s","method":"%(m)s",'
        '"path":"%(U)s","status":%(s)s,"duration_us":%(D)s,"client":"%({x-forwarded-for}i)s"}'
    )

if os.environ.get("ICEINFO_STATSD"):
    statsd_host = os.environ["ICEINFO_STATSD"]
    statsd_prefix = "iceinfo"
