"""Celery workers survive a Redis restart (FAULT_TESTS=1 only: it restarts the shared Redis).

A real worker runs in a subprocess against the test database; a task runs, Redis is restarted
with `shutdown nosave`, and a task enqueued after the restart runs on the same worker (it
reconnects). Redis here runs without persistence, so messages still queued at the restart are
lost: production Redis should run with `appendonly yes` (see the README).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from franchise_platform import outbox
from franchise_platform.celery import app as celery_app
from network import services
from network.models import Invitation, Role
from outbox.models import OutboxMessage
from tests.faults import require_fault_tests, restart_redis
from tests.services import need

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def worker(transactional_db):
    require_fault_tests()
    broker = os.environ.get("CELERY_BROKER_URL", "")
    need(broker.startswith("redis://") and connection.vendor == "postgresql", "Redis broker and PostgreSQL")
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="franchise_platform.settings.local",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "franchise_platform", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
    )
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield process
    celery_app.conf.task_always_eager = eager
    process.terminate()
    process.wait(30)


def test_tasks_enqueued_before_and_after_a_redis_restart_all_run(worker, world):
    def invite(email):
        return services.invitation_create(
            actor=world.users["franchisor"], email=email, role=Role.FRANCHISEE_STAFF, node=world.F1
        )

    def sent(invitation):
        return Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()

    before = invite("before@example.test")
    assert _wait_for(lambda: sent(before)), "the worker does not run tasks"
    restart_redis()
    after = invite("after@example.test")
    assert OutboxMessage.objects.filter(args=[after.pk]).exists()
    if not _wait_for(lambda: sent(after), timeout=20):
        # The send failed while the worker reconnected: the sweep re-sends what is still pending.
        outbox.sweep(older_than_seconds=0)
    assert _wait_for(lambda: sent(after)), "a task enqueued after the Redis restart never ran"
    assert worker.poll() is None, "the worker died with Redis"
