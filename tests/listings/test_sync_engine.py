"""The sync engine against the in-memory directories: publish, verify, retry, roll back."""

import pytest

from listings.models import ItemStatus, Listing, SyncBatch, SyncItem, SyncStatus
from listings.payload import listing_payload
from listings.services import listing_update
from listings.sync.batches import batch_undo
from listings.sync.engine import run_item
from network.models import Role
from tests.factories import LocationFactory, UserFactory, grant_role

HOURS = [{"day": "MONDAY", "open": "09:00", "close": "17:00"}]


@pytest.fixture
def editor(db):
    location = LocationFactory()
    user = UserFactory(username="editor")
    grant_role(user, Role.LISTINGS_EDITOR, location.brand)
    return user


def edit(user, location, data, capture):
    with capture(execute=True):
        return listing_update(location=location, data=data, user=user)


def shown(fake, location, field):
    return {
        link.directory: fake.shown(link.directory, link.external_id)[field] for link in location.directory_links.all()
    }


def test_an_edit_is_published_on_every_directory_and_verified(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    location = editor and LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    revision = edit(editor, location, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.SYNCED
    assert set(map(str, shown(fake, location, "regular_hours").values())) == {str(HOURS)}
    listing = Listing.objects.get(location=location)
    assert listing.published_revision == revision and listing.sync_status == SyncStatus.SYNCED
    # one read and one write per directory, nothing more
    assert sorted(method for _d, method, _id in fake.calls) == ["get"] * 3 + ["update"] * 3


def test_a_permanent_failure_on_one_directory_restores_the_others(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    before = listing_payload(location)["regular_hours"]
    fake.fail("pagesjaunes", "update", kind="permanent")
    revision = edit(editor, location, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.ROLLED_BACK
    assert "Pages Jaunes" in item.reason
    assert all(hours == before for hours in shown(fake, location, "regular_hours").values())
    listing = Listing.objects.get(location=location)
    assert listing.sync_status == SyncStatus.ROLLED_BACK and listing.published_revision_id != revision.pk


def test_retryable_errors_and_lost_responses_still_end_synced(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    fake.fail("google", "update", kind="retryable", times=2, retry_after=0.01)
    fake.fail("facebook", "update", kind="lost", times=1)
    fake.fail("pagesjaunes", "get", kind="retryable", times=1)
    revision = edit(editor, location, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    assert SyncItem.objects.get(revision=revision).status == ItemStatus.SYNCED
    assert all(hours == HOURS for hours in shown(fake, location, "regular_hours").values())


def test_a_failed_restore_leaves_the_location_needing_attention(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    fake.fail("pagesjaunes", "update", kind="permanent")
    fake.fail("google", "update", kind="permanent", times=10)  # the first write passes? no: all fail
    revision = edit(editor, location, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status in (ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION)


def test_rerunning_a_finished_item_changes_nothing(db, fake, linked, editor, django_capture_on_commit_callbacks):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    revision = edit(editor, location, {"description": "Bonjour"}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    calls = len(fake.calls)
    assert run_item(item.pk) == ItemStatus.SYNCED
    assert len(fake.calls) == calls


def test_a_redelivered_item_resumes_from_its_saved_snapshot(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    """A worker killed after writing: the new task keeps the old snapshot and ends synced."""
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    old = listing_payload(location)["description"]
    with django_capture_on_commit_callbacks(execute=False):
        revision = listing_update(location=location, data={"description": "Nouveau"}, user=editor)
    item = SyncItem.objects.get(revision=revision)
    # Simulate the dead worker: snapshots saved, google written, state left "running".
    for job in item.jobs.all():
        job.snapshot = fake.shown(job.directory, job.external_id)
        job.status = "snapshot"
        job.save()
        if job.directory == "google":
            fake.shown("google", job.external_id)["description"] = "Nouveau"
    SyncItem.objects.filter(pk=item.pk).update(status=ItemStatus.RUNNING)
    assert run_item(item.pk) == ItemStatus.SYNCED
    assert {job.snapshot["description"] for job in item.jobs.all()} == {old}
    assert set(shown(fake, location, "description").values()) == {"Nouveau"}


def test_undo_restores_the_previous_revision_everywhere(db, fake, linked, editor, django_capture_on_commit_callbacks):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    edit(editor, location, {"description": "Avant"}, django_capture_on_commit_callbacks)
    revision = edit(editor, location, {"description": "Coquille"}, django_capture_on_commit_callbacks)
    batch = SyncItem.objects.get(revision=revision).batch
    with django_capture_on_commit_callbacks(execute=True):
        undo = batch_undo(batch=batch, user=editor)
    undo.refresh_from_db()
    assert undo.status == "done" and undo.undo_of == batch
    assert set(shown(fake, location, "description").values()) == {"Avant"}
    assert Listing.objects.get(location=location).current_revision.payload["description"] == "Avant"


def test_an_all_or_nothing_batch_rolls_back_every_location(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    from listings.bulk import bulk_special_hours

    brand = editor.memberships.get().brand
    locations = [LocationFactory(franchise__region__brand=brand) for _ in range(3)]
    for location in locations:
        linked(location)
    fake.fail(
        "facebook",
        "update",
        kind="permanent",
        external_id=location.directory_links.get(directory="facebook").external_id,
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk_special_hours(
            user=editor,
            locations=locations,
            entries=[{"date": "2026-12-25", "closed": True}],
            all_or_nothing=True,
        )
    batch = SyncBatch.objects.get(pk=batch.pk)
    assert batch.status == "done"
    assert set(batch.items.values_list("status", flat=True)) == {ItemStatus.ROLLED_BACK}
    for location in locations:
        assert all(special == [] for special in shown(fake, location, "special_hours").values())


def test_a_rolled_back_store_is_retried_in_one_click_and_ends_synced(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    from listings.sync.batches import item_retry

    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    fake.fail("google", "update", kind="permanent")
    revision = edit(editor, location, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.ROLLED_BACK
    with django_capture_on_commit_callbacks(execute=True):
        retry = item_retry(item=item, user=editor)
    assert retry.items.get().status == ItemStatus.SYNCED
    assert all(hours == HOURS for hours in shown(fake, location, "regular_hours").values())
    listing = Listing.objects.get(location=location)
    assert listing.sync_status == SyncStatus.SYNCED and listing.published_revision == revision


def test_an_older_change_delivered_late_does_not_overwrite_a_newer_one(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    with django_capture_on_commit_callbacks(execute=False):
        old = listing_update(location=location, data={"description": "Ancien"}, user=editor)
    edit(editor, location, {"description": "Récent"}, django_capture_on_commit_callbacks)
    assert run_item(SyncItem.objects.get(revision=old).pk) == ItemStatus.SUPERSEDED
    assert set(shown(fake, location, "description").values()) == {"Récent"}


def test_the_sweep_finishes_a_rollback_whose_messages_were_lost(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    """An all-or-nothing batch whose rollback messages vanished (a Redis restart) would stay
    "rolling back" for ever, half published; the beat's sweep sends them again."""
    from listings.bulk import bulk_special_hours
    from listings.tasks import resume_stalled_items

    brand = editor.memberships.get().brand
    locations = [LocationFactory(franchise__region__brand=brand) for _ in range(3)]
    for location in locations:
        linked(location)
    failing = locations[-1].directory_links.get(directory="facebook").external_id
    fake.fail("facebook", "update", kind="permanent", external_id=failing)
    with django_capture_on_commit_callbacks(execute=False):
        batch = bulk_special_hours(
            user=editor, locations=locations, entries=[{"date": "2026-12-25", "closed": True}], all_or_nothing=True
        )
        for item in batch.items.order_by("location_id"):
            run_item(item.pk)  # the rollbacks it enqueues on commit are never sent
    batch.refresh_from_db()
    assert batch.status == "rolling_back"
    assert ItemStatus.SYNCED in set(batch.items.values_list("status", flat=True))

    resume_stalled_items.apply(kwargs={"minutes": 0})
    batch.refresh_from_db()
    assert batch.status == "done"
    assert set(batch.items.values_list("status", flat=True)) == {ItemStatus.ROLLED_BACK}
    for location in locations:
        assert all(special == [] for special in shown(fake, location, "special_hours").values())


def test_the_sweep_closes_a_batch_whose_last_location_ended_without_closing_it(
    db, fake, linked, editor, django_capture_on_commit_callbacks
):
    """A worker that died between ending the last location and closing the batch left it
    "running" with nothing left to run: the sweep closes it."""
    from listings.tasks import resume_stalled_items

    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    revision = edit(editor, location, {"description": "Fini"}, django_capture_on_commit_callbacks)
    batch = SyncItem.objects.get(revision=revision).batch
    SyncBatch.objects.filter(pk=batch.pk).update(status="running", finished_at=None)

    resume_stalled_items.apply(kwargs={"minutes": 10})
    batch.refresh_from_db()
    assert batch.status == "done" and batch.finished_at is not None
