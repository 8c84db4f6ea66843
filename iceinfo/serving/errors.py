"""Error pages in the site's frame and the visitor's language, rendered without the database."""

import logging
import sys

from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.csrf import requires_csrf_token

from iceinfo.serving.frame import cached_frame, get_frame
from iceinfo.serving.outage import is_database_outage, note_database_outage

logger = logging.getLogger("iceinfo.serving.errors")

RETRY_AFTER_SECONDS = 30
def _frame(use_database):
    if use_database:
        try:
            return get_frame()
        except DatabaseError:
            pass
    return cached_frame()


def _render(request, template_name, status, use_database=True):
    """Render an error template without request context processors; 500/503 never query the database."""
    context = {
        "frame": _frame(use_database),
        "LANGUAGE_CODE": get_language(),
        "LANGUAGE_BIDI": get_language_bidi(),
        "request": request,
        "error_page": True,
    }
    body = loader.get_template(template_name).render(context)
    return HttpResponse(body, status=status)


def database_unavailable(request):
    note_database_outage()
    logger.error("database unavailable, answered 503 for %s", request.path)
    # In the visitor's language, also when answered before LocaleMiddleware ran (the database failed
    # a moment ago, e.g. while the page cache read the content version): the address says which.
    language = translation.get_language_from_path(request.path_info) or get_language()
    with translation.override(language):
        response = _render(request, "503.html", 503, use_database=False)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    return _render(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _render(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    exc = sys.exc_info()[1]
    if exc is not None and isinstance(exc, DatabaseError) and is_database_outage(exc):
        return database_unavailable(request)
    return _render(request, "500.html", 500, use_database=False)


def csrf_failure(request, reason=""):
    return _render(request, "403_csrf.html", 403)
