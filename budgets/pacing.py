"""Pacing: each franchise's balance spread over the period's remaining days.

The router stops sending a franchise clicks once its clicks of the day, at the pool's average
cost per click, reach its daily budget; the connector pushes the pool's daily total.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from budgets.models import (
    AccountKind,
    Click,
    ClickReconciliation,
    DailyCharge,
    KeywordDailyCost,
    LedgerAccount,
    LedgerEntry,
    Period,
    Pool,
    TransactionKind,
)
from budgets.money import cents
from budgets.services import day_bounds

DEFAULT_CPC = Decimal("1.50")


def average_cpc(pool_id: int, day: date) -> Decimal:
    """Cost per click of the last 30 imported days (a default before the first import)."""
    totals = KeywordDailyCost.objects.filter(
        pool_id=pool_id, day__lt=day + timedelta(days=1), day__gte=day - timedelta(days=30)
    ).aggregate(cost=Sum("cost"), clicks=Sum("clicks"))
    if not totals["clicks"]:
        return DEFAULT_CPC
    return max(cents(totals["cost"] / totals["clicks"]), Decimal("0.01"))


def remaining_days(period: Period | None, day: date) -> int:
    if period is None:
        return 1
    return max(1, (period.end - day).days + 1)


def daily_budget(balance: Decimal, period: Period | None, day: date) -> Decimal:
    return cents(max(balance, Decimal(0)) / remaining_days(period, day))


def contributions(pool_id: int, period: Period | None) -> dict[int, Decimal]:
    """Franchise id -> what it put into this period (its pledge and what it carried over)."""
    if period is None:
        return {}
    rows = (
        LedgerEntry.objects.filter(
            account__pool_id=pool_id,
            account__kind=AccountKind.FRANCHISE,
            period=period,
            amount__gt=0,
            transaction__kind__in=[TransactionKind.CONTRIBUTION, TransactionKind.CARRY_OVER],
        )
        .values("account__franchise_id")
        .annotate(total=Sum("amount"))
    )
    return {row["account__franchise_id"]: cents(row["total"]) for row in rows}


def plan_for_day(pool: Pool, period: Period | None, day: date) -> list[dict]:
    """Per franchise: balance, daily budget, clicks and spend of the day (screens and the push)."""
    accounts = LedgerAccount.objects.filter(pool=pool, kind=AccountKind.FRANCHISE).select_related("franchise")
    clicks = dict(
        Click.objects.filter(pool=pool, created_at__range=day_bounds(day), is_bot=False, franchise__isnull=False)
        .values_list("franchise_id")
        .annotate(n=Count("id"))
    )
    spent = dict(
        DailyCharge.objects.filter(pool=pool, day=day, franchise__isnull=False)
        .values_list("franchise_id")
        .annotate(total=Sum("amount"))
    )
    rows = []
    for account in accounts:
        rows.append(
            {
                "franchise": account.franchise,
                "balance": account.balance,
                "daily_budget": daily_budget(account.balance, period, day),
                "clicks": clicks.get(account.franchise_id, 0),
                "spent": cents(spent.get(account.franchise_id, 0)),
            }
        )
    return rows


def period_days(pool: Pool, period: Period) -> list[dict]:
    """Planned (the period's money spread evenly) against spent and imported, day by day."""
    money_in = (
        LedgerEntry.objects.filter(
            account__pool=pool,
            period=period,
            amount__gt=0,
            account__kind__in=[AccountKind.FRANCHISE, AccountKind.FRANCHISOR],
            transaction__kind__in=[TransactionKind.CONTRIBUTION, TransactionKind.TOP_UP, TransactionKind.CARRY_OVER],
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    planned = cents(Decimal(money_in) / period.days)
    charged = dict(
        DailyCharge.objects.filter(pool=pool, day__range=(period.start, period.end))
        .values_list("day")
        .annotate(total=Sum("amount"))
    )
    charged_franchisor = dict(
        DailyCharge.objects.filter(pool=pool, day__range=(period.start, period.end), franchise__isnull=True)
        .values_list("day")
        .annotate(total=Sum("amount"))
    )
    imported = dict(
        KeywordDailyCost.objects.filter(pool=pool, day__range=(period.start, period.end))
        .values_list("day")
        .annotate(total=Sum("cost"))
    )
    # Costs of a platform whose click records of the day were not read yet wait to be charged.
    read = set(
        ClickReconciliation.objects.filter(pool=pool, day__range=(period.start, period.end)).values_list(
            "day", "source"
        )
    )
    awaiting: dict = {}
    for day, source, total in (
        KeywordDailyCost.objects.filter(pool=pool, day__range=(period.start, period.end))
        .values_list("day", "source")
        .annotate(total=Sum("cost"))
    ):
        if (day, source) not in read:
            awaiting[day] = awaiting.get(day, 0) + total
    clicks = dict(
        Click.objects.filter(pool=pool, created_at__date__range=(period.start, period.end), is_bot=False)
        .values_list("created_at__date")
        .annotate(n=Count("id", filter=Q(is_bot=False)))
    )
    days = []
    day = period.start
    while day <= period.end:
        cost = cents(imported.get(day, 0))
        spent = cents(charged.get(day, 0))
        days.append(
            {
                "day": day,
                "planned": planned,
                "imported": cost,
                "charged": spent,
                "franchisor": cents(charged_franchisor.get(day, 0)),
                "clicks": clicks.get(day, 0),
                "reconciled": cost == spent,
                "awaiting": cents(awaiting.get(day, 0)),
            }
        )
        day += timedelta(days=1)
    return days
