"""Health endpoints for load balancers and process managers: liveness and readiness."""

from django.core.cache import cache as django_cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from iceinfo.serving.outage import note_database_answers


@require_safe
@never_cache
def healthz_live(request):
    """Liveness: the process answers (no database, no cache). Restart the process when this fails."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def healthz(request):
    """Readiness for the load balancer (also at /healthz/ready): 503 only when the database does not
    answer. A cache that does not answer is reported as "degraded" with 200: pages are then served
    from the database (slower), and taking every app server out at once would take the site down."""
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        note_database_answers()  # visitors stop getting the quick 503 at once
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        status["database"] = f"error: {type(exc).__name__}"
    try:
        django_cache.set("healthz", "1", 10)
        if django_cache.get("healthz") != "1":
            status["cache"] = "degraded: value not stored"
    except Exception as exc:  # noqa: BLE001
        status["cache"] = f"degraded: {type(exc).__name__}"
    ready = status["database"] == "ok"
    status["status"] = ("ok" if status["cache"] == "ok" else "degraded") if ready else "unavailable"
    return JsonResponse(status, status=200 if ready else 503)
