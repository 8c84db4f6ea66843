"""The site's URLs plus pages the site does not have (yet) but must handle well: two that set a cookie
(no page of the site sets one today, and one that does must never reach a shared cache), one whose
database error carries the pool's timeout only as its cause, and one with a bug."""

import itertools

from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control

from iceinfo.urls import handler400, handler403, handler404, handler500  # noqa: F401  (the site's error pages)
from iceinfo.urls import urlpatterns as site_urlpatterns

renders = itertools.count(1)


def form_page(request):
    """A page with a form: Django's CSRF middleware sets its cookie on the response."""
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
                        f"Render {next(renders)}</form>")


@cache_control(public=True, max_age=300)
def self_marked_page(request):
    """A view that marks itself public (the headers middleware leaves it alone) and sets a cookie."""
    response = HttpResponse(f"<p>Render {next(renders)}</p>")
    response.set_cookie("visitor", f"visitor-{next(renders)}")
    return response


def pool_timeout_as_cause(request):
    """A DatabaseError (not Django's OperationalError) raised while psycopg's pool had no connection to
    give: the outage shows only in the cause chain, as when library code re-raises what it caught."""
    from psycopg_pool import PoolTimeout

    try:
        raise PoolTimeout("couldn't get a connection after 5.00 sec")
    except PoolTimeout as exc:
        raise DatabaseError("the content could not be read") from exc


def broken_page(request):
    """A bug: an exception no layer handles (a 500 that the administrators are mailed)."""
    raise ValueError("a bug in a view")


urlpatterns = [
    path("broken/", broken_page),
    path("pool-timeout/", pool_timeout_as_cause),
    path("form-page/", form_page),
    path("self-marked/", self_marked_page),
    *site_urlpatterns,
]
