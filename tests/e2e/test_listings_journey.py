"""A listings admin changes the holiday hours of a region, watches the batch, and undoes it."""

import pytest
from django.conf import settings

from listings.models import SyncBatch
from network.models import Region
from tests.e2e.conftest import log_in
from tests.listings.simulated import link_on_simulator, mixed_and_mismatched, need_simulator

pytestmark = pytest.mark.e2e


def test_listings_admin_changes_holiday_hours_for_a_region_watches_the_batch_and_undoes_it(
    page, demo_network, live_server
):
    need_simulator()
    from simulators.server import serve_in_thread

    url, shutdown = serve_in_thread()
    old_url, settings.DIRECTORY_SIMULATOR_URL = getattr(settings, "DIRECTORY_SIMULATOR_URL", None), url
    from listings.sync import connectors

    connectors._cache.clear()
    try:
        region = Region.objects.filter(brand=demo_network.brand).order_by("name").first()
        locations = list(region.locations.order_by("pk")[:6])
        link_on_simulator(url, list(region.locations.order_by("pk")))
        log_in(page, "listings")
        page.click("[data-nav=listings]")
        page.click("[data-nav=bulk-hours]")
        page.check("input[name=scope][value=region]")
        page.select_option("select[name=region]", str(region.pk))
        page.fill("input[name=start]", "2026-12-26")
        page.fill("input[name=label]", "Lendemain de Noël")
        page.click("[data-action=preview]", timeout=60_000)
        page.wait_for_selector("[data-preview]")
        page.click("[data-action=apply]", timeout=120_000)  # the test server runs the tasks eagerly
        page.wait_for_selector("[data-batch-status]")
        page.wait_for_function("document.querySelector('#batch').dataset.status === 'done'", timeout=60_000)
        batch = SyncBatch.objects.get(label="Lendemain de Noël")
        assert set(batch.items.values_list("status", flat=True)) == {"synced"}
        assert mixed_and_mismatched(url, locations, "2026-12-26") == (0, 0)
        page.click("[data-action=undo]")
        page.wait_for_selector("[data-page=confirm]")
        page.click("[data-action=confirm]", timeout=120_000)
        page.wait_for_function("document.querySelector('#batch').dataset.status === 'done'", timeout=60_000)
        undo = SyncBatch.objects.get(undo_of=batch)
        assert set(undo.items.values_list("status", flat=True)) == {"synced"}
        mixed, mismatched = mixed_and_mismatched(url, locations, "2026-12-26")
        assert (mixed, mismatched) == (0, 0)
    finally:
        settings.DIRECTORY_SIMULATOR_URL = old_url
        connectors._cache.clear()
        shutdown()
