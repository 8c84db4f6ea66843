"""The service worker script, served at the site's root so that its scope covers every page."""

import functools

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import require_safe


@functools.cache
def _service_worker_script():
    path = finders.find("js/sw.js") or str(settings.STATIC_ROOT / "js" / "sw.js")
    with open(path, "rb") as script:
        return script.read()


@require_safe
def service_worker(request):
    """static/js/sw.js at the site's root, so the worker's scope covers every page (a script under
    /static/ could only control /static/). Revalidated on each check, so a new version takes over."""
    response = HttpResponse(_service_worker_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
