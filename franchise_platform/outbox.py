"""Enqueue Celery tasks transactionally (the outbox pattern).

`enqueue()` writes an `outbox.OutboxMessage` row in the caller's transaction and sends the task
once that transaction commits. So:

- a request that enqueues work and then fails rolls the row back: no task for data that was never
  committed (the broker never hears of it);
- a crash between the commit and the send loses nothing: `sweep()` (the periodic task
  `outbox.sweep`) re-sends rows still not marked dispatched after OUTBOX_SWEEP_AFTER_SECONDS.

Delivery is at least once; tasks must be idempotent (they are: they reload rows and check state).
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox.models import OutboxMessage

log = logging.getLogger(__name__)
_crash_before_dispatch = False


def enqueue(task_name: str, args: list | tuple = (), kwargs: dict | None = None, **options) -> OutboxMessage:
    """Record the task now and send it when the current transaction commits."""
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args), kwargs=kwargs or {}, options=options)
    if not _crash_before_dispatch:
        transaction.on_commit(lambda: dispatch(message.pk))
    return message


def _send(message: OutboxMessage) -> None:
    if message.task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # the apps' tasks modules, autodiscovered
    task = current_app.tasks.get(message.task_name)
    if task is not None:  # registered here: honours eager mode when no broker is configured
        task.apply_async(args=message.args, kwargs=message.kwargs, **message.options)
    else:
        current_app.send_task(message.task_name, args=message.args, kwargs=message.kwargs, **message.options)


def dispatch(message_id: int) -> bool:
    """Send one message if it is still pending; True when sent. Failures are left to the sweep."""
    message = OutboxMessage.objects.filter(pk=message_id, dispatched_at__isnull=True).first()
    if message is None:
        return False
    try:
        _send(message)
    except Exception as exc:  # broker down: the row stays pending and the sweep retries it
        log.warning("outbox: could not send %s: %s", message, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=message.attempts + 1, last_error=f"{exc.__class__.__name__}: {exc}"[:500]
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now(), attempts=message.attempts + 1
    )
    return True


def sweep(*, older_than_seconds: int | None = None, batch: int = 500) -> int:
    """Re-send messages left pending (the process died after commit); return how many were sent."""
    age = settings.OUTBOX_SWEEP_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - timedelta(seconds=age)
    sent = 0
    with transaction.atomic():
        # Two beat-triggered sweeps at once (a late one) never send the same row twice.
        pending = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True, created_at__lte=cutoff)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)[:batch]
        )
        for message_id in pending:
            sent += dispatch(message_id)
    purge_before = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DISPATCHED_DAYS)
    OutboxMessage.objects.filter(dispatched_at__lt=purge_before).delete()
    return sent


@contextmanager
def crash_before_dispatch():
    """For tests: write the rows but never send them, as if the process died right after commit."""
    global _crash_before_dispatch
    _crash_before_dispatch = True
    try:
        yield
    finally:
        _crash_before_dispatch = False
