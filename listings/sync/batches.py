"""Starting, undoing and retrying sync batches. The work itself runs in Celery tasks."""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from franchise_platform.errors import DomainError
from listings import permissions
from listings.models import (
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


def sync_start(*, brand, changes, user, label: str, kind: str = RevisionKind.EDIT, all_or_nothing: bool = False):
    """A batch publishing `changes` [(location, revision)] to every linked directory; its
    tasks start when the surrounding transaction commits."""
    changes = list(changes)
    batch = SyncBatch.objects.create(
        brand=brand,
        label=str(label)[:200],
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


def enqueue_rollbacks(item_ids) -> None:
    from listings.tasks import rollback_item

    reason = _("Another store of this all-or-nothing batch failed.")

    def send():
        for item_id in item_ids:
            rollback_item.apply_async(args=[item_id, str(reason)])

    transaction.on_commit(send)


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
        planned, kind=RevisionKind.UNDO, user=user, note=_("Undo of “%(batch)s”") % {"batch": batch.label}
    )
    undo = sync_start(
        brand=batch.brand,
        changes=changes,
        user=user,
        label=_("Undo: %(batch)s") % {"batch": batch.label},
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
        label=_("Retry: %(store)s") % {"store": item.location.name},
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
        label=_("Retry: %(batch)s") % {"batch": batch.label},
        kind=batch.kind,
        all_or_nothing=batch.all_or_nothing,
    )


def batch_progress(batch: SyncBatch) -> dict:
    """Counts per location state and per directory and job state, for the live view."""
    items = dict(batch.items.values_list("status").annotate(n=Count("id")))
    directories: dict = {}
    for directory, status, count in (
        SyncJob.objects.filter(item__batch=batch).values_list("directory", "status").annotate(n=Count("id"))
    ):
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
