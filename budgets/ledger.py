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

from budgets import pacecounter, validation
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
        return _same_or_refused(existing, kind, legs)
    deltas: dict[int, Decimal] = {}
    for leg in legs:
        deltas[leg.account.pk] = deltas.get(leg.account.pk, Decimal(0)) + leg.amount
    for account_id, delta in deltas.items():
        account = locked[account_id]
        if not validation.balance_fits(account.balance + delta):
            raise DomainError(
                _("This amount would take %(account)s beyond what its balance can hold: nothing was posted.")
                % {"account": account},
                code="amount_too_large",
            )
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
        return _same_or_refused(LedgerTransaction.objects.get(key=key), kind, legs)
    LedgerEntry.objects.bulk_create(
        [LedgerEntry(transaction=txn, account=leg.account, period=leg.period, amount=leg.amount) for leg in legs]
    )
    for account_id, delta in deltas.items():
        account = locked[account_id]
        account.balance += delta
        LedgerAccount.objects.filter(pk=account_id).update(balance=account.balance)
    franchise_ids = {locked[a].franchise_id for a in deltas if locked[a].kind == AccountKind.FRANCHISE}
    if franchise_ids:
        # A franchise left with nothing to spend gets no further click, in every web process,
        # as soon as this commits (and one that has money again gets clicks again).
        transaction.on_commit(lambda: pacecounter.follow_balances(pool, franchise_ids), robust=True)
    return txn


class IdempotencyConflict(DomainError):
    """The idempotency key was already used for a transaction with other figures."""

    def __init__(self, txn: LedgerTransaction):
        self.transaction = txn
        super().__init__(
            _(
                "This request was already made with other figures (its idempotency key is reused): "
                "nothing was changed. Start a new request to post a different amount."
            ),
            code="idempotency_key_reused",
            status=409,
        )


def _same_or_refused(existing: LedgerTransaction, kind: str, legs: list[Leg]) -> LedgerTransaction:
    """A retried posting returns the first one; the same key with other figures is refused."""
    posted = sorted((e.account_id, e.period_id, e.amount) for e in existing.entries.all())
    asked = sorted((leg.account.pk, leg.period.pk if leg.period else None, leg.amount) for leg in legs)
    if existing.kind != kind or posted != asked:
        raise IdempotencyConflict(existing)
    return existing


def derived_balance(account: LedgerAccount, period: Period | None = None) -> Decimal:
    entries = LedgerEntry.objects.filter(account=account)
    if period is not None:
        entries = entries.filter(period=period)
    return cents(entries.aggregate(total=Sum("amount"))["total"] or 0)


def later_money(pool: Pool, day, accounts=None) -> dict[int, Decimal]:
    """Franchise id -> what its account holds for months after `day`'s (one query)."""
    entries = LedgerEntry.objects.filter(account__pool=pool, account__kind=AccountKind.FRANCHISE, period__start__gt=day)
    if accounts is not None:
        entries = entries.filter(account__in=accounts)
    rows = entries.values_list("account__franchise_id").annotate(total=Sum("amount")).order_by()
    return {franchise_id: cents(total) for franchise_id, total in rows if total}


def spendable_balances(pool: Pool, day, franchise_ids=None) -> dict[int, Decimal]:
    """Franchise id -> what its account may spend on `day`: its balance without the money put
    in for a later month (a pledge for next month is not spendable before next month)."""
    accounts = LedgerAccount.objects.filter(pool=pool, kind=AccountKind.FRANCHISE, franchise__isnull=False)
    if franchise_ids is not None:
        accounts = accounts.filter(franchise_id__in=list(franchise_ids))
    later = later_money(pool, day, accounts)
    return {
        franchise_id: cents(balance - later.get(franchise_id, 0))
        for franchise_id, balance in accounts.values_list("franchise_id", "balance")
    }


def balances(pool: Pool) -> dict[int | None, Decimal]:
    """Franchise id (None: the franchisor) -> cached balance of the pool's accounts."""
    result: dict[int | None, Decimal] = {}
    for account in LedgerAccount.objects.filter(pool=pool, kind__in=[AccountKind.FRANCHISE, AccountKind.FRANCHISOR]):
        result[account.franchise_id] = account.balance
    return result
