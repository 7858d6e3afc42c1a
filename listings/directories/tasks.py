"""Daily imports from the directories: reviews, statistics and duplicate detection.

A fan-out task enqueues one task per linked listing; each takes ids, reloads its link (a link
unlinked meanwhile makes it a no-op) and retries a transient directory failure with backoff,
after the directory's Retry-After when it gave one. The client-side quota guard paces calls.
"""

import datetime
import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from listings.directories import quota, services
from listings.directories.base import DirectoryError
from listings.models import DirectoryLink, LinkStatus

logger = logging.getLogger(__name__)
RETRIES = 5


def _link(link_id: int) -> DirectoryLink | None:
    return DirectoryLink.objects.filter(pk=link_id, status=LinkStatus.LINKED).select_related("location").first()


def _run(task, link_id: int, call):
    link = _link(link_id)
    if link is None:
        return None
    try:
        quota.wait(link.directory)
        return call(link)
    except DirectoryError as error:
        if not error.retryable:
            logger.warning("directory refused %s for link %s: %r", task.name, link_id, error)
            return None
        countdown = error.retry_after or min(600, 2 ** (task.request.retries + 2))
        raise task.retry(exc=error, countdown=countdown, max_retries=RETRIES) from error


@shared_task(bind=True, name="listings.directories.import_reviews")
def import_reviews(self, link_id: int) -> int | None:
    return _run(self, link_id, lambda link: services.reviews_import(link=link))


@shared_task(bind=True, name="listings.directories.import_daily_stats")
def import_daily_stats(self, link_id: int, day: str) -> int | None:
    row = _run(self, link_id, lambda link: services.stats_import(link=link, day=datetime.date.fromisoformat(day)))
    return row.pk if row else None


@shared_task(bind=True, name="listings.directories.detect_duplicates")
def detect_duplicates(self, link_id: int) -> int | None:
    found = _run(self, link_id, lambda link: services.duplicates_detect(link=link))
    return None if found is None else len(found)


@shared_task(name="listings.directories.daily_import")
def daily_import(day: str | None = None, duplicates: bool = True) -> int:
    """Enqueue yesterday's (or `day`'s) statistics and the reviews of every linked listing."""
    day = day or (timezone.now().date() - datetime.timedelta(days=1)).isoformat()
    ids = list(DirectoryLink.objects.filter(status=LinkStatus.LINKED).values_list("pk", flat=True))

    def enqueue():
        for link_id in ids:
            import_daily_stats.delay(link_id, day)
            import_reviews.delay(link_id)
            if duplicates:
                detect_duplicates.delay(link_id)

    transaction.on_commit(enqueue)
    return len(ids)
