"""Running one location of a sync batch: snapshot, write, verify, and roll back on failure.

One task handles one location and all its directories, so the rollback of a location is local.
Each step's outcome is saved before the next one starts (the snapshot before any write), which
lets a re-delivered task (a worker killed mid-job) resume and make every directory match the
same revision. Directory calls of a location run in parallel threads; the database is only
touched from the task's own thread.
"""

import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from franchise_platform import stored_text
from listings.changes import stored_field_list
from listings.models import ITEM_DONE, BatchStatus, ItemStatus, JobStatus, Listing, SyncItem, SyncJob, SyncStatus
from listings.payload import differing_fields
from listings.sync.connectors import Caller, current_factory

logger = logging.getLogger(__name__)
LOCK_NAMESPACE = 4242


@contextmanager
def location_lock(location_id: int):
    """Only one task at a time pushes a given store (PostgreSQL session lock; a killed
    worker's connection drops it)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, location_id])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, location_id])


def _parallel(function, jobs):
    if len(jobs) <= 1:
        return [function(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(function, jobs))


def _stored(message) -> str:
    return stored_text.dumps(stored_text.message(message) if isinstance(message, str) else message, 480)


def _message(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:480]


class Run:
    """The directory calls of one item, with one Caller per directory."""

    def __init__(self, factory):
        self.factory = factory
        self.callers: dict[str, Caller] = {}

    def caller(self, job) -> Caller:
        if job.directory not in self.callers:
            self.callers[job.directory] = Caller(job.directory, self.factory(job.directory))
        return self.callers[job.directory]

    def snapshot(self, job) -> None:
        try:
            job.snapshot = self.caller(job)("get", job.external_id)
            job.status = JobStatus.SNAPSHOT
        except Exception as error:
            job.status, job.error = JobStatus.FAILED, _message(error)

    def push(self, job, target: dict) -> None:
        fields = differing_fields(target, job.snapshot)
        job.written_fields = sorted(set(job.written_fields or []) | set(fields))
        if not fields:
            job.status, job.error = JobStatus.VERIFIED, ""
            return
        job.write_attempted = True
        try:
            shown = self.caller(job)("update", job.external_id, target, fields)
        except Exception as error:
            job.status, job.error = JobStatus.FAILED, _message(error)
            return
        wrong = differing_fields(target, shown, fields)
        if wrong:
            job.status = JobStatus.FAILED
            job.error = _stored(
                stored_text.message(
                    gettext_noop("The directory shows other values after the update: %(fields)s"),
                    fields=stored_field_list(wrong),
                )
            )
            return
        job.status, job.error = JobStatus.VERIFIED, ""

    def restore(self, job) -> None:
        """Put back what the directory showed before (the snapshot) in the fields we wrote."""
        fields = [f for f in job.written_fields if f in (job.snapshot or {})]
        caller = self.caller(job)
        try:
            if job.status == JobStatus.FAILED:
                # The write may have landed (a lost response): look before writing again.
                shown = caller("get", job.external_id, retry_permanent=2)
                fields = differing_fields(job.snapshot, shown, fields)
            if fields:
                shown = caller("update", job.external_id, job.snapshot, fields, retry_permanent=2)
                if differing_fields(job.snapshot, shown, fields):
                    raise RuntimeError(_("The directory did not take the previous values back."))
            job.status = JobStatus.RESTORED
        except Exception as error:
            job.status = JobStatus.RESTORE_FAILED
            job.error = _message(error)

    def requests(self, job) -> int:
        caller = self.callers.get(job.directory)
        return caller.requests if caller else 0


def _save_jobs(jobs, run: Run) -> None:
    for job in jobs:
        job.requests = (job.requests or 0) + run.requests(job)
    SyncJob.objects.bulk_update(
        jobs, ["status", "snapshot", "written_fields", "write_attempted", "error", "requests", "updated_at"]
    )
    for caller in run.callers.values():
        caller.requests = 0


def run_item(item_id: int, *, factory=None) -> str:
    """Publish an item's revision on every linked directory of its location; returns the
    item's end state. Safe to run again at any point."""
    item = SyncItem.objects.select_related("batch", "revision").filter(pk=item_id).first()
    if item is None or item.status in ITEM_DONE:
        return item.status if item else "missing"
    with location_lock(item.location_id):
        item.refresh_from_db()
        if item.status in ITEM_DONE:
            return item.status
        status = _run_locked(item, Run(factory or current_factory()))
    finish_batch_if_done(item.batch_id)
    return status


def _run_locked(item: SyncItem, run: Run) -> str:
    batch = item.batch
    listing = Listing.objects.select_related("published_revision").get(location_id=item.location_id)
    if listing.published_revision and listing.published_revision.number > item.revision.number:
        return _end(item, listing, ItemStatus.SUPERSEDED, _stored(gettext_noop("A newer change was published first.")))
    if batch.all_or_nothing and item.status == ItemStatus.PENDING and _batch_failed(batch):
        return _end(
            item,
            listing,
            ItemStatus.ROLLED_BACK,
            _stored(gettext_noop("Another store of this all-or-nothing batch failed.")),
        )
    SyncItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.RUNNING, attempts=item.attempts + 1, updated_at=timezone.now()
    )
    jobs = list(item.jobs.all())
    target = item.revision.payload
    # 1. Read what each directory shows now: the undo snapshot, saved before any write.
    todo = [job for job in jobs if job.snapshot is None]
    _parallel(run.snapshot, todo)
    _save_jobs(todo, run)
    # 2. Write what differs and check what the directory answers (a re-run re-writes the same).
    todo = [job for job in jobs if job.status in (JobStatus.SNAPSHOT, JobStatus.PENDING) and job.snapshot is not None]
    if not any(job.status == JobStatus.FAILED for job in jobs):
        _parallel(lambda job: run.push(job, target), todo)
        _save_jobs(todo, run)
    failed = [job for job in jobs if job.status == JobStatus.FAILED]
    if not failed and all(job.status == JobStatus.VERIFIED for job in jobs):
        return _end(item, listing, ItemStatus.SYNCED, "")
    # Stored as a message, shown in the reader's language (the directory's own text stays as sent).
    reason = stored_text.dumps(
        [
            stored_text.message(
                gettext_noop("%(directory)s: %(error)s"),
                directory=str(job.get_directory_display()),
                error=stored_text.as_param(job.error),
            )
            for job in failed
        ],
        500,
    )
    return _rollback(item, listing, jobs, run, reason)


def _rollback(item, listing, jobs, run: Run, reason: str) -> str:
    touched = [job for job in jobs if job.write_attempted and job.status != JobStatus.RESTORED]
    _parallel(run.restore, touched)
    _save_jobs(touched, run)
    if any(job.status == JobStatus.RESTORE_FAILED for job in jobs):
        return _end(item, listing, ItemStatus.NEEDS_ATTENTION, reason)
    return _end(item, listing, ItemStatus.ROLLED_BACK, reason)


def _batch_failed(batch) -> bool:
    return batch.items.filter(status__in=[ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION]).exists()


LISTING_STATUS = {
    ItemStatus.SYNCED: SyncStatus.SYNCED,
    ItemStatus.ROLLED_BACK: SyncStatus.ROLLED_BACK,
    ItemStatus.NEEDS_ATTENTION: SyncStatus.NEEDS_ATTENTION,
}


@transaction.atomic
def _end(item, listing, status: str, reason: str) -> str:
    SyncItem.objects.filter(pk=item.pk).update(status=status, reason=reason[:500], updated_at=timezone.now())
    item.status, item.reason = status, reason[:500]
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    fields = []
    if status == ItemStatus.SYNCED:
        published = listing.published_revision
        if published is None or published.number <= item.revision.number:
            listing.published_revision = item.revision
            fields.append("published_revision")
    elif status == ItemStatus.ROLLED_BACK and listing.published_revision_id == item.revision_id:
        listing.published_revision_id = item.previous_revision_id
        fields.append("published_revision")
    if status != ItemStatus.SUPERSEDED and (
        status != ItemStatus.SYNCED or listing.current_revision_id == item.revision_id
    ):
        listing.sync_status, listing.sync_reason = LISTING_STATUS[status], reason[:500]
        fields += ["sync_status", "sync_reason"]
    if fields:
        listing.save(update_fields=[*fields, "updated_at"])
    return status


def rollback_synced_item(item_id: int, reason: str, *, factory=None) -> str:
    """Undo a synced item of an all-or-nothing batch that failed elsewhere."""
    item = SyncItem.objects.select_related("batch", "revision").get(pk=item_id)
    with location_lock(item.location_id):
        item.refresh_from_db()
        if item.status != ItemStatus.SYNCED:
            return item.status
        listing = Listing.objects.get(location_id=item.location_id)
        jobs = list(item.jobs.all())
        status = _rollback(item, listing, jobs, Run(factory or current_factory()), reason)
    finish_batch_if_done(item.batch_id)
    return status


def finish_batch_if_done(batch_id: int) -> None:
    """Close the batch when its last location ends; an all-or-nothing batch with a failure
    first rolls back its synced locations."""
    from listings.sync.batches import enqueue_rollbacks

    items = SyncItem.objects.filter(batch_id=batch_id)
    if items.exclude(status__in=ITEM_DONE).exists():
        return
    with transaction.atomic():
        from listings.models import SyncBatch

        batch = SyncBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == BatchStatus.DONE:
            return
        failed = items.filter(status__in=[ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION]).exists()
        synced = list(items.filter(status=ItemStatus.SYNCED).values_list("pk", flat=True))
        if batch.all_or_nothing and failed and synced:
            if batch.status == BatchStatus.RUNNING:
                batch.status = BatchStatus.ROLLING_BACK
                batch.save(update_fields=["status"])
                enqueue_rollbacks(synced)
            return
        batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
        batch.save(update_fields=["status", "finished_at"])
