"""Login safety for staff: the client address axes locks out, and session expiry after inactivity.

Failed-login lockout is django-axes (settings ``AXES_*``); two-factor login is django-otp, switched
on by ``DJANGO_ADMIN_2FA`` (always on in production, see settings and iceinfo.editing.admin). The first
site administrator's TOTP device comes from ``manage.py add_totp_device``; site administrators add
the others' in the admin (setup_roles gives them the device permissions).
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

ADMIN_PREFIX = "/admin/"


class LockoutHandler(AxesDatabaseHandler):
    """Two limits (settings.AXES_LOCKOUT_PARAMETERS lists the two counts, in this order): failures of
    one account from one address against LOGIN_FAILURE_LIMIT, and of any account from one address
    against the higher LOGIN_ADDRESS_FAILURE_LIMIT. Nobody can lock an editor out from elsewhere, and a
    colleague's typos behind a shared address do not lock everyone."""

    def get_failures(self, request, credentials=None):
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account, settings.AXES_FAILURE_LIMIT)  # counts as locked
        return account


class StaffSessionMiddleware:
    """Sliding expiry for staff: every admin request by a signed-in user pushes the expiry forward,
    so a session ends after SESSION_COOKIE_AGE seconds of inactivity (public pages write nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(ADMIN_PREFIX) and user is not None and user.is_authenticated:
            request.session.modified = True
        return response
