"""A sync batch across the network shows each viewer only the stores they may see (issue 15,
finding 8), in its page, its progress and the API; undo and retry are offered only to those who
may use them, and undo asks first."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from listings.models import BatchStatus, ItemStatus, SyncBatch, SyncItem
from listings.services import listing_for
from tests.world import client_for


@pytest.fixture
def network_batch(world):
    """A finished batch of brand A over L1 (franchise F1), L3 (F3, region A1) and L2 (F2, region
    A2); L3's store was rolled back."""
    batch = SyncBatch.objects.create(
        brand=world.A, label="Horaires réseau", status=BatchStatus.DONE, finished_at=timezone.now()
    )
    items = {}
    for name in ("L1", "L2", "L3"):
        location = getattr(world, name)
        listing = listing_for(location)
        items[name] = SyncItem.objects.create(
            batch=batch,
            location=location,
            revision=listing.current_revision,
            status=ItemStatus.ROLLED_BACK if name == "L3" else ItemStatus.SYNCED,
        )
    batch.items_by_name = items
    return batch


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


SEEN = {
    "franchisee": {"L1"},  # owner of F1
    "franchisee2": {"L2"},  # owner of F2, region A2
    "region": {"L1", "L3"},  # manager of region A1
    "franchisor": {"L1", "L2", "L3"},
    "listings": {"L1", "L2", "L3"},
}


def _names(world, location_ids) -> set[str]:
    return {name for name in ("L1", "L2", "L3") if getattr(world, name).pk in set(location_ids)}


@pytest.mark.parametrize("role", sorted(SEEN))
def test_the_batch_page_lists_only_the_stores_the_viewer_sees(world, network_batch, role):
    response = login(world, role).get(reverse("listing-batch", args=[network_batch.pk]))
    assert response.status_code == 200
    assert _names(world, [item.location_id for item in response.context["items"]]) == SEEN[role]
    assert response.context["progress"]["total"] == len(SEEN[role])


@pytest.mark.parametrize("role", sorted(SEEN))
def test_the_progress_json_counts_only_the_stores_the_viewer_sees(world, network_batch, role):
    data = login(world, role).get(reverse("listing-batch-progress", args=[network_batch.pk])).json()
    items = {int(pk) for pk in data["items"]}
    expected = {network_batch.items_by_name[name].pk for name in SEEN[role]}
    assert (items, data["total"]) == (expected, len(SEEN[role]))


@pytest.mark.parametrize("role", sorted(SEEN))
def test_the_batch_api_lists_only_the_stores_the_viewer_sees(world, network_batch, role):
    client = client_for(world, role)
    detail = client.get(f"/api/v1/sync-batches/{network_batch.pk}/")
    assert detail.status_code == 200
    assert _names(world, [item["location"] for item in detail.json()["items"]]) == SEEN[role]
    progress = client.get(f"/api/v1/sync-batches/{network_batch.pk}/progress/").json()
    assert progress["total"] == len(SEEN[role])


def test_a_franchisee_of_another_brand_does_not_see_the_batch_at_all(world, network_batch):
    assert client_for(world, "beta_admin").get(f"/api/v1/sync-batches/{network_batch.pk}/").status_code == 404


def test_undo_is_offered_only_to_who_may_undo_every_store_of_the_batch(world, network_batch):
    url = reverse("listing-batch", args=[network_batch.pk])
    assert 'data-action="undo"' in login(world, "listings").get(url).content.decode()
    for role in ("franchisee", "region"):
        body = login(world, role).get(url).content.decode()
        assert 'data-action="undo"' not in body, role
    # and the API refuses it for the same reason
    assert client_for(world, "franchisee").post(f"/api/v1/sync-batches/{network_batch.pk}/undo/").status_code == 403


def test_a_failed_store_offers_retry_only_to_who_may_change_it(world, network_batch):
    url = reverse("listing-batch", args=[network_batch.pk])
    retry = reverse("listing-item-retry", args=[network_batch.items_by_name["L3"].pk])
    assert retry in login(world, "region").get(url).content.decode()  # L3 is in region A1
    world.users["staff3"].capability_grants.all().delete()
    staff = Client()
    staff.force_login(world.users["staff3"])  # staff of F3: no listing right, so no button
    assert staff.get(url).status_code == 403
    assert "Retry the failed stores" not in login(world, "franchisee").get(url).content.decode()


def test_undo_asks_for_confirmation_first_and_acts_only_once_confirmed(
    world, network_batch, django_capture_on_commit_callbacks
):
    client = login(world, "listings")
    url = reverse("listing-batch-undo", args=[network_batch.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and 'data-page="confirm"' in asked.content.decode()
    assert not SyncBatch.objects.filter(undo_of=network_batch).exists()
    with django_capture_on_commit_callbacks(execute=False):
        done = client.post(url, {"confirmed": "1"})
    undo = SyncBatch.objects.get(undo_of=network_batch)
    assert done.status_code == 302 and done.url == reverse("listing-batch", args=[undo.pk])
