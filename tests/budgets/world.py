"""Budgets objects of the authorization world: a pool per brand, money, a round, clicks, leads."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budgets import ledger
from budgets.models import AccountKind, Click, ContributionRound, Keyword, Lead, Pledge, Pool, TransactionKind
from budgets.services import period_for


def _fund(pool, franchise, amount, period):
    txn = ledger.post(
        pool=pool,
        kind=TransactionKind.CONTRIBUTION,
        key=f"world:{pool.pk}:{franchise.pk}",
        legs=[
            ledger.Leg(ledger.account_for(pool, AccountKind.FUNDING), -Decimal(amount), period),
            ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), Decimal(amount), period),
        ],
    )
    entries = list(txn.entries.order_by("amount"))
    return entries[0], entries[1]  # funding (negative), franchise (positive)


def add_budgets(w) -> None:
    today = timezone.now().date()
    w.poolA = Pool.objects.create(brand=w.A, name="Alpha pool", slug="alpha-pool")
    w.poolB = Pool.objects.create(brand=w.B, name="Beta pool", slug="beta-pool")
    w.kwA = Keyword.objects.create(pool=w.poolA, text="alpha assurance", group="brand")
    period = period_for(w.poolA, today)
    w.entry_fundA, w.entry_F1 = _fund(w.poolA, w.F1, "200.00", period)
    _funding, w.entry_F2 = _fund(w.poolA, w.F2, "100.00", period)
    _funding, w.entry_G1 = _fund(w.poolB, w.G1, "100.00", period_for(w.poolB, today))

    deadline = timezone.now() + timedelta(days=20)
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    w.roundA = ContributionRound.objects.create(
        period=period_for(w.poolA, next_month), suggested_amount=Decimal("300.00"), deadline=deadline
    )
    w.roundB = ContributionRound.objects.create(
        period=period_for(w.poolB, next_month), suggested_amount=Decimal("300.00"), deadline=deadline
    )
    w.pledge_F1, w.pledge_F2, w.pledge_F3 = (
        Pledge.objects.create(round=w.roundA, franchise=f, suggested_amount=Decimal("300.00"))
        for f in (w.F1, w.F2, w.F3)
    )
    w.pledge_G1 = Pledge.objects.create(round=w.roundB, franchise=w.G1, suggested_amount=Decimal("300.00"))
    w.future_month = (next_month + timedelta(days=40)).replace(day=1)

    def click(pool, franchise, ref):
        return Click.objects.create(pool=pool, franchise=franchise, keyword_text="alpha assurance", click_id=ref)

    w.click_F1 = click(w.poolA, w.F1, "c-f1")
    w.click_F2 = click(w.poolA, w.F2, "c-f2")
    w.click_A0 = click(w.poolA, None, "c-a0")
    w.click_G1 = click(w.poolB, w.G1, "c-g1")

    def lead(franchise, name):
        return Lead.objects.create(brand=franchise.brand, franchise=franchise, name=name, email=f"{name}@example.test")

    w.lead_F1, w.lead_F2, w.lead_G1 = lead(w.F1, "ana"), lead(w.F2, "bob"), lead(w.G1, "chloe")
