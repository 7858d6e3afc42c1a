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

from listings.models import ITEM_DONE, BatchStatus, ItemStatus, JobStatus, Listing, SyncItem, SyncJob, SyncStatus
from listings.payload import FIELDS, differing_fields
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


def problem_of(error: Exception) -> tuple[str, dict]:
    """A failure as a stable code and its parameters (rendered in the reader's language later)."""
    code = getattr(error, "code", "")
    if code and isinstance(getattr(error, "params", None), dict):
        return code, error.params
    return "unexpected", {"detail": f"{type(error).__name__}: {error}"[:200]}


def fields_of(item) -> list[str]:
    """What an item publishes: its own list (a re-publication), else what its revision changed,
    else everything (a store's first publication)."""
    return list(item.fields or item.revision.fields or FIELDS)


class Run:
    """The directory calls of one item, with one Caller per directory, its connector writing
    categories with the brand's ids."""

    def __init__(self, factory, categories: dict):
        self.factory = factory
        self.categories = categories
        self.callers: dict[str, Caller] = {}

    def caller(self, job) -> Caller:
        if job.directory not in self.callers:
            connector = self.factory(job.directory).with_categories(self.categories.get(job.directory, {}))
            self.callers[job.directory] = Caller(job.directory, connector)
        return self.callers[job.directory]

    def _fail(self, job, error: Exception) -> None:
        job.status = JobStatus.FAILED
        job.error, job.error_params = problem_of(error)

    def plan(self, job, fields: list[str]) -> list[str]:
        """The fields this directory can hold; the others are noted as not supported."""
        connector = self.caller(job).connector
        job.unsupported_fields = connector.unsupported(fields)
        return [field for field in fields if field in connector.writable]

    def snapshot(self, job, fields: list[str]) -> None:
        supported = self.plan(job, fields)
        if not supported:
            job.status, job.snapshot = JobStatus.NOT_SUPPORTED, {}
            return
        try:
            job.snapshot = self.caller(job)("get", job.external_id, supported)
            job.status = JobStatus.SNAPSHOT
        except Exception as error:
            self._fail(job, error)

    def push(self, job, target: dict, fields: list[str]) -> None:
        supported = [f for f in self.plan(job, fields) if f in job.snapshot]
        write = differing_fields(target, job.snapshot, supported)
        job.written_fields = sorted(set(job.written_fields or []) | set(write))
        if not write:
            job.status, job.error, job.error_params = JobStatus.VERIFIED, "", {}
            return
        job.write_attempted = True
        try:
            # The directory's answer to the write is the check: no second read.
            shown = self.caller(job)("update", job.external_id, target, write)
        except Exception as error:
            self._fail(job, error)
            return
        wrong = differing_fields(target, shown, write)
        if wrong:
            job.status, job.error, job.error_params = JobStatus.FAILED, "mismatch", {"fields": wrong}
            return
        job.status, job.error, job.error_params = JobStatus.VERIFIED, "", {}

    def restore(self, job) -> None:
        """Put back what the directory showed before (the snapshot) in the fields we wrote."""
        fields = [f for f in job.written_fields if f in (job.snapshot or {})]
        caller = self.caller(job)
        try:
            if job.status == JobStatus.FAILED:
                # The write may have landed (a lost response): look before writing again.
                shown = caller("get", job.external_id, fields, retry_permanent=2)
                fields = differing_fields(job.snapshot, shown, fields)
            if fields:
                shown = caller("update", job.external_id, job.snapshot, fields, retry_permanent=2)
                wrong = differing_fields(job.snapshot, shown, fields)
                if wrong:
                    job.status, job.error, job.error_params = (
                        JobStatus.RESTORE_FAILED,
                        "restore_mismatch",
                        {"fields": wrong},
                    )
                    return
            job.status = JobStatus.RESTORED
        except Exception as error:
            job.status = JobStatus.RESTORE_FAILED
            job.error, job.error_params = problem_of(error)

    def requests(self, job) -> int:
        caller = self.callers.get(job.directory)
        return caller.requests if caller else 0


def _save_jobs(jobs, run: Run) -> None:
    for job in jobs:
        job.requests = (job.requests or 0) + run.requests(job)
    SyncJob.objects.bulk_update(
        jobs,
        [
            "status",
            "snapshot",
            "written_fields",
            "write_attempted",
            "error",
            "error_params",
            "unsupported_fields",
            "requests",
            "updated_at",
        ],
    )
    for caller in run.callers.values():
        caller.requests = 0


def _new_run(item, factory) -> Run:
    from listings.directories.categories import category_lookup

    return Run(factory or current_factory(), category_lookup(item.batch.brand_id))


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
        status = _run_locked(item, _new_run(item, factory))
    finish_batch_if_done(item.batch_id)
    return status


def _run_locked(item: SyncItem, run: Run) -> str:
    batch = item.batch
    listing = Listing.objects.select_related("published_revision").get(location_id=item.location_id)
    if listing.published_revision and listing.published_revision.number > item.revision.number:
        return _end(item, listing, ItemStatus.SUPERSEDED, "superseded")
    if batch.all_or_nothing and item.status == ItemStatus.PENDING and _batch_failed(batch):
        return _end(item, listing, ItemStatus.ROLLED_BACK, "batch_failed")
    SyncItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.RUNNING, attempts=item.attempts + 1, updated_at=timezone.now()
    )
    jobs = list(item.jobs.all())
    target = item.revision.payload
    fields = fields_of(item)
    # 1. Read what each directory shows now in the fields to publish: the undo snapshot, saved
    #    before any write (a directory that can hold none of them is not called at all).
    todo = [job for job in jobs if job.snapshot is None]
    _parallel(lambda job: run.snapshot(job, fields), todo)
    _save_jobs(todo, run)
    # 2. Write what differs; the directory's answer is the check (a re-run re-writes the same).
    todo = [job for job in jobs if job.status in (JobStatus.SNAPSHOT, JobStatus.PENDING) and job.snapshot is not None]
    if not any(job.status == JobStatus.FAILED for job in jobs):
        _parallel(lambda job: run.push(job, target, fields), todo)
        _save_jobs(todo, run)
    failed = [job for job in jobs if job.status == JobStatus.FAILED]
    if not failed and all(job.status in (JobStatus.VERIFIED, JobStatus.NOT_SUPPORTED) for job in jobs):
        return _end(item, listing, ItemStatus.SYNCED, "", notes(jobs))
    return _rollback(item, listing, jobs, run, "directory_failed")


def notes(jobs) -> list[dict]:
    """What each directory could not hold, to show beside the sync status."""
    return [
        {"directory": job.directory, "code": "not_supported", "params": {"fields": job.unsupported_fields}}
        for job in jobs
        if job.unsupported_fields
    ]


def problems(jobs) -> list[dict]:
    return [
        {"directory": job.directory, "code": job.error, "params": job.error_params or {}} for job in jobs if job.error
    ]


def _rollback(item, listing, jobs, run: Run, reason: str) -> str:
    touched = [job for job in jobs if job.write_attempted and job.status != JobStatus.RESTORED]
    _parallel(run.restore, touched)
    _save_jobs(touched, run)
    if any(job.status == JobStatus.RESTORE_FAILED for job in jobs):
        return _end(item, listing, ItemStatus.NEEDS_ATTENTION, "restore_failed", problems(jobs) + notes(jobs))
    return _end(item, listing, ItemStatus.ROLLED_BACK, reason, problems(jobs) + notes(jobs))


def _batch_failed(batch) -> bool:
    return batch.items.filter(status__in=[ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION]).exists()


LISTING_STATUS = {
    ItemStatus.SYNCED: SyncStatus.SYNCED,
    ItemStatus.ROLLED_BACK: SyncStatus.ROLLED_BACK,
    ItemStatus.NEEDS_ATTENTION: SyncStatus.NEEDS_ATTENTION,
}


@transaction.atomic
def _end(item, listing, status: str, reason: str, found: list | None = None) -> str:
    """End an item: `reason` is a code (superseded, batch_failed, directory_failed, restore_failed),
    `found` the directories' problems and notes, all rendered in the reader's language later."""
    found = found or []
    SyncItem.objects.filter(pk=item.pk).update(
        status=status, reason=reason[:500], problems=found, updated_at=timezone.now()
    )
    item.status, item.reason, item.problems = status, reason[:500], found
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
        listing.sync_problems = found
        fields += ["sync_status", "sync_reason", "sync_problems"]
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
        status = _rollback(item, listing, jobs, _new_run(item, factory), reason)
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
