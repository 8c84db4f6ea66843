"""WSGI entry point for gunicorn: ``gunicorn iceinfo.wsgi:application``.

Django sits behind the page cache (iceinfo.serving.pagecache), which answers anonymous hits itself;
outside both, iceinfo.serving.compress compresses pages for the wire (hits and misses alike), and
outermost the request log (iceinfo.serving.observability: X-Request-ID, one JSON line a request).
Before serving, the server refuses an unsafe production configuration and checks the database (logged).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iceinfo.settings")

django_application = get_wsgi_application()

from iceinfo.serving.compress import Compress  # noqa: E402
from iceinfo.serving.observability import RequestLog  # noqa: E402
from iceinfo.serving.pagecache import PageCache  # noqa: E402  (needs settings configured)
from iceinfo.serving.startup import check_database, refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
check_database()

# Outermost: a request id and one JSON access line for every response, page-cache hits included.
application = RequestLog(Compress(PageCache(django_application)))
