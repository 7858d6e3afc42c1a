"""Health checks for load balancers and orchestrators.

`/healthz`: the process answers (no database, no broker: restarting it would not help them).
`/readyz`: the database and the Celery broker answer; 503 with the failing part otherwise, so
the proxy stops sending traffic to a process that cannot serve it.
"""

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "not configured (tasks run in-process)"
    options = {**getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}), "max_retries": 0}
    with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)
        if conn.transport.driver_type == "redis":
            conn.default_channel.client.ping()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    checks, ready = {}, True
    for name, check in (("database", check_database), ("broker", check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:  # any failure means "not ready"; the reason is shown, not raised
            checks[name] = f"error: {exc.__class__.__name__}"
            ready = False
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
