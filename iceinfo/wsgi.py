"""WSGI entry point for gunicorn: ``gunicorn iceinfo.wsgi:application``.

Django sits behind the page cache (iceinfo.pagecache), which answers anonymous hits itself; outside
both, iceinfo.compress compresses pages for the wire (hits and misses alike).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iceinfo.settings")

django_application = get_wsgi_application()

from iceinfo.compress import Compress  # noqa: E402
from iceinfo.pagecache import PageCache  # noqa: E402  (needs settings configured)

application = Compress(PageCache(django_application))
