"""Start-up checks of an app server (run by iceinfo.wsgi before it serves anything)."""

import logging

from django.db import connection

logger = logging.getLogger("iceinfo.serving.startup")


def check_database():
    """Log clearly whether the database answers. The server starts either way: until it answers,
    visitors get a quick localized 503 and /healthz/ready says 503, so the load balancer waits."""
    settings_dict = connection.settings_dict
    host = f"{settings_dict['HOST']}:{settings_dict.get('PORT') or ''}/" if settings_dict.get("HOST") else ""
    where = f"{settings_dict['ENGINE'].rsplit('.', 1)[-1]} {host}{settings_dict['NAME']}"
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        logger.info("database check: %s answers", where)
        return True
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        logger.error("database check FAILED: %s does not answer (%s: %s); serving 503 until it does",
                     where, type(exc).__name__, exc)
        return False
    finally:
        connection.close()  # never hand a connection opened here to forked workers


def production_problems():
    """What makes this production configuration unsafe, each naming the variable to set (empty when
    DJANGO_ENV is not production). DJANGO_SINGLE_SERVER=true accepts a per-process cache and SQLite
    for a deployment of one app server; DATABASE_URL must still say where the database is."""
    from django.conf import settings

    if not settings.PRODUCTION:
        return []
    problems = []
    if not settings.DATABASE_URL:
        problems.append("DATABASE_URL is not set: production would run on SQLite inside the code folder")
    elif settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not settings.SINGLE_SERVER:
        problems.append("DATABASE_URL names SQLite: set it to PostgreSQL (or DJANGO_SINGLE_SERVER=true for one server)")
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.SINGLE_SERVER:
        if not settings.REDIS_URL:
            problems.append(
                "REDIS_URL is not set: each process would keep its own cache (set it, or "
                "DJANGO_SINGLE_SERVER=true for one server)"
            )
        elif backend.endswith(("LocMemCache", "DummyCache")):
            problems.append("REDIS_URL is set but the cache is process-local: check CACHES")
    if settings.MEDIA_STORAGE == "s3":
        if not settings.MEDIA_BUCKET:
            problems.append("DJANGO_MEDIA_BUCKET is not set (DJANGO_MEDIA_STORAGE=s3)")
        try:
            import storages.backends.s3  # noqa: F401
        except ImportError:
            problems.append("DJANGO_MEDIA_STORAGE=s3 needs django-storages[s3] installed")
    return problems


def refuse_unsafe_production():
    """Stop an app server from starting on an unsafe production configuration."""
    from django.core.exceptions import ImproperlyConfigured

    problems = production_problems()
    if problems:
        for problem in problems:
            logger.critical("refusing to start: %s", problem)
        raise ImproperlyConfigured("refusing to start in production: " + "; ".join(problems))


def check_production(app_configs=None, **kwargs):
    """``manage.py check --deploy``: the same rules as start-up (iceinfo.E001)."""
    from django.core.checks import Error

    return [Error(problem, id="iceinfo.E001") for problem in production_problems()]
