"""What the reports read from other apps that the rollups do not hold."""

import datetime
from decimal import Decimal


def contribution_shares(pool, start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Each franchise's share (0..1) of what franchises contributed to `pool` in the periods that
    overlap [start, end], read from the budgets ledger (contribution legs only, so carry-overs
    are not counted twice)."""
    from django.db.models import Sum

    from budgets.models import AccountKind, LedgerEntry, TransactionKind

    rows = (
        LedgerEntry.objects.filter(
            account__pool_id=pool.pk,
            account__kind=AccountKind.FRANCHISE,
            account__franchise__isnull=False,
            transaction__kind=TransactionKind.CONTRIBUTION,
            period__start__lte=end,
            period__end__gte=start,
        )
        .values("account__franchise_id")
        .annotate(total=Sum("amount"))
    )
    totals = {row["account__franchise_id"]: row["total"] for row in rows if row["total"] > 0}
    grand = sum(totals.values(), Decimal(0))
    if not grand:
        return {}
    return {franchise_id: amount / grand for franchise_id, amount in totals.items()}
