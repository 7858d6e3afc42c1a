"""What the reports read from other apps that the rollups do not hold."""

import datetime
from decimal import Decimal


def contribution_shares(pool, start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Each franchise's share (0..1) of what was contributed to `pool` over [start, end].

    TODO(budgets ledger): read the budgets app's contribution ledger entries for the pool and
    period once the ledger lands (issue: pooled budgets). Until then the share is unknown and the
    reports show "n/a".
    """
    return {}
