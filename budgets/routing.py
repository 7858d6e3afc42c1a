"""Pure logic of the click router: who covers the searcher, and who is furthest below its share.

No database here: the router builds `Candidate`s from its cached routing table and asks these
functions; the tests drive them directly with many cases.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

POINT = re.compile(r"^\s*(-?\d{1,3}(?:\.\d{1,8})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,8})?)\s*$")


def normalise_postal(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isascii() and ch.isalnum())[:10]


def normalise_city(value: str) -> str:
    text = unicodedata.normalize("NFKD", value.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()[:120]


def parse_point(value: str) -> tuple[Decimal, Decimal] | None:
    match = POINT.match(value or "")
    if not match:
        return None
    lat, lng = Decimal(match.group(1)), Decimal(match.group(2))
    if -90 <= lat <= 90 and -180 <= lng <= 180:
        return lat, lng
    return None


def distance_km(a, b) -> float:  # not money
    """Great-circle distance (haversine) between two (lat, lng) pairs of Decimals; geometry,
    not money: the math module works in binary floating point."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True)
class Searcher:
    """Where the searcher is, as far as the ad platform told us."""

    postal: str = ""
    city: str = ""
    point: tuple[Decimal, Decimal] | None = None

    @property
    def is_known(self) -> bool:
        return bool(self.postal or self.city or self.point)


@dataclass(frozen=True)
class Candidate:
    franchise_id: int
    weight: Decimal
    postal_prefixes: tuple[str, ...] = ()
    cities: frozenset[str] = frozenset()
    circles: tuple[tuple[Decimal, Decimal, Decimal], ...] = field(default=())  # lat, lng, km

    def covers(self, searcher: Searcher) -> bool:
        if searcher.postal and any(searcher.postal.startswith(prefix) for prefix in self.postal_prefixes):
            return True
        if searcher.city and searcher.city in self.cities:
            return True
        if searcher.point:
            return any(distance_km(searcher.point, (lat, lng)) <= km for lat, lng, km in self.circles)
        return False


def covering(candidates: Iterable[Candidate], searcher: Searcher) -> list[Candidate]:
    """The franchises whose territory covers the searcher; all of them when we know nothing
    about where the searcher is (the pool's brand campaign then shares by contribution)."""
    candidates = list(candidates)
    if not searcher.is_known:
        return candidates
    return [candidate for candidate in candidates if candidate.covers(searcher)]


def furthest_below_share(candidates: list[Candidate], given: Mapping[int, int]) -> Candidate | None:
    """Smooth weighted round robin over the candidates' contributions.

    Each candidate's fair share of the next click among these candidates is its weight over
    their total weight; the one whose clicks so far lag its fair share the most wins (ties:
    larger weight, then smaller id). Over any run each stays within one click of its share.
    """
    live = [candidate for candidate in candidates if candidate.weight > 0]
    if not live:
        return None
    # Exact integer arithmetic on cents: expected_i - given_i compared across candidates,
    # multiplied through by the total weight so no division is needed.
    cents = [(candidate, int(candidate.weight * 100)) for candidate in live]
    total_weight = sum(weight for _candidate, weight in cents)
    next_total = sum(given.get(candidate.franchise_id, 0) for candidate in live) + 1

    def deficit(pair):
        candidate, weight = pair
        lag = weight * next_total - given.get(candidate.franchise_id, 0) * total_weight
        return (lag, weight, -candidate.franchise_id)

    return max(cents, key=deficit)[0]
