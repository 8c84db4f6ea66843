"""Site-wide middleware: headers Django does not set, and the database-down page."""

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

from .errors import database_unavailable, is_database_outage


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A database that does not answer gives visitors a localized 503 with Retry-After, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError, DatabaseError)) and is_database_outage(exception):
            return database_unavailable(request)
        return None
