"""The pooling simulator of the franchisor's pitch: the product brief's scenarios 1, 2 and 3.

Deliberately simple and stated: the figures show the direction and size of the effect, not a
forecast. Money stays Decimal; the auction pressure factor is a stated assumption.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Each doubling of the number of bidders from the same brand adds this share to the CPC
# (second-price auction: every bidder pays about the next one's bid).
PRESSURE_PER_DOUBLING = Decimal("0.25")


@dataclass(frozen=True)
class Scenario:
    key: str
    cpc: Decimal
    budget: Decimal
    clicks: int
    clicks_per_franchisee: int
    cost_per_franchisee: Decimal


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def simulate(*, cpc: Decimal, franchisees: int, budget: Decimal, available_clicks: int = 0) -> list[Scenario]:
    """`cpc`: what head office pays alone; `budget`: each franchisee's monthly budget;
    `available_clicks`: the clicks the keyword's searches can give in a month (0: unlimited)."""
    total = budget * franchisees
    limit = available_clicks or 10**9
    pressure = Decimal(1) + PRESSURE_PER_DOUBLING * Decimal(str(math.log2(franchisees + 1)))
    competing_cpc = _money(cpc * pressure)
    scenarios = []
    for key, price in (("compete", competing_cpc), ("head_office", cpc), ("pool", cpc)):
        clicks = min(int(total / price), limit)
        spent = _money(price * clicks)
        per_franchisee = clicks // franchisees
        scenarios.append(
            Scenario(
                key=key,
                cpc=price,
                budget=spent,
                clicks=clicks,
                # With head office alone, clicks land on head office's site, not the franchisee's.
                clicks_per_franchisee=0 if key == "head_office" else per_franchisee,
                cost_per_franchisee=_money(spent / franchisees),
            )
        )
    return scenarios
