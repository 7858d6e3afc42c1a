"""The rollups always equal the raw data, whatever arrives and changes between refreshes."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets.models import Click, DailyCharge, Lead
from listings.models import ListingDailyStats
from reporting import rollups
from reporting.models import DailyRollup, FranchiseDayRollup
from tests.reporting.factories import (
    ClickFactory,
    DailyChargeFactory,
    KeywordFactory,
    LeadFactory,
    ListingStatsFactory,
    at,
)

TODAY = datetime.date(2026, 11, 20)
DAYS = st.integers(min_value=0, max_value=4).map(lambda n: TODAY - datetime.timedelta(days=n))
MONEY = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)
HOURS = st.sampled_from([0, 12, 23])  # midnight is the edge of a day
RATING = st.decimals(min_value=1, max_value=5, places=2)

OPERATIONS = st.one_of(
    st.tuples(st.just("click"), DAYS, st.integers(0, 3), st.integers(0, 1), st.booleans(), HOURS),
    st.tuples(st.just("lead"), DAYS, st.integers(0, 2), st.booleans(), MONEY, DAYS),
    st.tuples(st.just("charge"), DAYS, st.integers(0, 3), st.integers(0, 1), st.integers(0, 900), MONEY),
    st.tuples(st.just("stats"), DAYS, st.integers(0, 2), st.integers(0, 90), st.one_of(st.none(), RATING)),
    st.tuples(st.just("win_or_lose"), st.integers(0, 30), st.booleans(), MONEY),
    st.tuples(st.just("delete_charge"), st.integers(0, 30)),
    st.tuples(
        st.just("refresh"),
    ),
)


def apply(op, world, keywords) -> None:
    franchises = [world.F1, world.F2, world.F3, None]
    locations = [world.L1, world.L2, world.L3]
    kind = op[0]
    if kind == "click":
        _, day, f, k, bot, hour = op
        franchise = franchises[f]
        location = franchise.locations.first() if franchise else None
        ClickFactory(keyword=keywords[k], franchise=franchise, location=location, created_at=at(day, hour), is_bot=bot)
    elif kind == "lead":
        _, day, f, won, revenue, won_day = op
        franchise = franchises[f]
        LeadFactory(
            franchise=franchise,
            location=franchise.locations.first(),
            keyword=keywords[0],
            created_at=at(day, 0),
            status="won" if won else "new",
            revenue=revenue if won else None,
            won_at=at(max(day, won_day), 15) if won else None,
        )
    elif kind == "charge":
        _, day, f, k, impressions, amount = op
        DailyCharge.objects.update_or_create(
            pool=keywords[k].pool,
            keyword=keywords[k],
            franchise=franchises[f],
            day=day,
            defaults={"impressions": impressions, "amount": amount},
        )
    elif kind == "stats":
        _, day, loc, views, rating = op
        ListingDailyStats.objects.update_or_create(
            location=locations[loc], directory="google", day=day, defaults={"views": views, "rating": rating}
        )
    elif kind == "win_or_lose":
        _, index, won, revenue = op
        lead = Lead.objects.order_by("pk")[index : index + 1].first()
        if lead:
            lead.status = "won" if won else "lost"
            lead.revenue = revenue if won else None
            lead.won_at = at(TODAY) if won else None
            lead.save()
    elif kind == "delete_charge":
        charge = DailyCharge.objects.order_by("pk")[op[1] : op[1] + 1].first()
        if charge:  # a day charged again drops the rows it replaces
            DailyCharge.objects.filter(pk=charge.pk).supersede()
    elif kind == "refresh":
        rollups.refresh(today=TODAY)


def raw_totals() -> dict:
    clicks = Counter()
    for row in Click.objects.filter(is_bot=False).values("created_at", "franchise_id"):
        clicks[(row["created_at"].date(), row["franchise_id"] or 0)] += 1
    charges = DailyCharge.objects.aggregate(impressions=Sum("impressions"), cost=Sum("amount"))
    won = Lead.objects.filter(status="won").aggregate(customers=Count("id"), revenue=Sum("revenue"))
    stats = ListingDailyStats.objects.aggregate(
        views=Sum("views"), rating_sum=Sum("rating"), rating_count=Count("rating")
    )
    return {
        "clicks_by_day_franchise": dict(clicks),
        "impressions": charges["impressions"] or 0,
        "cost": charges["cost"] or Decimal(0),
        "leads": Lead.objects.count(),
        "customers": won["customers"],
        "revenue": won["revenue"] or Decimal(0),
        "views": stats["views"] or 0,
        "rating_sum": stats["rating_sum"] or Decimal(0),
        "rating_count": stats["rating_count"],
    }


def rollup_totals(model) -> dict:
    clicks = {
        (row["day"], row["franchise_id"]): row["n"]
        for row in model.objects.values("day", "franchise_id").annotate(n=Sum("clicks")).order_by()
        if row["n"]
    }
    sums = model.objects.aggregate(
        **{m: Sum(m) for m in ("impressions", "cost", "leads", "customers", "revenue", "views", "rating_sum")},
        rating_count=Sum("rating_count"),
    )
    return {
        "clicks_by_day_franchise": clicks,
        "impressions": sums["impressions"] or 0,
        "cost": sums["cost"] or Decimal(0),
        "leads": sums["leads"] or 0,
        "customers": sums["customers"] or 0,
        "revenue": sums["revenue"] or Decimal(0),
        "views": sums["views"] or 0,
        "rating_sum": sums["rating_sum"] or Decimal(0),
        "rating_count": sums["rating_count"] or 0,
    }


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, max_size=25))
def test_rollup_totals_equal_the_raw_totals_after_random_inserts_and_changes(world, operations):
    with transaction.atomic():
        pool_keywords = [KeywordFactory(pool__brand=world.A, text="auto"), None]
        pool_keywords[1] = KeywordFactory(pool=pool_keywords[0].pool, text="habitation")
        for op in operations:
            apply(op, world, pool_keywords)
        rollups.refresh(today=TODAY)
        raw = raw_totals()
        assert rollup_totals(DailyRollup) == raw
        assert rollup_totals(FranchiseDayRollup) == raw
        transaction.set_rollback(True)


def test_refreshing_twice_changes_nothing(world, keyword):
    ClickFactory.create_batch(3, keyword=keyword, franchise=world.F1, location=world.L1, created_at=at(TODAY))
    LeadFactory(franchise=world.F1, created_at=at(TODAY), status="won", revenue=Decimal("800.00"), won_at=at(TODAY))
    DailyChargeFactory(keyword=keyword, franchise=world.F1, day=TODAY, amount=Decimal("9.99"))
    ListingStatsFactory(location=world.L1, day=TODAY)
    rollups.refresh(today=TODAY)
    first = list(FranchiseDayRollup.objects.values().order_by("day", "franchise_id"))
    assert rollups.refresh(today=TODAY) == set()
    rollups.refresh(full=True, today=TODAY)
    second = list(FranchiseDayRollup.objects.values().order_by("day", "franchise_id"))
    strip = [{k: v for k, v in row.items() if k != "id"} for row in first]
    assert strip == [{k: v for k, v in row.items() if k != "id"} for row in second]
    assert second[0]["clicks"] == 3 and second[0]["cost"] == Decimal("9.99")


def test_a_reimported_cost_replaces_the_day_instead_of_adding_to_it(world, keyword):
    DailyChargeFactory(keyword=keyword, franchise=world.F1, day=TODAY, amount=Decimal("10.00"))
    rollups.refresh(today=TODAY)
    DailyCharge.objects.all().supersede()
    DailyChargeFactory(keyword=keyword, franchise=world.F1, day=TODAY, amount=Decimal("7.00"))
    assert rollups.refresh(today=TODAY) == {TODAY}
    assert FranchiseDayRollup.objects.get(franchise_id=world.F1.pk).cost == Decimal("7.00")


def test_a_late_click_of_a_past_day_is_caught_by_the_click_recheck(world, keyword):
    rollups.refresh(today=TODAY)
    click = ClickFactory(keyword=keyword, franchise=world.F1, created_at=at(TODAY))
    rollups.refresh(today=TODAY)
    Click.objects.filter(pk=click.pk).update(is_bot=True)
    assert FranchiseDayRollup.objects.get(day=TODAY, franchise_id=world.F1.pk).clicks == 1
    rollups.recheck_clicks([TODAY])
    assert not FranchiseDayRollup.objects.filter(day=TODAY, franchise_id=world.F1.pk, clicks__gt=0).exists()


def test_the_refresh_command_rebuilds_from_scratch(world, keyword):
    from io import StringIO

    from django.core.management import call_command

    ClickFactory(keyword=keyword, franchise=world.F1, created_at=at(TODAY))
    out = StringIO()
    call_command("refresh_rollups", "--full", stdout=out)
    assert "1 day(s)" in out.getvalue()
    assert FranchiseDayRollup.objects.get(franchise_id=world.F1.pk).clicks == 1
