"""The admin in the staff member's language (issue #21, item 11).

The admin stays at /admin/ (the page cache, the session rules and robots.txt know that prefix). Its
language is, in this order: the one the staff member chose (a cookie set by the admin's language menu,
/admin/language/<code>/, or by opening /es/admin/…, /ar/admin/…), the browser's Accept-Language, English.
Arabic gets the admin's right-to-left layout (Django's admin reads the language's direction).
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from iceinfo.editing.security import ADMIN_PREFIX
from iceinfo.localize import language_codes

COOKIE = "iceinfo_admin_language"
COOKIE_AGE = 365 * 24 * 60 * 60


def admin_language(request):
    chosen = request.COOKIES.get(COOKIE)
    if chosen in language_codes():
        return chosen
    return translation.get_language_from_request(request, check_path=False)


class AdminLanguageMiddleware:
    """After LocaleMiddleware: under /admin/, activate the staff member's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        language = admin_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def remember(response, language):
    add_never_cache_headers(response)
    response.set_cookie(COOKIE, language, max_age=COOKIE_AGE, secure=settings.SESSION_COOKIE_SECURE,
                        httponly=True, samesite="Lax")
    return response


def admin_in_language(request, rest=""):
    """/es/admin/… (inside i18n_patterns): the admin in that language, at its usual address."""
    language = translation.get_language()
    target = ADMIN_PREFIX + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return remember(HttpResponseRedirect(target), language)


def choose_admin_language(request, code):
    """/admin/language/<code>/?next=/admin/…: the admin language menu's links."""
    if code not in language_codes():
        raise Http404
    target = request.GET.get("next") or ADMIN_PREFIX
    if not (url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith(ADMIN_PREFIX)):
        target = ADMIN_PREFIX
    return remember(HttpResponseRedirect(target), code)
