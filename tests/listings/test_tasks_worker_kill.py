"""A real Celery worker killed in the middle of a batch: after a restart every store ends synced
or rolled back, no store shows new hours on some directories and old on others, and every
directory shows our published revision."""

import time

import pytest
import requests
from django.db import transaction

from listings.models import ItemStatus, SyncBatch, SyncItem
from tests.factories import LocationFactory, RegionFactory, UserFactory, grant_role
from tests.listings.simulated import link_on_simulator, mixed_and_mismatched, need_simulator
from tests.workers import celery_worker, sending_tasks

pytestmark = pytest.mark.services


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_leaves_no_store_mixed_after_restart():
    need_simulator()
    from franchise_platform.celery import app
    from listings.bulk import bulk_special_hours
    from listings.tasks import resume_stalled_items
    from simulators.server import serve_in_thread

    url, shutdown = serve_in_thread()
    # Production-like: the default queues, a prefork pool of two, and the directories over HTTP.
    options = {
        "name": "kill",
        "own_queue": False,
        "pool": "prefork",
        "concurrency": 2,
        "settings_module": "franchise_platform.settings.local",
        "env": {"DIRECTORY_SIMULATOR_URL": url, "LISTINGS_SYNC_BASE_DELAY": "0.05"},
    }
    region = RegionFactory()
    locations = [LocationFactory(franchise__region=region) for _ in range(24)]
    admin = UserFactory(username="kill-admin")
    grant_role(admin, "franchisor_admin", region.brand)
    link_on_simulator(url, locations)
    # Rate limits (Retry-After: 1 s) keep the batch running long enough to kill it mid-way.
    requests.post(f"{url}/_sim/faults", json={"directory": "*", "rate_limit_rate": 0.3, "seed": 7}, timeout=10)
    try:
        with sending_tasks():
            with celery_worker(**options) as worker:
                app.control.purge()  # messages left on the default queues by an earlier run
                with transaction.atomic():
                    batch = bulk_special_hours(
                        user=admin, locations=locations, entries=[{"date": "2026-12-25", "closed": True}], label="kill"
                    )
                wait_for(
                    lambda: SyncItem.objects.filter(batch=batch, status=ItemStatus.RUNNING).exists(),
                    60,
                    "a running store",
                )
                time.sleep(1.0)
                worker.kill()
            assert SyncItem.objects.filter(batch=batch).exclude(status__in=["synced", "rolled_back"]).exists()
            with celery_worker(**options):
                resume_stalled_items.apply(kwargs={"minutes": 0})  # beat's sweep, without its 10-minute wait
                wait_for(lambda: SyncBatch.objects.get(pk=batch.pk).status == "done", 180, "the batch to finish")
        statuses = set(SyncItem.objects.filter(batch=batch).values_list("status", flat=True))
        assert statuses <= {"synced", "rolled_back"}
        assert mixed_and_mismatched(url, locations, "2026-12-25") == (0, 0)
    finally:
        requests.post(f"{url}/_sim/faults", json={"directory": "*"}, timeout=10)
        shutdown()
