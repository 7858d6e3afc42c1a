# ruff: noqa: S608 - the SQL is assembled from this module's constants only; values are parameters.
"""Keeping the rollups in step with the sources, with set-based SQL.

The sources never call us. Each refresh:

1. folds new router clicks in by id (a high-water mark): one INSERT ... SELECT ... GROUP BY ...
   ON CONFLICT DO UPDATE adding the new counts (PostgreSQL and SQLite both speak it);
2. fingerprints, per day, the rows of the other sources (charges, leads, customers, listing
   statistics) over a recent window and re-aggregates each day whose fingerprint changed:
   a re-imported cost, a lead won or lost, corrected statistics, a deletion. A day is rebuilt
   with DELETE + INSERT ... SELECT, so doing it twice changes nothing;
3. re-derives the per-franchise day table (what the brand, region and franchise screens read)
   for every day touched.

Runs hold a row lock on the state rows, so two overlapping runs never add the same clicks twice.
"""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from reporting.metrics import BASE_MEASURES
from reporting.models import DayChecksum, RollupState, Source

FINE = "reporting_dailyrollup"
COARSE = "reporting_franchisedayrollup"
KEY = ("source", "day", "brand_id", "region_id", "franchise_id", "location_id", "keyword_id")
RECHECK_DAYS = 35  # how far back a routine refresh looks for changed days of the checked sources


def _day(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"(({column}) AT TIME ZONE 'UTC')::date"
    return f"date({column})"


# Each source: the SELECT list of the rollup key, its measures, the FROM/WHERE clause, and the
# raw column that gives a row's day.
SOURCES = {
    Source.CLICKS: {
        "key": "{day:c.created_at}, p.brand_id, COALESCE(f.region_id, 0), COALESCE(c.franchise_id, 0), "
        "COALESCE(c.location_id, 0), COALESCE(c.keyword_id, 0)",
        "measures": {"clicks": "COUNT(*)"},
        "from": "budgets_click c JOIN budgets_pool p ON p.id = c.pool_id "
        "LEFT JOIN network_franchise f ON f.id = c.franchise_id WHERE NOT c.is_bot",
        "day": "c.created_at",
    },
    Source.CHARGES: {
        "key": "ch.day, p.brand_id, COALESCE(f.region_id, 0), COALESCE(ch.franchise_id, 0), 0, ch.keyword_id",
        "measures": {"impressions": "SUM(ch.impressions)", "cost": "SUM(ch.amount)"},
        "from": "budgets_dailycharge ch JOIN budgets_pool p ON p.id = ch.pool_id "
        "LEFT JOIN network_franchise f ON f.id = ch.franchise_id WHERE 1 = 1",
        "day": "ch.day",
    },
    Source.LEADS: {
        "key": "{day:l.created_at}, l.brand_id, f.region_id, l.franchise_id, COALESCE(l.location_id, 0), "
        "COALESCE(l.keyword_id, 0)",
        "measures": {"leads": "COUNT(*)"},
        "from": "budgets_lead l JOIN network_franchise f ON f.id = l.franchise_id WHERE 1 = 1",
        "day": "l.created_at",
    },
    Source.CUSTOMERS: {
        "key": "{day:COALESCE(l.won_at, l.created_at)}, l.brand_id, f.region_id, l.franchise_id, "
        "COALESCE(l.location_id, 0), COALESCE(l.keyword_id, 0)",
        "measures": {"customers": "COUNT(*)", "revenue": "SUM(COALESCE(l.revenue, 0))"},
        "from": "budgets_lead l JOIN network_franchise f ON f.id = l.franchise_id WHERE l.status = 'won'",
        "day": "COALESCE(l.won_at, l.created_at)",
    },
    Source.LISTINGS: {
        "key": "s.day, loc.brand_id, loc.region_id, loc.franchise_id, s.location_id, 0",
        "measures": {
            "views": "SUM(s.views)",
            "calls": "SUM(s.calls)",
            "direction_requests": "SUM(s.direction_requests)",
            "website_clicks": "SUM(s.website_clicks)",
            "review_count": "SUM(s.review_count)",
            "rating_sum": "COALESCE(SUM(s.rating), 0)",
            "rating_count": "COUNT(s.rating)",
        },
        "from": "listings_listingdailystats s JOIN network_location loc ON loc.id = s.location_id WHERE 1 = 1",
        "day": "s.day",
    },
}


def _with_days(sql: str) -> str:
    """Replace {day:<timestamp expression>} with the dialect's UTC date of it."""
    while "{day:" in sql:
        start = sql.index("{day:")
        end = sql.index("}", start)
        sql = sql[:start] + _day(sql[start + 5 : end]) + sql[end + 1 :]
    return sql


def _select(source: str, where: str) -> str:
    spec = SOURCES[source]
    measures = ", ".join(spec["measures"].get(m, "0") for m in BASE_MEASURES)
    return (
        f"SELECT '{source}', {_with_days(spec['key'])}, {measures} FROM {spec['from']} AND ({where}) "
        "GROUP BY 2, 3, 4, 5, 6, 7"
    )


# Per-day fingerprints of the checked sources: anything that changes a day's rollup changes them.
FINGERPRINTS = {
    Source.CHARGES: (
        "budgets_dailycharge t",
        "t.day",
        "COUNT(*), SUM(t.id), SUM(COALESCE(t.franchise_id, 0)), SUM(t.keyword_id), SUM(t.impressions), SUM(t.amount)",
        "",
    ),
    Source.LEADS: (
        "budgets_lead t",
        "t.created_at",
        "COUNT(*), SUM(t.id), SUM(t.franchise_id), SUM(COALESCE(t.location_id, 0)), SUM(COALESCE(t.keyword_id, 0))",
        "",
    ),
    Source.CUSTOMERS: (
        "budgets_lead t",
        "COALESCE(t.won_at, t.created_at)",
        "COUNT(*), SUM(t.id), SUM(t.franchise_id), SUM(COALESCE(t.location_id, 0)), "
        "SUM(COALESCE(t.keyword_id, 0)), SUM(COALESCE(t.revenue, 0))",
        "t.status = 'won'",
    ),
    Source.LISTINGS: (
        "listings_listingdailystats t",
        "t.day",
        "COUNT(*), SUM(t.id), SUM(t.location_id), SUM(t.views), SUM(t.calls), SUM(t.direction_requests), "
        "SUM(t.website_clicks), SUM(t.review_count), SUM(COALESCE(t.rating, 0)), COUNT(t.rating)",
        "",
    ),
}
CHECKED_SOURCES = tuple(FINGERPRINTS)
DATE_COLUMNS = {"t.day", "ch.day", "s.day"}


def _range(column: str, start: datetime.date | None, end: datetime.date | None) -> tuple[str, list]:
    """A WHERE fragment for rows whose day (of a date or a UTC timestamp column) is in [start, end]."""
    parts, params = [], []
    is_date = column in DATE_COLUMNS
    if start is not None:
        parts.append(f"{column} >= %s")
        params.append(start if is_date else _midnight(start))
    if end is not None:
        parts.append(f"{column} < %s")
        params.append(end + datetime.timedelta(days=1) if is_date else _midnight(end + datetime.timedelta(days=1)))
    return (" AND ".join(parts) or "1 = 1"), params


def _midnight(day: datetime.date):
    # Adapted as the ORM does (SQLite compares naive UTC text, PostgreSQL a timestamptz).
    return connection.ops.adapt_datetimefield_value(
        datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    )


def _insert(source: str, where: str, params: list, additive: bool) -> None:
    columns = ", ".join((*KEY, *BASE_MEASURES))
    sql = f"INSERT INTO {FINE} ({columns}) {_select(source, where)}"
    if additive:
        updates = ", ".join(f"{m} = {FINE}.{m} + excluded.{m}" for m in SOURCES[source]["measures"])
        sql += f" ON CONFLICT (source, day, brand_id, keyword_id, franchise_id, location_id) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rebuild_days(source: str, days: Iterable[datetime.date]) -> set[datetime.date]:
    """Re-aggregate whole days of one source, idempotently."""
    days = sorted(set(days))
    raw_day = SOURCES[source]["day"]
    with connection.cursor() as cursor:
        for day in days:
            cursor.execute(f"DELETE FROM {FINE} WHERE source = %s AND day = %s", [source, day])
            where, params = _range(raw_day, day, day)
            _insert(source, where, params, additive=False)
    return set(days)


def rebuild_all(source: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FINE} WHERE source = %s", [source])
    _insert(source, "1 = 1", [], additive=False)


def fold_new_clicks(state: RollupState) -> set[datetime.date]:
    """Add the clicks above the high-water mark; returns the days they fell on."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM budgets_click")
        top = cursor.fetchone()[0] or 0
        if top <= state.last_id:
            return set()
        cursor.execute(
            f"SELECT DISTINCT {_day('created_at')} FROM budgets_click WHERE id > %s AND id <= %s",
            [state.last_id, top],
        )
        days = {_as_date(row[0]) for row in cursor.fetchall()}
    _insert(Source.CLICKS, "c.id > %s AND c.id <= %s", [state.last_id, top], additive=True)
    state.last_id = top
    return days


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def fingerprints(source: str, start: datetime.date | None) -> dict[datetime.date, str]:
    table, day_column, aggregates, condition = FINGERPRINTS[source]
    day_sql = day_column if day_column in DATE_COLUMNS else _day(day_column)
    where, params = _range(day_column, start, None)
    if condition:
        where = f"{condition} AND {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {day_sql}, {aggregates} FROM {table} WHERE {where} GROUP BY 1", params)
        return {_as_date(row[0]): "|".join(_canonical(v) for v in row[1:]) for row in cursor.fetchall()}


def _canonical(value) -> str:
    # SQLite may hand back a float for a decimal sum; two decimals are enough to compare.
    if isinstance(value, float):  # not money
        return f"{value:.2f}"
    return str(value)


def changed_days(source: str, start: datetime.date | None) -> set[datetime.date]:
    """Days whose raw rows changed since their last aggregation (records the new fingerprints)."""
    current = fingerprints(source, start)
    stored_qs = DayChecksum.objects.filter(source=source)
    if start is not None:
        stored_qs = stored_qs.filter(day__gte=start)
    stored = dict(stored_qs.values_list("day", "fingerprint"))
    changed = {day for day in current.keys() | stored.keys() if current.get(day) != stored.get(day)}
    gone = [day for day in changed if day not in current]
    DayChecksum.objects.filter(source=source, day__in=gone).delete()
    for day in changed - set(gone):
        DayChecksum.objects.update_or_create(source=source, day=day, defaults={"fingerprint": current[day]})
    return changed


def rebuild_coarse(days: Iterable[datetime.date]) -> None:
    days = sorted(set(days))
    if not days:
        return
    sums = ", ".join(f"SUM({m})" for m in BASE_MEASURES)
    with connection.cursor() as cursor:
        for chunk in range(0, len(days), 200):
            part = days[chunk : chunk + 200]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"DELETE FROM {COARSE} WHERE day IN ({marks})", part)
            cursor.execute(
                f"INSERT INTO {COARSE} (day, brand_id, region_id, franchise_id, {', '.join(BASE_MEASURES)}) "
                f"SELECT day, brand_id, MAX(region_id), franchise_id, {sums} FROM {FINE} "
                f"WHERE day IN ({marks}) GROUP BY day, brand_id, franchise_id",
                part,
            )


def _states() -> dict[str, RollupState]:
    for source in Source.values:
        RollupState.objects.get_or_create(source=source)
    return {state.source: state for state in RollupState.objects.select_for_update().order_by("source")}


@transaction.atomic
def refresh(
    *, full: bool = False, today: datetime.date | None = None, recheck_all_days: bool = False
) -> set[datetime.date]:
    """Bring the rollups up to date; returns the days that changed. `recheck_all_days` compares
    the fingerprints of every day, not only the recent ones (nightly); `full` re-aggregates every
    source from scratch (after a restore, or to build the rollups the first time)."""
    states = _states()
    today = today or timezone.now().date()
    touched: set[datetime.date] = set()
    if full:
        for source in Source.values:
            rebuild_all(source)
        with connection.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM budgets_click")
            states[Source.CLICKS].last_id = cursor.fetchone()[0] or 0
        DayChecksum.objects.all().delete()
        for source in CHECKED_SOURCES:
            changed_days(source, None)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {COARSE}")
            cursor.execute(f"SELECT DISTINCT day FROM {FINE}")
            touched = {_as_date(row[0]) for row in cursor.fetchall()}
    else:
        touched |= fold_new_clicks(states[Source.CLICKS])
        start = None if recheck_all_days else today - datetime.timedelta(days=RECHECK_DAYS)
        for source in CHECKED_SOURCES:
            touched |= rebuild_days(source, changed_days(source, start))
    rebuild_coarse(touched)
    now = timezone.now()
    for state in states.values():
        state.refreshed_at = now
        state.save(update_fields=["last_id", "refreshed_at"])
    return touched


@transaction.atomic
def recheck_clicks(days: Iterable[datetime.date]) -> None:
    """Re-aggregate router clicks of given days (e.g. yesterday and today, nightly): catches a
    click committed after a higher id was folded, a deleted click or a click flagged as bot."""
    _states()
    rebuild_coarse(rebuild_days(Source.CLICKS, days))
