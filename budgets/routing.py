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
    """A place name compared without case, accents, punctuation or the usual variants: Google's
    "Quebec City" is the store's "Québec" (also "Ville de Québec"), "St-Jérôme" is "Saint-Jerome"."""
    text = unicodedata.normalize("NFKD", (value or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    words = [{"st": "saint", "ste": "sainte", "mt": "mount"}.get(word, word) for word in words]
    if len(words) > 2 and words[:2] == ["ville", "de"]:
        words = words[2:]
    if len(words) > 1 and words[-1] == "city":
        words = words[:-1]
    return " ".join(words)[:120]


# Canada's provinces and territories: the two-letter codes stores are often entered with, and
# their English and French names (Google's geotargets use the English ones).
PROVINCES = {
    "ab": ("Alberta",),
    "bc": ("British Columbia", "Colombie-Britannique"),
    "mb": ("Manitoba",),
    "nb": ("New Brunswick", "Nouveau-Brunswick"),
    "nl": ("Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    "ns": ("Nova Scotia", "Nouvelle-Écosse"),
    "nt": ("Northwest Territories", "Territoires du Nord-Ouest"),
    "nu": ("Nunavut",),
    "on": ("Ontario",),
    "pe": ("Prince Edward Island", "Île-du-Prince-Édouard"),
    "qc": ("Quebec", "Québec"),
    "sk": ("Saskatchewan",),
    "yt": ("Yukon",),
}
_PROVINCE_NAMES = {normalise_city(name): code for code, names in PROVINCES.items() for name in (*names, code.upper())}


def normalise_province(value: str) -> str:
    """A province, state or region compared by one key: its code for Canada's provinces
    ("QC", "Quebec" and "Québec" are "qc"), its normalised name elsewhere."""
    name = normalise_city(value)
    return _PROVINCE_NAMES.get(name, name)


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
    province: str = ""  # a province- or region-level target: every franchise in it shares

    @property
    def is_known(self) -> bool:
        return bool(self.postal or self.city or self.point or self.province)


@dataclass(frozen=True)
class Candidate:
    franchise_id: int
    weight: Decimal
    postal_prefixes: tuple[str, ...] = ()
    cities: frozenset[str] = frozenset()
    circles: tuple[tuple[Decimal, Decimal, Decimal], ...] = field(default=())  # lat, lng, km
    provinces: frozenset[str] = frozenset()  # where its stores are (normalise_province)

    def covers(self, searcher: Searcher) -> bool:
        if searcher.province:
            return searcher.province in self.provinces
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
