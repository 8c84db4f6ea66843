"""The baseline: a bare WSGI app that answers every request with the bytes and headers of our home page.

``benchmarks/run.py`` fetches the home page from the real site, writes status, headers and body to
the JSON file named by ``BARE_APP_RESPONSE`` and serves this with gunicorn (same worker count), so
the difference between the two is what our stack costs. Nothing here imports Django.
"""

import base64
import json
import os

with open(os.environ["BARE_APP_RESPONSE"], encoding="utf-8") as handle:
    _SAVED = json.load(handle)

STATUS = _SAVED["status"]
HEADERS = [(name, value) for name, value in _SAVED["headers"]]
BODY = base64.b64decode(_SAVED["body"])


def application(environ, start_response):
    start_response(STATUS, HEADERS[:])
    return [BODY]
