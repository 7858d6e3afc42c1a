"""A franchise leaves the network by being closed, never deleted.

Closing is the franchisor admin's decision. In every pool, the franchise's balance is settled by
one balanced ledger transaction, the way the franchisor chooses: refunded to the franchisee
(back through the funding account: the money leaves the pool) or kept in the pool (moved to the
franchisor's account, which pays for clicks no franchise takes). The account then holds zero in
every month. The franchise receives no further click (the router's table leaves it out), cannot
be reactivated nor pledge again, and its history (ledger, charges, pledges, clicks, leads) stays
readable to whoever could read it. Anything that lands in its account later (a past day charged
again after the platform revised it) is settled the same way at once.
"""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import ledger, router
from budgets.models import (
    AccountKind,
    FranchiseClosure,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Period,
    Pledge,
    PledgeStatus,
    Pool,
    RoundStatus,
    Settlement,
    TransactionKind,
)
from budgets.money import cents
from franchise_platform.errors import DomainError
from network.audit import audit
from network.models import Franchise
from network.permissions import check_close_franchise


@transaction.atomic
def franchise_close(*, actor, franchise: Franchise, settlement: str, reason: str = "") -> FranchiseClosure:
    check_close_franchise(actor, franchise)
    if settlement not in Settlement.values:
        raise DomainError(
            _("Choose how to settle the balance: refund it or keep it in the pool."), code="bad_settlement"
        )
    # Pools first, then the franchise, then accounts: the order charging takes its locks in.
    pool_ids = list(
        LedgerAccount.objects.filter(kind=AccountKind.FRANCHISE, franchise=franchise)
        .order_by("pool_id")
        .values_list("pool_id", flat=True)
    )
    list(Pool.objects.select_for_update().filter(pk__in=pool_ids).order_by("pk"))
    franchise = Franchise.objects.select_for_update().get(pk=franchise.pk)
    if franchise.closed_at is not None:
        raise DomainError(_("This franchise is already closed."), code="already_closed")
    now = timezone.now()
    closure = FranchiseClosure.objects.create(
        franchise=franchise, settlement=settlement, reason=reason[:300], closed_by=actor, closed_at=now
    )
    franchise.closed_at, franchise.is_active = now, False
    franchise.save(update_fields=["closed_at", "is_active"])
    # Its open pledges are answered for it: it takes part in no further round.
    Pledge.objects.filter(franchise=franchise, status=PledgeStatus.PENDING, round__status=RoundStatus.OPEN).update(
        status=PledgeStatus.DECLINED, answered_by=actor, answered_at=now
    )
    closure.settled = []
    for account in LedgerAccount.objects.filter(kind=AccountKind.FRANCHISE, franchise=franchise).select_related("pool"):
        txn = settle_account(account=account, closure=closure, actor=actor)
        amount = -sum((e.amount for e in txn.entries.all() if e.account_id == account.pk), 0) if txn else 0
        closure.settled.append({"pool": account.pool, "amount": cents(amount)})
    # This process routes without it at once; the other web processes when their table is
    # rebuilt (router.TABLE_TTL). A click they still send it is charged to its settled, empty
    # account: capped at zero, the franchisor pays it.
    slugs = [entry["pool"].slug for entry in closure.settled]
    transaction.on_commit(lambda: [router.forget(slug) for slug in slugs])
    audit(
        actor=actor,
        action="franchise.close",
        target=franchise,
        summary=f"{franchise} ({closure.get_settlement_display()})",
        data={"settlement": settlement, "settled": {str(s["pool"].pk): str(s["amount"]) for s in closure.settled}},
    )
    return closure


def _open_period(pool: Pool, period: Period | None) -> Period | None:
    from budgets.charging import posting_period

    return posting_period(pool, period.start) if period is not None and period.is_closed else period


def settle_account(*, account: LedgerAccount, closure: FranchiseClosure, actor=None) -> LedgerTransaction | None:
    """Bring a closed franchise's account to zero in every month, the way its closure says.
    Takes the pool's lock, then the account's: the order charging takes them in."""
    pool = Pool.objects.select_for_update().get(pk=account.pool_id)
    account = LedgerAccount.objects.select_for_update().get(pk=account.pk)
    destination = ledger.account_for(
        pool, AccountKind.FUNDING if closure.settlement == Settlement.REFUND else AccountKind.FRANCHISOR
    )
    by_period: dict = {}
    for row in LedgerEntry.objects.filter(account=account).values("period").annotate(total=Sum("amount")):
        period = _open_period(pool, Period.objects.filter(pk=row["period"]).first() if row["period"] else None)
        by_period[period] = by_period.get(period, 0) + cents(row["total"])
    legs = []
    for period, total in by_period.items():
        if total:
            legs += [ledger.Leg(account, -total, period), ledger.Leg(destination, total, period)]
    if not legs:
        return None
    sequence = LedgerTransaction.objects.filter(
        pool=pool, kind=TransactionKind.SETTLEMENT, key__startswith=f"settle:{account.pk}:"
    ).count()
    return ledger.post(
        pool=pool,
        kind=TransactionKind.SETTLEMENT,
        key=f"settle:{account.pk}:{sequence}",
        legs=legs,
        memo=f"{account.franchise}: {closure.get_settlement_display()}",
        user=actor,
    )


def settle_closed_accounts(*, pool: Pool) -> None:
    """Settle what landed in closed franchises' accounts of the pool (under the pool's lock)."""
    for account in (
        LedgerAccount.objects.filter(pool=pool, kind=AccountKind.FRANCHISE, franchise__closed_at__isnull=False)
        .exclude(balance=0)
        .select_related("franchise__closure", "pool")
    ):
        settle_account(account=account, closure=account.franchise.closure)
