"""A real Celery worker process runs a task end to end against the real broker and database."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from franchise_platform.celery import app as celery_app
from network import services
from network.models import Invitation, Role
from tests.services import need

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(world):
    broker = settings.CELERY_BROKER_URL
    need(bool(broker), "no CELERY_BROKER_URL: the real-worker test needs a broker")
    need(connection.vendor == "postgresql", "the real-worker test needs PostgreSQL (DATABASE_URL)")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "franchise_platform.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
    }
    queue = f"test-{os.getpid()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "franchise_platform",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_default_queue = "celery"
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_an_invitation_email_is_sent_by_a_real_worker(world, worker):
    invitation = services.invitation_create(
        actor=world.users["franchisor"], email="worker@example.test", role=Role.FRANCHISEE_STAFF, node=world.F1
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists():
            break
        assert worker.poll() is None, worker.stdout.read().decode()
        time.sleep(0.3)
    else:
        pytest.fail("the worker did not send the invitation within 60 s")
    # Running the same task again is harmless: it was sent once.
    sent_at = Invitation.objects.get(pk=invitation.pk).sent_at
    from network.tasks import send_invitation

    send_invitation.apply(args=[invitation.pk])
    assert Invitation.objects.get(pk=invitation.pk).sent_at == sent_at
