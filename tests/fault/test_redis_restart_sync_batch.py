"""Issue 7: Redis restarted during a sync batch. The batch completes or rolls back as the sync
engine specifies, with nothing left waiting or syncing, and no store shows the new hours on some
directories and the old ones on others.

A real worker (prefork, two processes, the default queues: as in production) publishes the batch
to the directory simulator over HTTP; the broker of the worker and of the test process is a
private Redis without persistence (`tests.faults`), restarted once some stores are done. The
messages still queued at that moment are lost with it: the recovery sweep (beat, every minute)
notices the broker lost its memory and re-sends the work of the locations not done.
"""

import time

import pytest
import requests
from django.db import transaction

from listings.beat import BEAT_SCHEDULE
from listings.bulk import bulk_special_hours
from listings.models import ITEM_DONE, BatchStatus, ItemStatus, SyncBatch, SyncItem
from simulators.server import serve_in_thread
from tests.factories import LocationFactory, RegionFactory, UserFactory, grant_role
from tests.faults import private_redis
from tests.listings.simulated import link_on_simulator, mixed_and_mismatched, need_simulator
from tests.workers import celery_worker, sending_tasks

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
LOCATIONS = 30
DATE = "2026-12-24"


@pytest.fixture
def simulator_url():
    need_simulator()
    url, shutdown = serve_in_thread()
    yield url
    shutdown()


def wait_for(check, timeout: float, what: str, state=dict) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            pytest.fail(f"timed out after {timeout} s waiting for {what}: {state()}")
        time.sleep(0.2)
    return time.monotonic() - started


def sweep() -> None:
    """One beat tick of the recovery sweep, run by the worker as beat would have it."""
    from franchise_platform.celery import app

    entry = BEAT_SCHEDULE["listings-resume-stalled-items"]
    app.send_task(entry["task"], kwargs=entry["kwargs"])


def counts(batch) -> dict:
    rows = SyncItem.objects.filter(batch=batch).values_list("status", flat=True)
    return {status: list(rows).count(status) for status in set(rows)}


def test_a_redis_restart_mid_batch_ends_the_batch_with_no_store_left_running_or_mixed(simulator_url):
    region = RegionFactory()
    locations = [LocationFactory(franchise__region=region) for _ in range(LOCATIONS)]
    admin = UserFactory(username="redis-batch-admin")
    grant_role(admin, "franchisor_admin", region.brand)
    link_on_simulator(simulator_url, locations)
    # Rate limits (Retry-After: 1 s) keep the batch running long enough to restart Redis mid-way.
    faults = {"directory": "*", "rate_limit_rate": 0.15, "seed": 11}
    requests.post(f"{simulator_url}/_sim/faults", json=faults, timeout=10).raise_for_status()
    env = {"DIRECTORY_SIMULATOR_URL": simulator_url, "LISTINGS_SYNC_BASE_DELAY": "0.05"}
    options = {"pool": "prefork", "concurrency": 2, "settings_module": "franchise_platform.settings.local"}
    with (
        private_redis() as broker,
        sending_tasks(broker.url),
        celery_worker(broker.url, name="redis-batch", own_queue=False, env=env, **options) as worker,
    ):
        sweep()  # beat runs the recovery sweep every minute, before and during the batch
        with transaction.atomic():
            batch = bulk_special_hours(
                user=admin, locations=locations, entries=[{"date": DATE, "closed": True}], label="redis"
            )
        started = time.monotonic()
        done = SyncItem.objects.filter(batch=batch, status__in=ITEM_DONE)
        wait_for(lambda: done.count() >= 3, 90, "the first stores to be synced", lambda: counts(batch))
        at_restart = counts(batch)
        assert done.count() < LOCATIONS, "the batch ended before the restart: make it slower"
        broker.restart()
        print(f"\n{LOCATIONS} locations; Redis restarted after {time.monotonic() - started:.1f} s: {at_restart}")
        sweep()
        finished = wait_for(
            lambda: SyncBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE,
            120,
            "the batch to finish",
            lambda: counts(batch),
        )
        assert worker.alive(), worker.log()
    batch.refresh_from_db()
    final = counts(batch)
    total = time.monotonic() - started
    print(f"batch {batch.status} {finished:.1f} s after the restart, {total:.1f} s in all: {final}")
    assert set(final) <= {ItemStatus.SYNCED, ItemStatus.ROLLED_BACK}, final
    mixed, mismatched = mixed_and_mismatched(simulator_url, locations, DATE)
    print(f"stores mixed across directories: {mixed}; directories not showing the published revision: {mismatched}")
    assert (mixed, mismatched) == (0, 0)
