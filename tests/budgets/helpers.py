"""Building pools with money in them for the budgets tests."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from budgets import ledger
from budgets.models import AccountKind, Keyword, Pool, TransactionKind
from budgets.services import period_for


def make_pool(brand, slug="t-pool", keywords=("alpha assurance", "assurance auto")) -> Pool:
    pool = Pool.objects.create(brand=brand, name=f"Pool {slug}", slug=slug)
    for text in keywords:
        Keyword.objects.create(pool=pool, text=text, group="brand" if "alpha" in text else "broad")
    return pool


def fund(pool, franchise, amount, day: date | None = None, key: str | None = None):
    """Put money in a franchise's account for the period of `day` (today by default)."""
    period = period_for(pool, day or timezone.now().date())
    amount = Decimal(amount)
    return ledger.post(
        pool=pool,
        kind=TransactionKind.CONTRIBUTION,
        key=key or f"test:{pool.pk}:{franchise.pk}:{period.pk}:{amount}",
        legs=[
            ledger.Leg(ledger.account_for(pool, AccountKind.FUNDING), -amount, period),
            ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), amount, period),
        ],
    )


def spend(pool, franchise, amount, day: date | None = None):
    period = period_for(pool, day or timezone.now().date())
    amount = Decimal(amount)
    return ledger.post(
        pool=pool,
        kind=TransactionKind.CHARGE,
        key=f"test-spend:{pool.pk}:{franchise.pk}:{period.pk}:{amount}",
        legs=[
            ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), -amount, period),
            ledger.Leg(ledger.account_for(pool, AccountKind.AD_SPEND), amount, period),
        ],
    )
