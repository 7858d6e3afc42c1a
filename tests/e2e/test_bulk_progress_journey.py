"""A bulk change in French with a real worker: the page answers at once, shows the progress
while the worker publishes store after store, ends by itself, and the undo asks first."""

import time

import pytest
from django.conf import settings

from listings.models import SyncBatch
from network.models import Region
from tests.e2e.conftest import log_in
from tests.listings.simulated import link_on_simulator, need_simulator
from tests.workers import celery_worker, sending_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.services]


def _simulator():
    try:
        from simulators.server import serve_in_thread
    except ImportError:  # before the simulators moved to their own package
        from listings.simulator.server import serve_in_thread
    return serve_in_thread()


def _watch_until_done(page, timeout: float) -> list[int]:
    """The numbers of stores done the page showed, read every quarter second, until the batch
    page shows it finished (progress.js reloads it then)."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator("#batch").get_attribute("data-status") == "done":
            return seen
        seen.append(int(page.locator("[data-done]").inner_text()))
        time.sleep(0.25)
    raise AssertionError(f"the batch did not finish in {timeout} s; the page showed {seen}")


def test_a_bulk_change_answers_at_once_and_shows_live_progress_in_french(page, demo_network, live_server):
    need_simulator()
    from listings.sync import connectors

    url, shutdown = _simulator()
    old_url, settings.DIRECTORY_SIMULATOR_URL = settings.DIRECTORY_SIMULATOR_URL, url
    connectors._cache.clear()
    try:
        region = Region.objects.filter(brand=demo_network.brand).order_by("name").first()
        stores = list(region.locations.order_by("pk"))
        link_on_simulator(url, stores)
        with (
            celery_worker(name="bulk-e2e", env={"DIRECTORY_TEST_SIMULATOR_URL": url}) as worker,
            sending_tasks(queue=worker.queue),
        ):
            log_in(page, "listings")
            page.goto("/listings/bulk/holiday-hours/")
            page.check("input[name=scope][value=region]")
            page.select_option("select[name=region]", str(region.pk))
            page.fill("input[name=start]", "2026-12-26")
            page.check("input[name=closed]")
            page.fill("input[name=label]", "Lendemain de Noël")
            page.click("[data-action=apply]")
            page.wait_for_selector("[data-batch-status]")
            assert page.locator("#batch").get_attribute("data-status") == "running"
            assert page.locator("[data-batch-status]").inner_text() == "En cours"
            seen = _watch_until_done(page, 240)
            total = len(stores)
            assert any(0 < done < total for done in seen), seen  # progress shown while the worker worked
            assert seen == sorted(seen)
            assert page.locator("[data-batch-status]").inner_text() == "Terminé"
            batch = SyncBatch.objects.get(label="Lendemain de Noël")
            assert set(batch.items.values_list("status", flat=True)) == {"synced"}

            page.click("[data-action=undo]")
            page.wait_for_selector("[data-page=confirm]")
            assert page.locator("h1").inner_text() == "Annuler « Lendemain de Noël » ?"
            assert (
                f"Les {total} points de vente publiés par ce changement"
                in page.locator("[data-page=confirm]").inner_text()
            )
            page.click("[data-action=confirm]")
            page.wait_for_selector("[data-batch-status]")
            _watch_until_done(page, 240)
            undo = SyncBatch.objects.get(undo_of=batch)
            assert set(undo.items.values_list("status", flat=True)) == {"synced"}
    finally:
        settings.DIRECTORY_SIMULATOR_URL = old_url
        connectors._cache.clear()
        shutdown()
