from celery import shared_task

from franchise_platform import outbox


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep() -> int:
    """Re-send tasks whose process died between the commit and the send."""
    return outbox.sweep()
