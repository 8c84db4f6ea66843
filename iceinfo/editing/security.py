"""Login safety for staff: the client address axes locks out, and session expiry after inactivity.

Failed-login lockout is django-axes (settings ``AXES_*``); two-factor login is django-otp, switched
on by ``DJANGO_ADMIN_2FA`` (always on in production, see settings and iceinfo.editing.admin). The first
site administrator's TOTP device comes from ``manage.py add_totp_device``; site administrators add
the others' in the admin (setup_roles gives them the device permissions).
"""

from django.conf import settings

ADMIN_PREFIX = "/admin/"


def client_ip(request):
    """The visitor's address: behind our proxy, the last hop it appended to X-Forwarded-For.

    Only the proxy's own entry is trusted (a client can put anything in the header before it);
    without a proxy, REMOTE_ADDR. axes keys lockouts by this address.
    """
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


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
