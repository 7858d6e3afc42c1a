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

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from budgets.adplatform.clickrecords import ClickRecord, get_click_records
from budgets.keywords import normalise_keyword
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


def click_key(click_id: str) -> str:
    """What a platform click record keeps of the click id: its SHA-256 (see PlatformClick)."""
    return hashlib.sha256(click_id.encode()).hexdigest()


@dataclass(frozen=True)
class _Ours:
    pk: int
    franchise_id: int | None
    keyword_id: int | None
    geo: int | None
    status: str
    is_bot: bool


@transaction.atomic
def reconcile_day(*, pool: Pool, source: str, day: date, records: list[ClickRecord]) -> ClickReconciliation:
    # Under the pool's lock, as charging: a day is never charged on half-written records.
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    now = timezone.now()
    latest = {record.click_id: record for record in records if record.click_id}
    ours = _our_clicks(pool, list(latest))
    keywords = {normalise_keyword(text): pk for text, pk in Keyword.objects.filter(pool=pool).values_list("text", "pk")}
    found, unseen, changes = [], [], {}
    for click_id, record in latest.items():
        row = PlatformClick(
            pool=pool,
            source=source,
            day=record.day,
            click_key=click_key(click_id),
            keyword_id=keywords.get(normalise_keyword(record.keyword)),
            keyword_text=record.keyword,
            match_type=record.match_type,
            billed=record.billed,
            location_ids=list(record.location_ids),
            place=record.place,
            read_at=now,
        )
        click = ours.get(click_id)
        if click is None:
            unseen.append(row)
            continue
        status = verdict(billed=record.billed, location_ids=record.location_ids, geo_criteria_id=click.geo)
        if status != click.status:
            changes.setdefault(status, []).append(click.pk)
        row.keyword_id = row.keyword_id or click.keyword_id
        row.franchise_id = click.franchise_id if status == PlatformStatus.CONFIRMED and not click.is_bot else None
        found.append(row)
    shared = ["source", "day", "keyword_text", "match_type", "billed", "location_ids", "place", "read_at"]
    _upsert(found, [*shared, "keyword", "franchise"])
    # A click we cannot find (not written yet, or its id erased since) keeps whom it went to.
    _upsert(unseen, shared)
    # A record of this day the platform no longer lists is no longer billed.
    PlatformClick.objects.filter(pool=pool, source=source, day=day, read_at__lt=now).update(billed=False)
    for status, pks in changes.items():
        for start in range(0, len(pks), CHUNK):
            Click.objects.filter(pk__in=pks[start : start + CHUNK]).update(platform_status=status)
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
        Click.objects.filter(
            pool=pool, created_at__range=day_bounds(day), platform_status=PlatformStatus.PENDING
        ).exclude(click_id="").update(platform_status=PlatformStatus.NOT_BILLED)
    return reconciliation


def _our_clicks(pool: Pool, click_ids: list[str]) -> dict[str, _Ours]:
    ours = {}
    for start in range(0, len(click_ids), CHUNK):
        for pk, click_id, franchise_id, keyword_id, geo, status, is_bot in Click.objects.filter(
            pool=pool, click_id__in=click_ids[start : start + CHUNK]
        ).values_list("pk", "click_id", "franchise_id", "keyword_id", "geo_criteria_id", "platform_status", "is_bot"):
            ours[click_id] = _Ours(pk, franchise_id, keyword_id, geo, status, is_bot)
    return ours


def _upsert(rows: list[PlatformClick], fields: list[str]) -> None:
    if rows:
        PlatformClick.objects.bulk_create(
            rows, batch_size=CHUNK, update_conflicts=True, unique_fields=["pool", "click_key"], update_fields=fields
        )


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


def _verdicts() -> dict:
    person = Q(is_bot=False)
    unread = person & Q(platform_status=PlatformStatus.PENDING)
    return {
        "total": Count("pk"),
        "automated": Count("pk", filter=Q(is_bot=True)),
        "confirmed": Count("pk", filter=person & Q(platform_status=PlatformStatus.CONFIRMED)),
        "not_billed": Count("pk", filter=person & Q(platform_status=PlatformStatus.NOT_BILLED)),
        "elsewhere": Count("pk", filter=person & Q(platform_status=PlatformStatus.ELSEWHERE)),
        "no_id": Count("pk", filter=unread & Q(click_id="")),
        "pending": Count("pk", filter=unread & ~Q(click_id="")),
    }


def _with_unconfirmed(counts: dict) -> dict[str, int]:
    counts = {name: counts.get(name) or 0 for name in _verdicts()}
    counts["unconfirmed"] = counts["automated"] + counts["no_id"] + counts["not_billed"] + counts["elsewhere"]
    return counts


def confirmation_counts(clicks: QuerySet[Click]) -> dict[str, int]:
    """Our clicks by what the ad platforms say of them (one query). Only `confirmed` clicks are
    ever charged; `unconfirmed` adds up those the platform does not vouch for. The verdict comes
    first: the privacy retention later erases a click's id, not what the platform said of it."""
    return _with_unconfirmed(clicks.aggregate(**_verdicts()))


def confirmation_counts_by_franchise(clicks: QuerySet[Click]) -> dict[int, dict[str, int]]:
    """confirmation_counts per franchise the clicks went to, in one query."""
    rows = clicks.values("franchise_id").annotate(**_verdicts()).order_by()
    return {row["franchise_id"]: _with_unconfirmed(row) for row in rows}
