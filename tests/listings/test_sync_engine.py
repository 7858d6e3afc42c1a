"""The sync engine over HTTP against the directory simulators: publish, verify, retry, roll back."""

import pytest

from listings.models import ItemStatus, JobStatus, Listing, SyncBatch, SyncItem, SyncStatus
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


@pytest.fixture
def store(editor, linked):
    location = LocationFactory(franchise__region__brand=editor.memberships.get().brand)
    linked(location)
    return location


def edit(user, location, data, capture):
    with capture(execute=True):
        return listing_update(location=location, data=data, user=user)


def directory_requests(sim):
    return [(r["directory"], r["method"]) for r in sim.requests()]


def test_an_edit_is_published_on_every_directory_with_one_read_and_one_write_each(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    before = len(sim.requests())
    revision = edit(editor, store, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    sent = sorted(directory_requests(sim)[before:])
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.SYNCED
    assert shown(store, "regular_hours") == {"google": HOURS, "facebook": HOURS, "pagesjaunes": HOURS}
    listing = Listing.objects.get(location=store)
    assert listing.published_revision == revision and listing.sync_status == SyncStatus.SYNCED
    # the pre-image read and one write whose answer is the check, nothing more
    expected = [("google", "GET"), ("google", "PATCH"), ("facebook", "GET"), ("facebook", "POST")]
    expected += [("pagesjaunes", "GET"), ("pagesjaunes", "PATCH")]
    assert sent == sorted(expected)
    assert sorted(item.jobs.values_list("directory", "requests")) == [
        ("facebook", 2),
        ("google", 2),
        ("pagesjaunes", 2),
    ]


def test_a_holiday_change_writes_only_special_hours_and_facebook_says_not_supported(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    google_id = store.directory_links.get(directory="google").external_id
    sim.tamper("google", google_id, websiteUri="https://elsewhere.example/")  # unrelated drift
    before = len(sim.requests())
    special = [{"date": "2026-12-25", "closed": True}]
    revision = edit(editor, store, {"special_hours": special}, django_capture_on_commit_callbacks)
    sent = directory_requests(sim)[before:]
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.SYNCED
    patch = next(r for r in sim.requests("google") if r["method"] == "PATCH")
    assert dict(patch["query"])["updateMask"] == "specialHours"
    assert set(patch["json"]) == {"specialHours"}
    assert shown(store, "special_hours") == {"google": special, "pagesjaunes": special}
    assert sorted(sent) == [("google", "GET"), ("google", "PATCH"), ("pagesjaunes", "GET"), ("pagesjaunes", "PATCH")]
    facebook = item.jobs.get(directory="facebook")
    assert (facebook.status, facebook.unsupported_fields, facebook.requests) == (
        JobStatus.NOT_SUPPORTED,
        ["special_hours"],
        0,
    )
    listing = Listing.objects.get(location=store)
    assert listing.sync_problems == [
        {"directory": "facebook", "code": "not_supported", "params": {"fields": ["special_hours"]}}
    ]
    assert sim.state("google", google_id).json()["websiteUri"] == "https://elsewhere.example/"


def test_a_permanent_failure_on_one_directory_restores_the_others(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    before = listing_payload(store)["regular_hours"]
    sim.fail("pagesjaunes", "PATCH", "invalid")
    revision = edit(editor, store, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.ROLLED_BACK
    assert item.reason == "directory_failed"
    assert [(p["directory"], p["code"]) for p in item.problems] == [("pagesjaunes", "refused")]
    assert shown(store, "regular_hours") == {"google": before, "facebook": before, "pagesjaunes": before}
    listing = Listing.objects.get(location=store)
    assert listing.sync_status == SyncStatus.ROLLED_BACK and listing.published_revision_id != revision.pk


def test_retryable_errors_and_lost_responses_still_end_synced(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    sim.fail("google", "PATCH", "rate", times=2)
    sim.fail("facebook", "POST", "lost")
    sim.fail("pagesjaunes", "GET", "error")
    revision = edit(editor, store, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    assert SyncItem.objects.get(revision=revision).status == ItemStatus.SYNCED
    assert shown(store, "regular_hours") == {"google": HOURS, "facebook": HOURS, "pagesjaunes": HOURS}


def test_a_restore_the_directory_refuses_leaves_the_store_needing_attention(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    """Pages Jaunes refuses the change; Google took it but then refuses every write (access
    lost): its old hours cannot be put back, so the store needs attention, and says why."""
    sim.fail("pagesjaunes", "PATCH", "invalid")
    sim.fail("google", "PATCH", "denied", skip=1, times=10)
    revision = edit(editor, store, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.NEEDS_ATTENTION
    assert item.reason == "restore_failed"
    assert {job.directory: job.status for job in item.jobs.all()} == {
        "google": JobStatus.RESTORE_FAILED,
        "facebook": JobStatus.RESTORED,
        "pagesjaunes": JobStatus.RESTORED,
    }
    assert item.jobs.get(directory="google").error == "permission_denied"
    listing = Listing.objects.get(location=store)
    assert listing.sync_status == SyncStatus.NEEDS_ATTENTION
    assert shown(store, "regular_hours")["google"] == HOURS  # left as it is, and said so


def test_rerunning_a_finished_item_sends_nothing(editor, store, sim, django_capture_on_commit_callbacks):
    revision = edit(editor, store, {"description": "Bonjour"}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    sent = len(sim.requests())
    assert run_item(item.pk) == ItemStatus.SYNCED
    assert len(sim.requests()) == sent


def test_a_redelivered_item_resumes_from_its_saved_snapshot(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    """A worker killed after writing: the new task keeps the old snapshot and ends synced."""
    old = listing_payload(store)["description"]
    with django_capture_on_commit_callbacks(execute=False):
        revision = listing_update(location=store, data={"description": "Nouveau"}, user=editor)
    item = SyncItem.objects.get(revision=revision)
    # The dead worker: snapshots saved, Google written, the item left "running".
    for job in item.jobs.all():
        job.snapshot = {"description": old}
        job.status = "snapshot"
        job.save()
    sim.tamper("google", store.directory_links.get(directory="google").external_id, profile={"description": "Nouveau"})
    SyncItem.objects.filter(pk=item.pk).update(status=ItemStatus.RUNNING)
    assert run_item(item.pk) == ItemStatus.SYNCED
    assert {job.snapshot["description"] for job in item.jobs.all()} == {old}
    assert set(shown(store, "description").values()) == {"Nouveau"}


def test_undo_restores_the_previous_revision_everywhere(editor, store, shown, django_capture_on_commit_callbacks):
    edit(editor, store, {"description": "Avant"}, django_capture_on_commit_callbacks)
    revision = edit(editor, store, {"description": "Coquille"}, django_capture_on_commit_callbacks)
    batch = SyncItem.objects.get(revision=revision).batch
    with django_capture_on_commit_callbacks(execute=True):
        undo = batch_undo(batch=batch, user=editor)
    undo.refresh_from_db()
    assert undo.status == "done" and undo.undo_of == batch
    assert set(shown(store, "description").values()) == {"Avant"}
    assert Listing.objects.get(location=store).current_revision.payload["description"] == "Avant"


def _three_stores(editor, linked):
    brand = editor.memberships.get().brand
    locations = [LocationFactory(franchise__region__brand=brand) for _ in range(3)]
    for location in locations:
        linked(location)
    return locations


def test_an_all_or_nothing_batch_rolls_back_every_location(
    editor, linked, sim, shown, django_capture_on_commit_callbacks
):
    from listings.bulk import bulk_special_hours

    locations = _three_stores(editor, linked)
    failing = locations[-1].directory_links.get(directory="pagesjaunes").external_id
    sim.fail("pagesjaunes", "PATCH", "invalid", path=failing)
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk_special_hours(
            user=editor, locations=locations, entries=[{"date": "2026-12-25", "closed": True}], all_or_nothing=True
        )
    batch = SyncBatch.objects.get(pk=batch.pk)
    assert batch.status == "done"
    assert set(batch.items.values_list("status", flat=True)) == {ItemStatus.ROLLED_BACK}
    for location in locations:
        assert set(map(str, shown(location, "special_hours").values())) == {"[]"}


def test_a_rolled_back_store_is_retried_in_one_click_and_ends_synced(
    editor, store, sim, shown, django_capture_on_commit_callbacks
):
    from listings.sync.batches import item_retry

    sim.fail("google", "PATCH", "invalid")
    revision = edit(editor, store, {"regular_hours": HOURS}, django_capture_on_commit_callbacks)
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.ROLLED_BACK
    with django_capture_on_commit_callbacks(execute=True):
        retry = item_retry(item=item, user=editor)
    assert retry.items.get().status == ItemStatus.SYNCED
    assert shown(store, "regular_hours") == {"google": HOURS, "facebook": HOURS, "pagesjaunes": HOURS}
    listing = Listing.objects.get(location=store)
    assert listing.sync_status == SyncStatus.SYNCED and listing.published_revision == revision


def test_an_older_change_delivered_late_does_not_overwrite_a_newer_one(
    editor, store, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        old = listing_update(location=store, data={"description": "Ancien"}, user=editor)
    edit(editor, store, {"description": "Récent"}, django_capture_on_commit_callbacks)
    assert run_item(SyncItem.objects.get(revision=old).pk) == ItemStatus.SUPERSEDED
    assert set(shown(store, "description").values()) == {"Récent"}


def test_the_sweep_finishes_a_rollback_whose_messages_were_lost(
    editor, linked, sim, shown, django_capture_on_commit_callbacks
):
    """An all-or-nothing batch whose rollback messages vanished (a Redis restart) would stay
    "rolling back" for ever, half published; the beat's sweep sends them again."""
    from listings.bulk import bulk_special_hours
    from listings.tasks import resume_stalled_items

    locations = _three_stores(editor, linked)
    failing = locations[-1].directory_links.get(directory="pagesjaunes").external_id
    sim.fail("pagesjaunes", "PATCH", "invalid", path=failing)
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
        assert set(map(str, shown(location, "special_hours").values())) == {"[]"}


def test_the_sweep_closes_a_batch_whose_last_location_ended_without_closing_it(
    editor, store, django_capture_on_commit_callbacks
):
    """A worker that died between ending the last location and closing the batch left it
    "running" with nothing left to run: the sweep closes it."""
    from listings.tasks import resume_stalled_items

    revision = edit(editor, store, {"description": "Fini"}, django_capture_on_commit_callbacks)
    batch = SyncItem.objects.get(revision=revision).batch
    SyncBatch.objects.filter(pk=batch.pk).update(status="running", finished_at=None)

    resume_stalled_items.apply(kwargs={"minutes": 10})
    batch.refresh_from_db()
    assert batch.status == "done" and batch.finished_at is not None
