"""Settings for iceinfo: one file, every deploy-time choice read from the environment.

The knobs block below is the whole list of what an operator can change; README.md mirrors it as a
table. Everything under it is fixed code that reads those knobs.
"""

import os
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_addresses(name):
    """``Name <a@example.gov>, b@example.gov`` as Django's ADMINS: a list of (name, address)."""
    value = os.environ.get(name, "")
    if not value.strip():
        return []
    pairs = getaddresses([value])
    if not pairs or any("@" not in address or " " in address for _, address in pairs):
        raise ImproperlyConfigured(
            f'{name} must be comma-separated e-mail addresses, e.g. "Web Ops <webops@example.gov>,'
            f' oncall@example.gov"; got {value!r}.'
        )
    return [(person or address, address) for person, address in pairs]


# ---------------------------------------------------------------------------------------------
# knobs: everything the environment can change, in one screen
# ---------------------------------------------------------------------------------------------
DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")  # "production" switches on HTTPS rules
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)
INSECURE_SECRET_KEY = "django-insecure-local-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or INSECURE_SECRET_KEY
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASE_POOL_MAX = env_int("DATABASE_POOL_MAX", 8)  # psycopg pool size per process (PostgreSQL)
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 2)  # seconds before a dead database is a 503
REDIS_URL = os.environ.get("REDIS_URL", "")
SINGLE_SERVER = env_bool("DJANGO_SINGLE_SERVER", False)  # production: accept SQLite and no Redis (one server)
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", PRODUCTION)  # SSL redirect, HSTS, secure cookies
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", PRODUCTION)  # trust X-Forwarded-Proto from the LB
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")  # canonical origin for absolute links
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded media: "local" (files under MEDIA_ROOT, served by the proxy at MEDIA_URL) or "s3" (any
# S3-compatible object storage through django-storages; credentials in AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY). An absolute MEDIA_URL (https://media.example.gov/) joins the CSP's img-src.
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "local")
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_BUCKET = os.environ.get("DJANGO_MEDIA_BUCKET", "")
MEDIA_ENDPOINT_URL = os.environ.get("DJANGO_MEDIA_ENDPOINT_URL", "")  # for storage other than AWS S3
MEDIA_REGION = os.environ.get("DJANGO_MEDIA_REGION", "")
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)  # full-page cache lifetime (anonymous)
CONTENT_VERSION_MIRROR_SECONDS = env_int("CONTENT_VERSION_MIRROR_SECONDS", 5)  # Redis re-reads the version row
# Each process keeps the version Redis told it and is told of every change (serving.version_watch);
# it asks Redis again at least this often all the same, in case an announcement was lost (0: every hit).
CONTENT_VERSION_RECHECK_SECONDS = env_int("CONTENT_VERSION_RECHECK_SECONDS", 2)
# Pages: browsers revalidate every load (max-age=0); shared caches (a CDN) may keep them this long.
PAGE_SHARED_MAX_AGE = env_int("PAGE_SHARED_MAX_AGE", 60)  # Cache-Control s-maxage of public pages
# CDN purge hook (off when empty): after each content-version bump commits, one request to this URL,
# in the background; failures are logged. Method, extra headers (a JSON object) and body as the CDN asks.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_METHOD = os.environ.get("CDN_PURGE_METHOD", "POST")
CDN_PURGE_HEADERS = os.environ.get("CDN_PURGE_HEADERS", "")  # e.g. {"Authorization": "Bearer ..."}
CDN_PURGE_BODY = os.environ.get("CDN_PURGE_BODY", "")  # e.g. {"purge_everything": true}
CDN_PURGE_TIMEOUT = env_int("CDN_PURGE_TIMEOUT", 5)  # seconds before a purge request is given up (logged)
RATE_LIMIT_REQUESTS = env_int("DJANGO_RATE_LIMIT_REQUESTS", 30)  # searches/locator queries per address (0: off)
RATE_LIMIT_WINDOW_SECONDS = env_int("DJANGO_RATE_LIMIT_WINDOW_SECONDS", 60)  # ... per this many seconds
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json")  # "json" (one object a line, UTC) or "plain"
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")  # error reporting (needs sentry-sdk) when set
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0)
ADMINS = env_addresses("DJANGO_ADMINS")  # mailed every unhandled error (500) with its traceback
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")  # the sender of those mails
# Email: error mails to ADMINS and staff notices (review of drafts) go through one SMTP relay; without
# DJANGO_EMAIL_HOST they are written to the log (stdout) instead.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)  # STARTTLS (port 587)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")  # sender of staff notices
STAFF_SESSION_MINUTES = env_int("DJANGO_STAFF_SESSION_MINUTES", 30)  # admin sign-out after inactivity
LOGIN_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)  # failed logins before a lockout
LOGIN_LOCKOUT_MINUTES = env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 30)  # how long a lockout lasts
# Failed sign-ins from one address, whatever the accounts, before that address is locked out.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
# Proxies in front of the app that append to X-Forwarded-For (the visitor's address for lockouts).
# 0, what `make run` serves (gunicorn answers visitors itself): the header is never trusted.
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0)
ADMIN_2FA = PRODUCTION or env_bool("DJANGO_ADMIN_2FA", False)  # TOTP two-factor for staff (always in production)
# ---------------------------------------------------------------------------------------------

if PRODUCTION and not DEBUG and SECRET_KEY == INSECURE_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_ENV=production; refusing to start with the "
        "insecure development key."
    )

# apps
INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # before staticfiles
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_prose_editor",  # the admin's rich-text editor (iceinfo/editing/widgets.py)
    "iceinfo",
    "directorates",
    "contacts",
    "facilities",
    "news",
]

MIDDLEWARE = [
    "iceinfo.serving.middleware.HealthProbeHostMiddleware",  # first: before anything reads the Host
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "iceinfo.serving.middleware.PublicCacheHeadersMiddleware",
    "iceinfo.serving.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "iceinfo.editing.language.AdminLanguageMiddleware",  # the admin in the staff member's language
    "iceinfo.serving.ratelimit.RateLimitMiddleware",  # after LocaleMiddleware: the 429 page is in the visitor's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "iceinfo.editing.security.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "iceinfo.serving.middleware.ContentVersionNoticeMiddleware",  # after MessageMiddleware: its message is stored
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "iceinfo.serving.middleware.SecurityHeadersMiddleware",
    "iceinfo.query.DeclaredQueryMiddleware",  # tells the page cache whether a page may be stored
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "iceinfo.urls"
WSGI_APPLICATION = "iceinfo.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,  # for admin and third-party templates; ours live only in templates/
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iceinfo.serving.context_processors.site_frame",
            ],
        },
    },
]

# database
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3 connection pool; the pool needs CONN_MAX_AGE = 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_MAX,
        "timeout": DATABASE_CONNECT_TIMEOUT,  # a request waits this long for a connection, then 503
    }
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
    # Keep each process's SQLite connection: a new one re-reads the schema on its first query
    # (about 1 ms a request). Django closes it when it errors or no longer answers.
    DATABASES["default"]["CONN_MAX_AGE"] = None

# cache: Redis shared by every app server when REDIS_URL is set, else per-process memory
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "iceinfo.serving.redis_cache.RedisCache",  # Django's, sharing its redis-py clients
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "iceinfo",
            "TIMEOUT": 3600,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "iceinfo",
            "TIMEOUT": 3600,
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# email: staff notifications only (iceinfo.editing.review); a slow mail server must not hold a save for long
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_TIMEOUT = 10  # a dead relay never holds a request for long

# auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Only staff have sessions (the public site sets no cookies): they end after this much inactivity,
# renewed on every admin request by iceinfo.editing.security.StaffSessionMiddleware.
SESSION_COOKIE_AGE = STAFF_SESSION_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins first
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: LOGIN_FAILURE_LIMIT failures lock that account from that address, and
# LOGIN_ADDRESS_FAILURE_LIMIT failures lock the address for every account (see
# iceinfo.editing.security.LockoutHandler), for LOGIN_LOCKOUT_MINUTES after the failure that locked
# them: failures during a lockout do not extend it. A successful login does not clear failures.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # the order LockoutHandler reads
AXES_HANDLER = "iceinfo.editing.security.LockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "iceinfo.query.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/iceinfo/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "ICE public website"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # nobody reads a TOTP key or QR code back from the admin

# i18n
LANGUAGE_CODE = "en"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("vi", _("Vietnamese")),
    ("ko", _("Korean")),
    ("tl", _("Tagalog")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["iceinfo.formats"]  # date formats for the languages Django has none for
# Django ships no locale data for Tagalog and Haitian Creole: IceinfoConfig.ready adds these to Django's
# LANG_INFO, so that names, direction and get_language_info() work (plural rules come from our .po headers).
EXTRA_LANG_INFO = {
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
    "ht": {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"},
}
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = False
JQUERY_UI_URL = "dist/vendor/jquery-ui/jquery-ui.min.js"  # modeltranslation tabs, offline

# static and media
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
if MEDIA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured('DJANGO_MEDIA_STORAGE must be "local" or "s3"')
if not MEDIA_URL.endswith("/"):
    MEDIA_URL += "/"
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if urlsplit(MEDIA_URL).netloc else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if MEDIA_STORAGE == "s3":  # django-storages is imported only here, when configured
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": MEDIA_ENDPOINT_URL or None,
            "region_name": MEDIA_REGION or None,
            "custom_domain": urlsplit(MEDIA_URL).netloc + urlsplit(MEDIA_URL).path.rstrip("/") if MEDIA_ORIGIN else None,
            "querystring_auth": False,  # public images, stable addresses
            "file_overwrite": False,
        },
    }
WHITENOISE_KEEP_ONLY_HASHED_FILES = False
# Source maps (.map) are read only by browsers' developer tools: served as they are, never compressed.
# Brotli at its highest level spent about half of collectstatic's CPU on them (8 of 18 s, two 2.3 MB maps).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# security headers (always on; the HTTPS rules follow DJANGO_SECURE_HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "iceinfo.serving.errors.csrf_failure"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # A nonce only reaches the header on pages that use one: admin forms, for the rich-text
        # editor's import map. Public pages never do, so their policy stays "script-src 'self'".
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# logging: to stderr, where gunicorn and the platform collect it
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "iceinfo.serving.observability.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"one_line": {"()": "iceinfo.serving.observability.OneLineDisallowedHost"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain" if LOG_FORMAT == "plain" else "json"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # A bad Host header is one WARNING line, never a traceback (scanners send thousands).
    "loggers": {"django.security.DisallowedHost": {"level": "WARNING", "filters": ["one_line"]}},
}

if SENTRY_DSN:
    from iceinfo.serving.observability import init_sentry

    init_sentry(SENTRY_DSN, DJANGO_ENV, SENTRY_TRACES_SAMPLE_RATE)
