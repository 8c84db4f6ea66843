"""WSGI entry point for gunicorn: ``gunicorn iceinfo.wsgi:application``.

Django sits behind the page cache (iceinfo.serving.pagecache), which answers anonymous hits itself; outside
both, iceinfo.serving.compress compresses pages for the wire (hits and misses alike).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iceinfo.settings")

django_application = get_wsgi_application()

from iceinfo.serving.compress import Compress  # noqa: E402
from iceinfo.serving.pagecache import PageCache  # noqa: E402  (needs settings configured)

application = Compress(PageCache(django_application))
