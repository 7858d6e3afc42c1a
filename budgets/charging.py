"""Charging a day's imported cost to the franchises the router sent that keyword's clicks to.

Pro rata to clicks, to the cent with the largest remainder, capped by each franchise's balance
(what it cannot pay goes to the franchisor, like clicks no franchise could take). Re-running a
day changes nothing; a re-imported day with other figures is refunded and charged again.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum

from budgets import ledger
from budgets.models import AccountKind, Click, DailyCharge, KeywordDailyCost, LedgerTransaction, Pool, TransactionKind
from budgets.money import split_cents
from budgets.services import day_bounds, period_for

FRANCHISOR = None


def allocate(costs: dict[int, Decimal], clicks: dict[int, dict], balances: dict[int, Decimal]) -> dict:
    """Pure allocation: keyword -> {franchise id or None: amount}, capped by balances.

    `clicks[keyword][franchise]` are the router's (non-bot) clicks; None is the franchisor.
    """
    allocation: dict[int, dict] = {}
    left = dict(balances)
    for keyword_id in sorted(costs):
        cost = costs[keyword_id]
        weights = {k: v for k, v in clicks.get(keyword_id, {}).items() if v > 0}
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
        allocation[keyword_id] = dict(capped)
    return allocation


def _current_charges(pool: Pool, day: date) -> dict:
    result: dict = defaultdict(dict)
    for charge in DailyCharge.objects.filter(pool=pool, day=day):
        result[charge.keyword_id][charge.franchise_id] = charge.amount
    return {k: {f: a for f, a in v.items() if a} for k, v in result.items()}


@transaction.atomic
def charge_day(*, pool: Pool, day: date) -> list[DailyCharge]:
    pool = Pool.objects.select_for_update().get(pk=pool.pk)  # one charging run per pool at a time
    costs_rows = (
        KeywordDailyCost.objects.filter(pool=pool, day=day)
        .values("keyword_id")
        .annotate(cost=Sum("cost"), impressions=Sum("impressions"), clicks=Sum("clicks"))
    )
    costs = {row["keyword_id"]: row["cost"] for row in costs_rows}
    stats = {row["keyword_id"]: row for row in costs_rows}
    clicks: dict = defaultdict(dict)
    for row in (
        Click.objects.filter(pool=pool, created_at__range=day_bounds(day), is_bot=False, keyword__isnull=False)
        .values("keyword_id", "franchise_id")
        .annotate(n=Count("id"))
    ):
        clicks[row["keyword_id"]][row["franchise_id"]] = row["n"]

    previous = _current_charges(pool, day)
    accounts = {a.franchise_id: a for a in pool.accounts.filter(kind=AccountKind.FRANCHISE)}
    # What each franchise could pay if today's previous charge were refunded first.
    already = defaultdict(Decimal)
    for parts in previous.values():
        for franchise_id, amount in parts.items():
            if franchise_id is not None:
                already[franchise_id] += amount
    balances = {fid: account.balance + already[fid] for fid, account in accounts.items()}
    allocation = allocate(costs, clicks, balances)
    allocation = {k: {f: a for f, a in v.items() if a} for k, v in allocation.items()}
    if allocation == previous:
        return list(DailyCharge.objects.filter(pool=pool, day=day))

    period = period_for(pool, day)
    charge_txns = LedgerTransaction.objects.filter(pool=pool, kind=TransactionKind.CHARGE, day=day)
    last = charge_txns.order_by("-id").first()
    if last is not None and previous:
        _reverse(pool, last, day)
    DailyCharge.objects.filter(pool=pool, day=day).delete()
    rows = []
    for keyword_id, parts in allocation.items():
        total_clicks = sum(clicks.get(keyword_id, {}).values())
        for franchise_id, amount in parts.items():
            n = clicks.get(keyword_id, {}).get(franchise_id, 0)
            impressions = (stats[keyword_id]["impressions"] * n // total_clicks) if total_clicks else 0
            rows.append(
                DailyCharge(
                    pool=pool,
                    keyword_id=keyword_id,
                    franchise_id=franchise_id,
                    day=day,
                    impressions=impressions,
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
            memo=f"{day}",
            day=day,
        )
    return rows


def _reverse(pool: Pool, txn: LedgerTransaction, day: date) -> None:
    legs = [ledger.Leg(entry.account, -entry.amount, entry.period) for entry in txn.entries.select_related("account")]
    ledger.post(pool=pool, kind=TransactionKind.REFUND, key=f"refund:{txn.key}", legs=legs, memo=f"{day}", day=day)
