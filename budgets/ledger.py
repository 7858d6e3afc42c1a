"""The pool's ledger: append-only, double entry, Decimal, safe under concurrent writes.

Every posting locks the accounts it touches (SELECT ... FOR UPDATE, in id order so two
postings never deadlock), checks the idempotency key once it holds the locks, refuses to take a
franchise's account below zero, then appends its entries and moves the cached balances.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from budgets.models import AccountKind, LedgerAccount, LedgerEntry, LedgerTransaction, Period, Pool
from budgets.money import cents
from franchise_platform.errors import DomainError


@dataclass(frozen=True)
class Leg:
    account: LedgerAccount
    amount: Decimal
    period: Period | None = None


def account_for(pool: Pool, kind: str, franchise=None) -> LedgerAccount:
    if kind == AccountKind.FRANCHISE:
        account, _created = LedgerAccount.objects.get_or_create(
            pool=pool, kind=kind, franchise=franchise, defaults={"name": franchise.name[:200]}
        )
    else:
        account, _created = LedgerAccount.objects.get_or_create(pool=pool, kind=kind, franchise=None)
    return account


@transaction.atomic
def post(*, pool: Pool, kind: str, key: str, legs: list[Leg], memo: str = "", day=None, user=None) -> LedgerTransaction:
    """Post one balanced transaction; posting the same `key` again returns the first one."""
    legs = [Leg(leg.account, cents(leg.amount), leg.period) for leg in legs if cents(leg.amount) != 0]
    if not legs:
        raise DomainError(_("A ledger transaction needs at least one non-zero amount."), code="empty")
    if sum(leg.amount for leg in legs) != 0:
        raise DomainError(_("A ledger transaction must balance (its amounts sum to zero)."), code="unbalanced")
    if any(leg.account.pool_id != pool.pk for leg in legs):
        raise DomainError(_("Every account must belong to the pool."), code="foreign_account")
    account_ids = sorted({leg.account.pk for leg in legs})
    locked = {a.pk: a for a in LedgerAccount.objects.select_for_update().filter(pk__in=account_ids).order_by("pk")}
    existing = LedgerTransaction.objects.filter(key=key).first()
    if existing is not None:
        return existing
    deltas: dict[int, Decimal] = {}
    for leg in legs:
        deltas[leg.account.pk] = deltas.get(leg.account.pk, Decimal(0)) + leg.amount
    for account_id, delta in deltas.items():
        account = locked[account_id]
        if account.kind == AccountKind.FRANCHISE and account.balance + delta < 0:
            raise DomainError(
                _("%(account)s does not have enough money left (balance %(balance)s).")
                % {"account": account, "balance": account.balance},
                code="insufficient_balance",
            )
    try:
        with transaction.atomic():
            txn = LedgerTransaction.objects.create(
                pool=pool, kind=kind, key=key, memo=memo[:300], day=day, created_by=user if user and user.pk else None
            )
    except IntegrityError:
        return LedgerTransaction.objects.get(key=key)
    LedgerEntry.objects.bulk_create(
        [LedgerEntry(transaction=txn, account=leg.account, period=leg.period, amount=leg.amount) for leg in legs]
    )
    for account_id, delta in deltas.items():
        account = locked[account_id]
        account.balance += delta
        LedgerAccount.objects.filter(pk=account_id).update(balance=account.balance)
    return txn


def derived_balance(account: LedgerAccount, period: Period | None = None) -> Decimal:
    entries = LedgerEntry.objects.filter(account=account)
    if period is not None:
        entries = entries.filter(period=period)
    return cents(entries.aggregate(total=Sum("amount"))["total"] or 0)


def balances(pool: Pool) -> dict[int | None, Decimal]:
    """Franchise id (None: the franchisor) -> cached balance of the pool's accounts."""
    result: dict[int | None, Decimal] = {}
    for account in LedgerAccount.objects.filter(pool=pool, kind__in=[AccountKind.FRANCHISE, AccountKind.FRANCHISOR]):
        result[account.franchise_id] = account.balance
    return result
