"""Starting, undoing and retrying sync batches. The work itself runs in Celery tasks."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from listings import permissions
from listings.models import (
    ITEM_DONE,
    BatchStatus,
    DirectoryLink,
    ItemStatus,
    JobStatus,
    LinkStatus,
    Listing,
    RevisionKind,
    SyncBatch,
    SyncItem,
    SyncJob,
    SyncStatus,
)
from network.audit import audit


def sync_start(
    *, brand, changes, user, label: str, kind: str = RevisionKind.EDIT, all_or_nothing: bool = False, fields=None
):
    """A batch publishing `changes` [(location, revision)] to every linked directory; its
    tasks start when the surrounding transaction commits. `fields` (default: what each revision
    changed) narrows what is written, e.g. the fields of a drift being re-published."""
    changes = list(changes)
    batch = SyncBatch.objects.create(
        brand=brand,
        label=stored_text.dumps(label, 200) if isinstance(label, dict) else str(label)[:200],
        kind=kind,
        all_or_nothing=all_or_nothing,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    location_ids = [location.pk for location, _revision in changes]
    listings = {
        listing.location_id: listing
        for listing in Listing.objects.filter(location_id__in=location_ids).only(
            "pk", "location_id", "published_revision_id", "current_revision_id"
        )
    }
    items = SyncItem.objects.bulk_create(
        [
            SyncItem(
                batch=batch,
                location=location,
                revision=revision,
                previous_revision_id=listings[location.pk].published_revision_id
                or _previous_revision_id(listings[location.pk], revision),
                fields=list(fields or []),
            )
            for location, revision in changes
        ]
    )
    if items and items[0].pk is None:
        items = list(SyncItem.objects.filter(batch=batch))
    by_location = {item.location_id: item for item in items}
    links = DirectoryLink.objects.filter(location_id__in=location_ids, status=LinkStatus.LINKED)
    SyncJob.objects.bulk_create(
        [
            SyncJob(item=by_location[link.location_id], directory=link.directory, external_id=link.external_id)
            for link in links
        ],
        batch_size=1000,
    )
    Listing.objects.filter(location_id__in=location_ids).update(sync_status=SyncStatus.PENDING, sync_reason="")
    item_ids = [item.pk for item in items]
    transaction.on_commit(lambda: enqueue_items(item_ids))
    return batch


def _previous_revision_id(listing, revision):
    """Before anything was published, the revision the change started from."""
    previous = listing.revisions.filter(number__lt=revision.number).order_by("-number").first()
    return previous.pk if previous else None


# A key the recovery sweep keeps in the broker. Redis restarted without persistence (or flushed)
# loses it with every queued message: finding it gone tells the sweep that messages were lost.
BROKER_CANARY = "listings:sync:broker-canary"


def broker_lost_messages() -> bool:
    """True when the broker's memory was wiped since the last sweep (and on the first sweep ever,
    when nobody can tell): the canary was missing, and is written again."""
    from franchise_platform.celery import app

    if app.conf.task_always_eager:
        return False
    with app.connection_for_write() as connection:
        if connection.transport.driver_type != "redis":
            return False  # RabbitMQ's durable queues survive a restart
        return bool(connection.default_channel.client.set(BROKER_CANARY, timezone.now().isoformat(), nx=True))


def enqueue_items(item_ids) -> None:
    from franchise_platform.celery import app
    from listings.tasks import sync_item

    if app.conf.task_always_eager:
        for item_id in item_ids:
            sync_item.apply(args=[item_id])
        return
    with app.producer_or_acquire() as producer:
        for item_id in item_ids:
            sync_item.apply_async(args=[item_id], producer=producer)


def send_rollbacks(item_ids) -> None:
    from listings.tasks import rollback_item

    reason = "batch_failed"
    for item_id in item_ids:
        rollback_item.apply_async(args=[item_id, reason])


def enqueue_rollbacks(item_ids) -> None:
    transaction.on_commit(lambda: send_rollbacks(item_ids))


def resume_stalled(*, minutes: int) -> int:
    """The recovery sweep (beat): re-send the work of every batch still in progress whose
    message was lost, and close batches whose last location ended without closing them.

    A location waiting or syncing for `minutes` lost its message (a dead worker's message
    not re-delivered); when the broker lost its memory (Redis restarted without persistence),
    every such location lost it, whatever its age. Re-sending is safe: the engine locks the
    store and carries on where it stopped, and a location already done is left alone."""
    from listings.sync.engine import finish_batch_if_done

    stalled = SyncItem.objects.filter(status__in=[ItemStatus.PENDING, ItemStatus.RUNNING])
    rolling_back = SyncItem.objects.filter(batch__status=BatchStatus.ROLLING_BACK, status=ItemStatus.SYNCED)
    if not broker_lost_messages():
        cutoff = timezone.now() - timedelta(minutes=minutes)
        stalled = stalled.filter(updated_at__lt=cutoff)
        rolling_back = rolling_back.filter(updated_at__lt=cutoff)
    item_ids = list(stalled.values_list("pk", flat=True)[:5000])
    enqueue_items(item_ids)
    rollback_ids = list(rolling_back.values_list("pk", flat=True)[:5000])
    send_rollbacks(rollback_ids)
    # The last location ended but its worker died before closing the batch (closing is idempotent).
    unfinished = SyncItem.objects.filter(batch=OuterRef("pk")).exclude(status__in=ITEM_DONE)
    for batch_id in (
        SyncBatch.objects.filter(status=BatchStatus.RUNNING).exclude(Exists(unfinished)).values_list("pk", flat=True)
    ):
        finish_batch_if_done(batch_id)
    return len(item_ids) + len(rollback_ids)


@transaction.atomic
def batch_undo(*, batch: SyncBatch, user) -> SyncBatch:
    """Restore every location the batch published to its previous revision, everywhere."""
    from listings.services import commit_many

    permissions.check_manage_batch(user, batch)
    batch = SyncBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DONE:
        raise DomainError(_("Only a finished batch can be undone."), code="running")
    if SyncBatch.objects.filter(undo_of=batch).exists():
        raise DomainError(_("This batch was already undone."), code="undone")
    items = list(
        batch.items.filter(status=ItemStatus.SYNCED).select_related("location", "revision", "previous_revision")
    )
    if not items:
        raise DomainError(_("Nothing of this batch was published, so there is nothing to undo."), code="nothing")
    listings = {
        listing.location_id: listing
        for listing in Listing.objects.filter(location_id__in=[item.location_id for item in items]).select_related(
            "current_revision"
        )
    }
    planned = [
        (
            item.location,
            listings[item.location_id],
            {f: item.previous_revision.payload[f] for f in item.revision.fields},
        )
        for item in items
        if item.previous_revision is not None
    ]
    changes = commit_many(
        planned,
        kind=RevisionKind.UNDO,
        user=user,
        note=stored_text.dumps(
            stored_text.message(gettext_noop("Undo of “%(batch)s”"), batch=stored_text.as_param(batch.label)), 300
        ),
    )
    undo = sync_start(
        brand=batch.brand,
        changes=changes,
        user=user,
        label=stored_text.message(gettext_noop("Undo: %(batch)s"), batch=stored_text.as_param(batch.label)),
        kind=RevisionKind.UNDO,
        all_or_nothing=batch.all_or_nothing,
    )
    undo.undo_of = batch
    undo.save(update_fields=["undo_of"])
    if not changes:
        from listings.sync.engine import finish_batch_if_done

        transaction.on_commit(lambda: finish_batch_if_done(undo.pk))
    audit(actor=user, action="listing.batch_undo", target=batch.brand, summary=batch.label, data={"batch": batch.pk})
    return undo


@transaction.atomic
def item_retry(*, item: SyncItem, user) -> SyncBatch:
    """Push the location's current revision again (the retry button of a failed location)."""
    permissions.check_manage_item(user, item)
    if item.status not in (ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION):
        raise DomainError(_("Only a rolled back or failed store can be retried."), code="not_failed")
    listing = Listing.objects.select_related("current_revision").get(location_id=item.location_id)
    return sync_start(
        brand=item.batch.brand,
        changes=[(item.location, listing.current_revision)],
        user=user,
        label=stored_text.message(gettext_noop("Retry: %(store)s"), store=item.location.name),
        kind=item.batch.kind,
    )


@transaction.atomic
def batch_retry(*, batch: SyncBatch, user) -> SyncBatch:
    permissions.check_manage_batch(user, batch)
    failed = list(
        batch.items.filter(status__in=[ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION]).select_related("location")
    )
    if not failed:
        raise DomainError(_("No store of this batch failed."), code="not_failed")
    listings = {
        listing.location_id: listing
        for listing in Listing.objects.filter(location_id__in=[i.location_id for i in failed]).select_related(
            "current_revision"
        )
    }
    return sync_start(
        brand=batch.brand,
        changes=[(item.location, listings[item.location_id].current_revision) for item in failed],
        user=user,
        label=stored_text.message(gettext_noop("Retry: %(batch)s"), batch=stored_text.as_param(batch.label)),
        kind=batch.kind,
        all_or_nothing=batch.all_or_nothing,
    )


def batch_progress(batch: SyncBatch, items=None) -> dict:
    """Counts per location state and per directory and job state, for the live view, over
    `items` (the stores of the batch the viewer may see; all of them by default)."""
    items_qs = batch.items.all() if items is None else items
    jobs = SyncJob.objects.filter(item__in=items_qs.values("pk"))
    items = dict(items_qs.order_by().values_list("status").annotate(n=Count("id")))
    directories: dict = {}
    for directory, status, count in jobs.order_by().values_list("directory", "status").annotate(n=Count("id")):
        directories.setdefault(directory, dict.fromkeys(JobStatus.values, 0))[status] = count
    total = sum(items.values())
    done = sum(items.get(status, 0) for status in ItemStatus.values if status not in ("pending", "running"))
    return {
        "id": batch.pk,
        "status": batch.status,
        "total": total,
        "done": done,
        "locations": {status: items.get(status, 0) for status in ItemStatus.values},
        "directories": directories,
        "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
    }
