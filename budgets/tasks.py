"""Celery jobs of the pool: charge a day, and the daily round trip with the ad platforms."""

import logging
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="budgets.charge_day", autoretry_for=(Exception,), max_retries=3, retry_backoff=True)
def charge_day(pool_id: int, day: str) -> int:
    from budgets.charging import charge_day as charge
    from budgets.models import Pool

    pool = Pool.objects.filter(pk=pool_id).first()
    if pool is None:
        return 0
    return len(charge(pool=pool, day=date.fromisoformat(day)))


@shared_task(name="budgets.sync_pool")
def sync_pool(pool_id: int, day: str | None = None) -> dict:
    """Push today's paced budget and the keywords; read the platforms' click records of the last
    days (and of imported days never read), then import and charge yesterday's reports."""
    from budgets.adplatform.base import AdPlatformError
    from budgets.adplatform.connector import get_connector
    from budgets.imports import ImportRejected, import_costs
    from budgets.models import Pool
    from budgets.pushes import push_budget_and_keywords

    pool = Pool.objects.filter(pk=pool_id, is_active=True).first()
    if pool is None:
        return {}
    today = date.fromisoformat(day) if day else timezone.now().date()
    result = {}
    for source in ("google", "microsoft"):
        connector = get_connector(source)
        result[f"{source}_click_records"] = _read_click_records(pool, source, today - timedelta(days=1))
        try:
            push_budget_and_keywords(pool=pool, day=today, connector=connector)
            report = connector.fetch_report(campaign=pool.slug, day=today - timedelta(days=1))
            with transaction.atomic():
                batch = import_costs(actor=None, pool=pool, source=source, content=report, filename=f"{source}-auto")
            result[source] = batch.rows
        except (AdPlatformError, ImportRejected) as error:
            # One platform's failure does not stop the other; the next run tries again.
            logger.warning("ad platform %s for pool %s: %s", source, pool.slug, error)
            result[source] = str(error)[:200]
    return result


@shared_task(name="budgets.sync_all_pools")
def sync_all_pools() -> int:
    from budgets.models import Pool

    pool_ids = list(Pool.objects.filter(is_active=True).values_list("pk", flat=True))
    for pool_id in pool_ids:
        sync_pool.delay(pool_id)
    return len(pool_ids)


def _read_click_records(pool, source: str, yesterday: date) -> dict:
    """Read the platform's click records of each day due, each in its own transaction; a day read
    queues its charging (a no-op when nothing changed). One day's failure does not stop the rest."""
    from budgets.adplatform.base import AdPlatformError
    from budgets.reconciliation import days_to_read, read_click_records

    done = {}
    for day in days_to_read(pool=pool, source=source, yesterday=yesterday):
        try:
            reconciliation = read_click_records(pool=pool, source=source, day=day)
        except AdPlatformError as error:
            logger.warning("click records of %s for pool %s on %s: %s", source, pool.slug, day, error)
            done[day.isoformat()] = str(error)[:200]
            continue
        done[day.isoformat()] = reconciliation.billed
        transaction.on_commit(lambda day=day: charge_day.delay(pool.pk, day.isoformat()))
    return done
