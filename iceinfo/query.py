"""What the site reads from a request: the query parameters a view declares next to it
(``@reads_query("q", "page")``), and the client's address behind our trusted proxies (``client_ip``).

The declaration is the one place that says which parameters change a page. Pages echo only declared
parameters (language alternates, "View in other languages", pagination), and the page cache keys on
the query string and stores a page only when every parameter of the request is declared by its view
(``DeclaredQueryMiddleware`` tells it so), so an undeclared ``?xq=...`` never reaches a stored page.
"""

from django.conf import settings
from django.http import QueryDict

ENVIRON_KEY = "iceinfo.declared_query"  # set in the WSGI environ: the request's query is all declared


def reads_query(*names):
    """Class or function decorator: the view reads these query parameters and no others."""

    def declare(view):
        view.query_params = tuple(names)
        return view

    return declare


def declared_params(request):
    """The parameter names the view that answers ``request`` declared (empty before URL resolution)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ()
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "query_params", ())


def declared_query(request, without=()):
    """``request.GET`` limited to the declared parameters (every value, in the order sent)."""
    query = QueryDict(mutable=True)
    for name in declared_params(request):
        if name not in without and name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    return query


def declared_full_path(request):
    """``request.get_full_path()`` with only the declared parameters."""
    query = declared_query(request).urlencode()
    return request.path + (f"?{query}" if query else "")


class DeclaredQueryMiddleware:
    """Tells the page cache (through the WSGI environ) whether every query parameter of the request is one
    its view declared; only then may the response be stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = getattr(view_func, "view_class", view_func)
        declared = set(getattr(view, "query_params", ()))
        request.environ[ENVIRON_KEY] = all(name in declared for name in request.GET)
        return None


def client_ip(request):
    """The visitor's address as the last of our TRUSTED_PROXIES saw it.

    Each trusted proxy appends the address it was reached from to X-Forwarded-For, so the visitor's
    is the TRUSTED_PROXIES-th entry from the end; whatever a client wrote before it is ignored. With
    no trusted proxy (``make run``) the header is not read at all: REMOTE_ADDR. axes keys lockouts by it.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
