"""The outbox: no task for data that was rolled back, no task lost to a crash after commit."""

import os

import pytest
from django.core import mail
from django.db import transaction

from franchise_platform import outbox
from franchise_platform.celery import app as celery_app
from network import services
from network.models import Invitation, Role
from outbox.models import OutboxMessage
from tests.services import need

QUEUE = "outbox-test"


def invite(world, email="new-staff@example.test"):
    return services.invitation_create(
        actor=world.users["franchisor"], email=email, role=Role.FRANCHISEE_STAFF, node=world.F1
    )


def test_an_invitation_is_sent_once_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(world)
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert OutboxMessage.objects.get().dispatched_at is not None
    assert outbox.sweep(older_than_seconds=0) == 0
    assert len(mail.outbox) == 1


def test_a_failed_request_leaves_neither_data_nor_task(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(world)
        raise RuntimeError("the request fails after enqueueing")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert not Invitation.objects.filter(email="new-staff@example.test").exists()
    assert outbox.sweep(older_than_seconds=0) == 0
    assert mail.outbox == []


def test_a_crash_between_commit_and_send_is_caught_up_by_the_sweep_exactly_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), outbox.crash_before_dispatch():
        invitation = invite(world)
    assert mail.outbox == []  # committed, never sent: the process "died"
    message = OutboxMessage.objects.get()
    assert message.dispatched_at is None

    assert outbox.sweep() == 0  # too recent: its own process may still be sending it
    assert outbox.sweep(older_than_seconds=0) == 1
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert outbox.sweep(older_than_seconds=0) == 0  # and never again
    assert len(mail.outbox) == 1


def test_the_sweep_runs_on_a_schedule():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["outbox.sweep"]["task"] == "outbox.sweep"
    celery_app.loader.import_default_modules()
    assert "outbox.sweep" in celery_app.tasks


@pytest.fixture
def real_broker():
    url = os.environ.get("CELERY_BROKER_URL", "")
    need(url.startswith("redis://"), "a Redis CELERY_BROKER_URL is needed")
    import redis

    client = redis.Redis.from_url(url)
    client.delete(QUEUE)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield client
    finally:
        celery_app.conf.task_always_eager = eager
        client.delete(QUEUE)


def test_with_a_real_broker_a_rolled_back_enqueue_never_reaches_the_queue(
    db, real_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("network.send_invitation", [999_999], queue=QUEUE)
        raise RuntimeError("the request fails")
    assert real_broker.llen(QUEUE) == 0
    assert not OutboxMessage.objects.exists()

    # The same enqueue, committed, does reach the broker: the check above can see a message.
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue("network.send_invitation", [999_999], queue=QUEUE)
    assert real_broker.llen(QUEUE) == 1
    assert OutboxMessage.objects.get().dispatched_at is not None


def test_with_a_real_broker_a_crash_after_commit_is_sent_by_the_sweep_once(
    db, real_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), outbox.crash_before_dispatch():
        outbox.enqueue("network.send_invitation", [999_999], queue=QUEUE)
    assert real_broker.llen(QUEUE) == 0
    assert outbox.sweep(older_than_seconds=0) == 1
    assert outbox.sweep(older_than_seconds=0) == 0
    assert real_broker.llen(QUEUE) == 1
