"""A real Celery worker process runs a task end to end against the real broker and database."""

import time

import pytest

from network import services
from network.models import Invitation, Role
from network.tasks import send_invitation
from tests.workers import celery_worker, sending_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_invitation_email_is_sent_by_a_real_worker(world):
    with celery_worker(name="network") as worker, sending_tasks(queue=worker.queue):
        invitation = services.invitation_create(
            actor=world.users["franchisor"], email="worker@example.test", role=Role.FRANCHISEE_STAFF, node=world.F1
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists():
                break
            assert worker.alive(), worker.log()
            time.sleep(0.3)
        else:
            pytest.fail(f"the worker did not send the invitation within 60 s:\n{worker.log()}")
    # Running the same task again is harmless: it was sent once.
    sent_at = Invitation.objects.get(pk=invitation.pk).sent_at
    send_invitation.apply(args=[invitation.pk])
    assert Invitation.objects.get(pk=invitation.pk).sent_at == sent_at
