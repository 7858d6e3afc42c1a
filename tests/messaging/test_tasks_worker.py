"""The digest task through a real Celery worker on the real broker: the task is found by its
name, takes a JSON id, reloads its rows and marks what it e-mailed (PostgreSQL only: the
worker is another process and must see the test database)."""

import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from messaging.models import Notification
from tests.services import need

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def _broker_up(url: str) -> bool:
    if not url:
        return False
    try:
        import redis

        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # any failure means no broker
        return False


@pytest.fixture
def worker():
    broker = settings.CELERY_BROKER_URL
    need(connection.vendor == "postgresql", "a worker needs PostgreSQL to share the test database")
    need(_broker_up(broker), "no Redis broker: set CELERY_BROKER_URL")
    db = settings.DATABASES["default"]
    credentials = db["USER"] + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "franchise_platform.settings.test",
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
    }
    queue = f"forum-test-{os.getpid()}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "franchise_platform", "worker", "-P", "solo", "-Q", queue,
         "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    try:
        yield queue
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_real_worker_sends_a_digest_and_marks_the_notifications(world, worker):
    from franchise_platform.celery import app

    user = world.users["franchisee"]
    app.send_task("messaging.send_digest", args=[user.pk], queue=worker)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not Notification.objects.filter(user=user, emailed_at__isnull=True).exists():
            break
        time.sleep(0.5)
    assert not Notification.objects.filter(user=user, emailed_at__isnull=True).exists()
    assert user.notification_preference.last_digest_at is not None
