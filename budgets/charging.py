"""Charging a day's imported cost to the franchises that received the clicks the ad platform billed.

Only evidence moves money: a platform's cost of a day is charged once that platform's click
records of the day were read (budgets/reconciliation.py), and each keyword's cost is split pro
rata to the billed clicks the platform confirmed, by the franchise our router sent each to.
Billed clicks we cannot put on a franchise (an automated visitor, a click we never saw, one the
platform places elsewhere, one no franchise took) are the franchisor's. Clicks the platform does
not vouch for weigh nothing. To the cent with the largest remainder, capped by each franchise's
balance (what it cannot pay goes to the franchisor). Re-running a day changes nothing; a day
whose figures changed is refunded and charged again, in the open month if its own is closed.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from budgets import ledger
from budgets.models import (
    AccountKind,
    DailyCharge,
    KeywordDailyCost,
    LedgerTransaction,
    Period,
    PlatformClick,
    Pool,
    TransactionKind,
)
from budgets.money import split_cents
from budgets.reconciliation import reconciled_sources
from budgets.services import period_for

FRANCHISOR = None


def allocate(costs: dict, clicks: dict[object, dict], balances: dict[int, Decimal]) -> dict:
    """Pure allocation: cost key -> {franchise id or None: amount}, capped by balances.

    `clicks[key][franchise]` are the confirmed clicks behind that cost; None is the franchisor.
    """
    allocation: dict = {}
    left = dict(balances)
    for key in sorted(costs):
        cost = costs[key]
        weights = {k: v for k, v in clicks.get(key, {}).items() if v > 0}
        parts = split_cents(cost, weights) if weights and cost else {FRANCHISOR: cost}
        capped: dict = defaultdict(Decimal)
        for franchise_id in sorted(parts, key=lambda k: (k is None, k or 0)):
            amount = parts[franchise_id]
            if franchise_id is not FRANCHISOR:
                payable = min(amount, max(left.get(franchise_id, Decimal(0)), Decimal(0)))
                left[franchise_id] = left.get(franchise_id, Decimal(0)) - payable
                capped[franchise_id] += payable
                amount -= payable
            if amount:
                capped[FRANCHISOR] += amount
        allocation[key] = dict(capped)
    return allocation


def posting_period(pool: Pool, day: date) -> Period:
    """The month a day's money is posted in: its own while open; once closed, the first open
    month after it (a closed month is corrected by an adjustment in the open one)."""
    period = period_for(pool, day)
    while period.is_closed:
        period = period_for(pool, period.end + timedelta(days=1))
    return period


def _open(pool: Pool, period: Period | None) -> Period | None:
    return posting_period(pool, period.start) if period is not None and period.is_closed else period


def confirmed_clicks(pool: Pool, day: date, sources: set[str]) -> dict[tuple, dict]:
    """(keyword id, platform) -> {franchise id or None: billed clicks} of the platforms' day; the
    franchise is the one the router sent a click the platform confirmed (reconciliation.py)."""
    weights: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for source, keyword_id, franchise_id in PlatformClick.objects.filter(
        pool=pool, day=day, billed=True, source__in=sources
    ).values_list("source", "keyword_id", "franchise_id"):
        if keyword_id is not None:
            weights[(keyword_id, source)][franchise_id] += 1
    return {key: dict(parts) for key, parts in weights.items()}


def _current_charges(pool: Pool, day: date) -> dict:
    result: dict = defaultdict(dict)
    for charge in DailyCharge.objects.filter(pool=pool, day=day):
        result[charge.keyword_id][charge.franchise_id] = charge.amount
    return {k: {f: a for f, a in v.items() if a} for k, v in result.items()}


@transaction.atomic
def charge_day(*, pool: Pool, day: date) -> list[DailyCharge]:
    from budgets.closing import settle_closed_accounts

    pool = Pool.objects.select_for_update().get(pk=pool.pk)  # one charging run per pool at a time
    sources = reconciled_sources(pool, day)
    cost_rows = KeywordDailyCost.objects.filter(pool=pool, day=day, source__in=sources).values(
        "keyword_id", "source", "cost", "impressions"
    )
    costs = {(row["keyword_id"], row["source"]): row["cost"] for row in cost_rows}
    impressions: dict[int, int] = defaultdict(int)
    for row in cost_rows:
        impressions[row["keyword_id"]] += row["impressions"]
    clicks = confirmed_clicks(pool, day, sources)

    previous = _current_charges(pool, day)
    # An account always has its franchise (PROTECT): no charge or refund lands in an ownerless one.
    accounts = {a.franchise_id: a for a in pool.accounts.filter(kind=AccountKind.FRANCHISE, franchise__isnull=False)}
    # What each franchise could pay if today's previous charge were refunded first.
    already = defaultdict(Decimal)
    for parts in previous.values():
        for franchise_id, amount in parts.items():
            if franchise_id is not None:
                already[franchise_id] += amount
    # Money put in for a later month (next month's pledge) does not pay for this one.
    period = posting_period(pool, day)
    later = ledger.later_money(pool, period.start)
    balances = {fid: account.balance - later.get(fid, 0) + already[fid] for fid, account in accounts.items()}
    allocation: dict[int, dict] = defaultdict(lambda: defaultdict(Decimal))
    for (keyword_id, _source), parts in allocate(costs, clicks, balances).items():
        for franchise_id, amount in parts.items():
            allocation[keyword_id][franchise_id] += amount
    allocation = {k: {f: a for f, a in v.items() if a} for k, v in allocation.items()}
    allocation = {k: v for k, v in allocation.items() if v}
    if allocation == previous:
        return list(DailyCharge.objects.filter(pool=pool, day=day))

    charge_txns = LedgerTransaction.objects.filter(pool=pool, kind=TransactionKind.CHARGE, day=day)
    last = charge_txns.order_by("-id").first()
    if last is not None and previous:
        _reverse(pool, last, day)
    DailyCharge.objects.filter(pool=pool, day=day).supersede()
    counted: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for (keyword_id, _source), parts in clicks.items():
        for franchise_id, n in parts.items():
            counted[keyword_id][franchise_id] += n
    rows = []
    for keyword_id, parts in allocation.items():
        total_clicks = sum(counted[keyword_id].values())
        for franchise_id, amount in parts.items():
            n = counted[keyword_id].get(franchise_id, 0)
            rows.append(
                DailyCharge(
                    pool=pool,
                    keyword_id=keyword_id,
                    franchise_id=franchise_id,
                    day=day,
                    impressions=(impressions[keyword_id] * n // total_clicks) if total_clicks else 0,
                    clicks=n,
                    amount=amount,
                )
            )
    DailyCharge.objects.bulk_create(rows)
    totals: dict = defaultdict(Decimal)
    for parts in allocation.values():
        for franchise_id, amount in parts.items():
            totals[franchise_id] += amount
    legs = []
    for franchise_id, amount in totals.items():
        account = ledger.account_for(pool, AccountKind.FRANCHISOR) if franchise_id is None else accounts[franchise_id]
        legs.append(ledger.Leg(account, -amount, period))
    total = sum(totals.values(), Decimal(0))
    if total:
        legs.append(ledger.Leg(ledger.account_for(pool, AccountKind.AD_SPEND), total, period))
        ledger.post(
            pool=pool,
            kind=TransactionKind.CHARGE,
            key=f"charge:{pool.pk}:{day}:{charge_txns.count()}",
            legs=legs,
            memo=_memo(day, period),
            day=day,
        )
    settle_closed_accounts(pool=pool)
    return rows


def _memo(day: date, period: Period) -> str:
    return f"{day}" if period.start <= day <= period.end else f"{day} → {period}"


def _reverse(pool: Pool, txn: LedgerTransaction, day: date) -> None:
    legs = [
        ledger.Leg(entry.account, -entry.amount, _open(pool, entry.period))
        for entry in txn.entries.select_related("account", "period")
    ]
    period = legs[0].period if legs and legs[0].period is not None else posting_period(pool, day)
    ledger.post(
        pool=pool, kind=TransactionKind.REFUND, key=f"refund:{txn.key}", legs=legs, memo=_memo(day, period), day=day
    )
