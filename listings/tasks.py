"""Celery tasks of listings: they take ids and hand off to the sync engine (safe to re-run)."""

from celery import shared_task
from django.db import OperationalError


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
    """Re-send the sync work whose message was lost (a dead worker's message not re-delivered,
    a Redis restart): the engine finishes those locations where they stopped."""
    from listings.sync.batches import resume_stalled

    return resume_stalled(minutes=minutes)


@shared_task(name="listings.verify_listings")
def verify_listings() -> int:
    from listings.sync.verify import verify_all

    return verify_all()
