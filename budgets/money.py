"""Money arithmetic of the pool: Decimal only, split to the cent with the largest remainder."""

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split_cents(total: Decimal, weights: Mapping[Hashable, int | Decimal]) -> dict[Hashable, Decimal]:
    """Split `total` pro rata to `weights`, to the cent, so that the parts sum exactly to it.

    Largest remainder: every part gets the floor of its exact share in cents, then the cents
    left go one by one to the largest remainders, which never moves a part by more than one
    cent from its exact share. Ties (equal remainders and weights) go to the smaller key in
    numeric order for franchise ids (9 before 10, not "10" before "9" as text), None (the
    franchisor) last, so the split is deterministic and the same whatever the ids' digits.
    """
    total = cents(total)
    keys = [key for key, weight in weights.items() if weight > 0]
    if not keys:
        raise ValueError("nothing to split between")
    total_cents = int(total / CENT)
    weight_sum = sum(Decimal(weights[key]) for key in keys)
    sign = -1 if total_cents < 0 else 1
    magnitude = abs(total_cents)
    floors, remainders = {}, {}
    for key in keys:
        exact = Decimal(magnitude) * Decimal(weights[key]) / weight_sum
        floors[key] = int(exact)
        remainders[key] = exact - floors[key]
    left = magnitude - sum(floors.values())
    order = sorted(keys, key=lambda key: (-remainders[key], -Decimal(weights[key]), *_tie(key)))
    for key in order[:left]:
        floors[key] += 1
    return {key: sign * Decimal(floors[key]) * CENT for key in keys}


def _tie(key) -> tuple:
    """Order of keys with equal claims: numbers by value, then other keys as text, None last."""
    if key is None:
        return (2, 0, "")
    if isinstance(key, int | Decimal):
        return (0, key, "")
    return (1, 0, str(key))
