"""Celery workers survive a Redis restart.

A real worker runs in a subprocess against the test database, with a private Redis (started by
the test, see `tests.faults`) as the broker of the worker and of the test process. A task runs,
that Redis is restarted with `shutdown nosave`, and a task enqueued after the restart runs on the
same worker (it reconnects). This Redis runs without persistence, so messages still queued at the
restart are lost: production Redis should run with `appendonly yes` (see the README), and the
database outbox re-sends what could not be sent while Redis was down.
"""

import time

import pytest

from franchise_platform import outbox
from network import services
from network.models import Invitation, Role
from outbox.models import OutboxMessage
from tests.faults import private_redis
from tests.workers import celery_worker, sending_tasks


def _wait_for(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def broker():
    with private_redis() as server:
        yield server


@pytest.fixture
def worker(transactional_db, broker):
    env = {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    options = {"own_queue": False, "settings_module": "franchise_platform.settings.local", "env": env}
    with celery_worker(broker.url, name="redis-restart", **options) as worker, sending_tasks(broker.url):
        yield worker


def test_tasks_enqueued_before_and_after_a_redis_restart_all_run(worker, broker, world):
    def invite(email):
        return services.invitation_create(
            actor=world.users["franchisor"], email=email, role=Role.FRANCHISEE_STAFF, node=world.F1
        )

    def sent(invitation):
        return Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()

    before = invite("before@example.test")
    assert _wait_for(lambda: sent(before)), "the worker does not run tasks"
    broker.restart()
    after = invite("after@example.test")
    assert OutboxMessage.objects.filter(args=[after.pk]).exists()
    if not _wait_for(lambda: sent(after), timeout=20):
        # The send failed while the worker reconnected: the sweep re-sends what is still pending.
        outbox.sweep(older_than_seconds=0)
    assert _wait_for(lambda: sent(after)), "a task enqueued after the Redis restart never ran"
    assert worker.alive(), "the worker died with Redis"


@pytest.mark.parametrize("appendonly", [False, True], ids=["no-persistence", "appendonly"])
def test_only_an_append_only_redis_keeps_the_messages_queued_at_a_restart(appendonly):
    """Why the README asks for `appendonly yes` in production: without it a restart drops every
    queued task, and only the recovery sweeps (outbox, sync batches) bring the work back."""
    import redis

    from franchise_platform.celery import app

    with private_redis(appendonly=appendonly) as server, sending_tasks(server.url):
        app.send_task("network.send_invitation", args=[0], queue="parked")
        assert redis.Redis.from_url(server.url).llen("parked") == 1
        server.restart()
        assert redis.Redis.from_url(server.url).llen("parked") == (1 if appendonly else 0)
