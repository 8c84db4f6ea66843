"""The site's URLs plus two pages that set a cookie, for the page-cache tests: no page of the site sets
one today, and a page that does must never reach a shared cache (whoever wrote it)."""

import itertools

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control

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


urlpatterns = [
    path("form-page/", form_page),
    path("self-marked/", self_marked_page),
    *site_urlpatterns,
]
