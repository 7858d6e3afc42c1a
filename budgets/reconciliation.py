"""Reconciling our clicks with the ad platforms' click records, day by day.

A click is chargeable only if the platform vouches for it: its click id (gclid, msclkid) is in
the platform's records of the day, billed (the platform lists invalid clicks too, unbilled), and,
where both sides name a location id, the platform places the searcher where the click claimed.
Reading a day's records stores them (`PlatformClick`, the evidence), gives our clicks their
verdict (`Click.platform_status`) and marks the day read for that platform, whose cost of the day
may then be charged (budgets/charging.py).

Our clicks with a click id that no platform lists once every platform's records of their day were
read are "not billed". Clicks without an id and automated visitors are never charged and are
counted apart (`confirmation_counts`).
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from budgets.adplatform.clickrecords import ClickRecord, get_click_records
from budgets.adplatform.reports import clean_keyword
from budgets.models import (
    Click,
    ClickReconciliation,
    Keyword,
    KeywordDailyCost,
    PlatformClick,
    PlatformStatus,
    Pool,
)
from budgets.services import day_bounds

SOURCES = ("google", "microsoft")
CHUNK = 2000
CLICK_VIEW_DAYS = 90  # how far back Google's click_view answers


def verdict(*, billed: bool, location_ids, geo_criteria_id: int | None) -> str:
    """What the platform's record says about our click of the same id."""
    if not billed:
        return PlatformStatus.NOT_BILLED
    if geo_criteria_id and location_ids and geo_criteria_id not in location_ids:
        return PlatformStatus.ELSEWHERE
    return PlatformStatus.CONFIRMED


def read_click_records(*, pool: Pool, source: str, day: date) -> ClickReconciliation:
    """Fetch the platform's click records of the day (over HTTP, outside any transaction) and
    reconcile them. Raises AdPlatformError when the platform cannot answer."""
    records = get_click_records(source).fetch(campaign=pool.slug, day=day)
    return reconcile_day(pool=pool, source=source, day=day, records=records)


@transaction.atomic
def reconcile_day(*, pool: Pool, source: str, day: date, records: list[ClickRecord]) -> ClickReconciliation:
    # Under the pool's lock, as charging: a day is never charged on half-written records.
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    now = timezone.now()
    latest = {record.click_id: record for record in records if record.click_id}
    keywords = dict(Keyword.objects.filter(pool=pool).values_list("text", "pk"))
    PlatformClick.objects.bulk_create(
        [
            PlatformClick(
                pool=pool,
                source=source,
                day=record.day,
                click_id=record.click_id,
                keyword_id=keywords.get(clean_keyword(record.keyword)),
                keyword_text=record.keyword,
                match_type=record.match_type,
                billed=record.billed,
                location_ids=list(record.location_ids),
                place=record.place,
                read_at=now,
            )
            for record in latest.values()
        ],
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["pool", "click_id"],
        update_fields=[
            "source",
            "day",
            "keyword",
            "keyword_text",
            "match_type",
            "billed",
            "location_ids",
            "place",
            "read_at",
        ],
    )
    # A record of this day the platform no longer lists is no longer billed.
    PlatformClick.objects.filter(pool=pool, source=source, day=day, read_at__lt=now).update(billed=False)
    _give_verdicts(pool, latest)
    reconciliation, _created = ClickReconciliation.objects.update_or_create(
        pool=pool,
        source=source,
        day=day,
        defaults={
            "records": len(latest),
            "billed": sum(1 for record in latest.values() if record.billed),
            "read_at": now,
        },
    )
    if set(ClickReconciliation.objects.filter(pool=pool, day=day).values_list("source", flat=True)) >= set(SOURCES):
        # Every platform has spoken for this day: an id none of them lists was not billed.
        _with_id(Click.objects.filter(pool=pool, created_at__range=day_bounds(day))).filter(
            platform_status=PlatformStatus.PENDING
        ).update(platform_status=PlatformStatus.NOT_BILLED)
    return reconciliation


def _with_id(clicks: QuerySet[Click]) -> QuerySet[Click]:
    return clicks.exclude(click_id="")


def _give_verdicts(pool: Pool, records: dict[str, ClickRecord]) -> None:
    ids = list(records)
    changes: dict[str, list[int]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for pk, click_id, geo, status in Click.objects.filter(pool=pool, click_id__in=chunk).values_list(
            "pk", "click_id", "geo_criteria_id", "platform_status"
        ):
            record = records[click_id]
            new = verdict(billed=record.billed, location_ids=record.location_ids, geo_criteria_id=geo)
            if new != status:
                changes.setdefault(new, []).append(pk)
    for status, pks in changes.items():
        for start in range(0, len(pks), CHUNK):
            Click.objects.filter(pk__in=pks[start : start + CHUNK]).update(platform_status=status)


def days_to_read(*, pool: Pool, source: str, yesterday: date) -> list[date]:
    """Yesterday and the day before (platforms finish a day late), and any day of the last 90
    with imported costs of that platform whose click records were never read (a CSV import)."""
    oldest = yesterday - timedelta(days=CLICK_VIEW_DAYS - 1)
    read = ClickReconciliation.objects.filter(pool=pool, source=source).values("day")
    waiting = (
        KeywordDailyCost.objects.filter(pool=pool, source=source, day__range=(oldest, yesterday))
        .exclude(day__in=read)
        .values_list("day", flat=True)
        .distinct()
    )
    return sorted({yesterday, yesterday - timedelta(days=1), *waiting})


def reconciled_sources(pool: Pool, day: date) -> set[str]:
    return set(ClickReconciliation.objects.filter(pool=pool, day=day).values_list("source", flat=True))


def confirmation_counts(clicks: QuerySet[Click]) -> dict[str, int]:
    """Our clicks by what the ad platforms say of them (one query). Only `confirmed` clicks are
    ever charged; `unconfirmed` adds up those the platform does not vouch for."""
    human_with_id = Q(is_bot=False) & ~Q(click_id="")
    counts = clicks.aggregate(
        total=Count("pk"),
        automated=Count("pk", filter=Q(is_bot=True)),
        no_id=Count("pk", filter=Q(is_bot=False, click_id="")),
        confirmed=Count("pk", filter=human_with_id & Q(platform_status=PlatformStatus.CONFIRMED)),
        not_billed=Count("pk", filter=human_with_id & Q(platform_status=PlatformStatus.NOT_BILLED)),
        elsewhere=Count("pk", filter=human_with_id & Q(platform_status=PlatformStatus.ELSEWHERE)),
        pending=Count("pk", filter=human_with_id & Q(platform_status=PlatformStatus.PENDING)),
    )
    counts["unconfirmed"] = counts["automated"] + counts["no_id"] + counts["not_billed"] + counts["elsewhere"]
    return counts
