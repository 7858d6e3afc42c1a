"""The verifier reads every published listing back and flags drift; people resolve it."""

import pytest

from listings.models import DriftStatus, ItemStatus, ListingDrift, SyncItem
from listings.payload import listing_payload
from listings.services import listing_update
from listings.sync.verify import drift_accept, drift_republish, verify_all


@pytest.fixture
def published(world, fake, linked, django_capture_on_commit_callbacks):
    linked(world.L1)
    with django_capture_on_commit_callbacks(execute=True):
        revision = listing_update(location=world.L1, user=world.users["listings"], data={"description": "Nous"})
    assert SyncItem.objects.get(revision=revision).status == ItemStatus.SYNCED
    return world.L1


def tamper(fake, location, directory, **changes):
    link = location.directory_links.get(directory=directory)
    fake.shown(directory, link.external_id).update(changes)


def test_a_directory_edited_on_its_side_is_flagged_once_and_clears_by_itself(published, fake):
    directory = "google"
    tamper(fake, published, "google", description="Eux")
    assert verify_all() == 1
    assert verify_all() == 1  # the same drift, updated, not a second one
    drift = ListingDrift.objects.get(location=published, directory=directory)
    assert drift.fields == ["description"] and drift.theirs["description"] == "Eux"
    tamper(fake, published, "google", description="Nous")
    verify_all()
    drift.refresh_from_db()
    assert drift.status == DriftStatus.GONE


def test_republishing_ours_puts_our_data_back(published, fake, world, django_capture_on_commit_callbacks):
    directory = "facebook"
    tamper(fake, published, "facebook", description="Eux")
    verify_all()
    drift = ListingDrift.objects.get(location=published, directory=directory)
    with django_capture_on_commit_callbacks(execute=True):
        drift_republish(drift=drift, user=world.users["listings"])
    link = published.directory_links.get(directory="facebook")
    assert fake.shown("facebook", link.external_id)["description"] == "Nous"


def test_accepting_theirs_makes_a_new_revision_published_everywhere(
    published, fake, world, django_capture_on_commit_callbacks
):
    directory = "pagesjaunes"
    tamper(fake, published, "pagesjaunes", description="Eux")
    verify_all()
    drift = ListingDrift.objects.get(location=published, directory=directory)
    with django_capture_on_commit_callbacks(execute=True):
        revision = drift_accept(drift=drift, user=world.users["listings"])
    assert revision.kind == "accept_theirs" and listing_payload(published)["description"] == "Eux"
    for link in published.directory_links.all():
        assert fake.shown(link.directory, link.external_id)["description"] == "Eux"
