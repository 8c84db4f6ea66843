"""WSGI entry point for gunicorn: ``gunicorn iceinfo.wsgi:application``.

Django sits behind the page cache (iceinfo.serving.pagecache), which answers anonymous hits itself.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iceinfo.settings")

django_application = get_wsgi_application()

from iceinfo.serving.pagecache import PageCache  # noqa: E402  (needs settings configured)

application = PageCache(django_application)
