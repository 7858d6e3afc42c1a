"""Celery tasks of listings: they take ids and hand off to the sync engine (safe to re-run)."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone


@shared_task(
    name="listings.sync_item",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def sync_item(item_id: int) -> str:
    from listings.sync.engine import run_item

    return run_item(item_id)


@shared_task(name="listings.rollback_item", acks_late=True, reject_on_worker_lost=True, max_retries=5)
def rollback_item(item_id: int, reason: str) -> str:
    from listings.sync.engine import rollback_synced_item

    return rollback_synced_item(item_id, reason)


@shared_task(name="listings.resume_stalled_items")
def resume_stalled_items(minutes: int = 10) -> int:
    """Re-enqueue locations left waiting or running for long (a lost message, a dead worker
    whose message was not re-delivered): the engine finishes them where they stopped."""
    from listings.models import ItemStatus, SyncItem
    from listings.sync.batches import enqueue_items

    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    ids = list(
        SyncItem.objects.filter(status__in=[ItemStatus.PENDING, ItemStatus.RUNNING], updated_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:5000]
    )
    enqueue_items(ids)
    return len(ids)


@shared_task(name="listings.verify_listings")
def verify_listings() -> int:
    from listings.sync.verify import verify_all

    return verify_all()
