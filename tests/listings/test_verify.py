"""The verifier reads every published listing back over the directories' APIs and flags drift;
people resolve it."""

import pytest

from listings.models import DriftStatus, ItemStatus, ListingDrift, SyncItem
from listings.payload import listing_payload
from listings.services import listing_update
from listings.sync.verify import drift_accept, drift_republish, verify_all

# An edit made on each directory's side, in its own format.
THEIRS = {
    "google": {"profile": {"description": "Eux"}},
    "facebook": {"description": "Eux"},
    "pagesjaunes": {"description": "Eux"},
}


@pytest.fixture
def published(world, linked, django_capture_on_commit_callbacks):
    linked(world.L1)
    with django_capture_on_commit_callbacks(execute=True):
        revision = listing_update(location=world.L1, user=world.users["listings"], data={"description": "Nous"})
    assert SyncItem.objects.get(revision=revision).status == ItemStatus.SYNCED
    return world.L1


def tamper(sim, location, directory, changes):
    sim.tamper(directory, location.directory_links.get(directory=directory).external_id, **changes)


def test_a_directory_edited_on_its_side_is_flagged_once_and_clears_by_itself(published, sim):
    tamper(sim, published, "google", THEIRS["google"])
    assert verify_all() == 1
    assert verify_all() == 1  # the same drift, updated, not a second one
    drift = ListingDrift.objects.get(location=published, directory="google")
    assert drift.fields == ["description"] and drift.theirs["description"] == "Eux"
    tamper(sim, published, "google", {"profile": {"description": "Nous"}})
    verify_all()
    drift.refresh_from_db()
    assert drift.status == DriftStatus.GONE


def test_holiday_hours_facebook_cannot_hold_are_not_a_drift(
    world, published, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing_update(
            location=published,
            user=world.users["listings"],
            data={"special_hours": [{"date": "2026-12-25", "closed": True}]},
        )
    assert verify_all() == 0


def test_republishing_ours_writes_only_the_drifted_field(
    published, sim, shown, world, django_capture_on_commit_callbacks
):
    tamper(sim, published, "facebook", THEIRS["facebook"])
    verify_all()
    drift = ListingDrift.objects.get(location=published, directory="facebook")
    with django_capture_on_commit_callbacks(execute=True):
        drift_republish(drift=drift, user=world.users["listings"])
    assert shown(published, "description")["facebook"] == "Nous"
    write = [r for r in sim.requests("facebook") if r["method"] == "POST"][-1]
    assert set(write["form"]) == {"description", "fields"}


def test_accepting_theirs_makes_a_new_revision_published_everywhere(
    published, sim, shown, world, django_capture_on_commit_callbacks
):
    tamper(sim, published, "pagesjaunes", THEIRS["pagesjaunes"])
    verify_all()
    drift = ListingDrift.objects.get(location=published, directory="pagesjaunes")
    with django_capture_on_commit_callbacks(execute=True):
        revision = drift_accept(drift=drift, user=world.users["listings"])
    assert revision.kind == "accept_theirs" and listing_payload(published)["description"] == "Eux"
    assert set(shown(published, "description").values()) == {"Eux"}
