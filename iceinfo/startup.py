"""Start-up checks of an app server (run by iceinfo.wsgi before it serves anything)."""

import logging

from django.db import connection

logger = logging.getLogger("iceinfo.startup")


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
