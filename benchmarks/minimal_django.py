"""The reference inside Django: a minimal Django project, served by gunicorn next to the site.

``benchmarks/run.py`` serves this with the same worker count, the same database (``DATABASE_URL``)
and the home page's saved response (``BARE_APP_RESPONSE``, as for ``bare_app.py``), so its rows say
what Django's own request cycle costs on this machine, measured in the same run as the site:

- ``/bytes/``: a view returning the home page's exact bytes and headers; no middleware, no database.
  The ceiling of anything answered inside Django's request cycle.
- ``/queries/``: three ORM queries (on ``django_content_type``, which every migrated database has) and
  a template rendered with their rows; no middleware. What a small uncached Django page costs.

One settings block, no app of ours: nothing here imports iceinfo.
"""

import base64
import json
import os
import secrets

import dj_database_url
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes"],
    MIDDLEWARE=[],
    # A persistent connection per worker (the site keeps one too: SQLite per process, PostgreSQL in a pool).
    DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=None)},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": False}],
    USE_TZ=True,
)

import django  # noqa: E402 - after settings.configure

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

with open(os.environ["BARE_APP_RESPONSE"], encoding="utf-8") as handle:
    _SAVED = json.load(handle)
BODY = base64.b64decode(_SAVED["body"])
HEADERS = [(name, value) for name, value in _SAVED["headers"] if name.lower() != "content-length"]

TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ count }} content types; the page model is {{ page.app_label }}.{{ page.model }}.</p>
<ul>{% for row in rows %}<li><a href="/{{ row.app_label }}/{{ row.model }}/">{{ row.app_label|title }}: {{ row.model }}</a></li>{% endfor %}</ul>
</main></body></html>"""
)


def saved_bytes(request):
    response = HttpResponse(BODY)
    for name, value in HEADERS:
        response[name] = value
    return response


def three_queries(request):
    context = {
        "title": "Minimal Django",
        "count": ContentType.objects.count(),
        "rows": list(ContentType.objects.order_by("app_label", "model")[:40]),
        "page": ContentType.objects.filter(model="page").first(),
    }
    return HttpResponse(TEMPLATE.render(context, request))


urlpatterns = [path("bytes/", saved_bytes), path("queries/", three_queries)]

application = get_wsgi_application()
