"""The digest task through a real Celery worker on the real broker: the task is found by its
name, takes a JSON id, reloads its rows and marks what it e-mailed (PostgreSQL only: the
worker is another process and must see the test database)."""

import time

import pytest

from franchise_platform.celery import app
from messaging.models import Notification
from tests.workers import celery_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_a_real_worker_sends_a_digest_and_marks_the_notifications(world):
    user = world.users["franchisee"]
    with celery_worker(name="messaging") as worker:
        app.send_task("messaging.send_digest", args=[user.pk], queue=worker.queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not Notification.objects.filter(user=user, emailed_at__isnull=True).exists():
                break
            time.sleep(0.5)
    assert not Notification.objects.filter(user=user, emailed_at__isnull=True).exists()
    assert user.notification_preference.last_digest_at is not None
