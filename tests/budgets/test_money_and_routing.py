"""Pure logic: splitting to the cent and choosing the franchise, many cases each."""

from collections import Counter
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgets.money import split_cents
from budgets.routing import Candidate, Searcher, covering, furthest_below_share, normalise_city, parse_point


@given(
    total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
    weights=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=30).filter(any),
)
def test_split_cents_sums_exactly_and_stays_within_a_cent_of_the_exact_share(total, weights):
    parts = split_cents(total, dict(enumerate(weights)))
    assert sum(parts.values()) == total
    weight_sum = sum(weights)
    for key, amount in parts.items():
        exact = total * weights[key] / weight_sum
        assert abs(amount - exact) < Decimal("0.01")
        assert amount == amount.quantize(Decimal("0.01"))


def test_split_cents_gives_the_odd_cent_to_the_largest_remainder():
    assert split_cents(Decimal("10.00"), {"a": 1, "b": 1, "c": 1}) == {
        "a": Decimal("3.34"),
        "b": Decimal("3.33"),
        "c": Decimal("3.33"),
    }
    assert split_cents(Decimal("1.00"), {"a": 2, "b": 1}) == {"a": Decimal("0.67"), "b": Decimal("0.33")}


def _candidates(weights):
    return [Candidate(franchise_id=i + 1, weight=Decimal(w)) for i, w in enumerate(weights)]


def _simulate(candidates, clicks):
    given_counts: Counter = Counter()
    for _ in range(clicks):
        chosen = furthest_below_share(candidates, given_counts)
        given_counts[chosen.franchise_id] += 1
    return given_counts


def test_over_ten_thousand_clicks_each_franchise_is_within_one_percent_of_its_share():
    candidates = _candidates([500, 300, 300, 150, 100, 75, 50, 25])
    counts = _simulate(candidates, 10_000)
    total_weight = sum(c.weight for c in candidates)
    for candidate in candidates:
        share = candidate.weight / total_weight
        assert abs(Decimal(counts[candidate.franchise_id]) / 10_000 - share) <= Decimal("0.01") * share + Decimal(
            "0.0001"
        )


@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=12), st.integers(1, 600))
def test_smooth_round_robin_never_lags_a_share_by_more_than_one_click(weights, clicks):
    candidates = _candidates(weights)
    counts = _simulate(candidates, clicks)
    total_weight = sum(weights)
    for candidate in candidates:
        expected = Decimal(clicks) * candidate.weight / total_weight
        assert abs(counts[candidate.franchise_id] - expected) < len(weights)


def test_nobody_with_a_zero_contribution_gets_clicks():
    assert furthest_below_share(_candidates([0, 0]), {}) is None
    assert furthest_below_share(_candidates([0, 5]), {}).franchise_id == 2


def test_territories_match_postal_prefixes_cities_and_radius():
    montreal = Candidate(1, Decimal(1), postal_prefixes=("H2X",), cities=frozenset({"montreal"}))
    paris = Candidate(
        2, Decimal(1), postal_prefixes=("750",), circles=((Decimal("48.859"), Decimal("2.379"), Decimal(10)),)
    )
    both = [montreal, paris]
    assert covering(both, Searcher(postal="H2X1K4")) == [montreal]
    assert covering(both, Searcher(postal="75011")) == [paris]
    assert covering(both, Searcher(city=normalise_city("Montréal"))) == [montreal]
    assert covering(both, Searcher(point=(Decimal("48.86"), Decimal("2.35")))) == [paris]
    assert covering(both, Searcher(point=(Decimal("45.5"), Decimal("-73.5")))) == []
    assert covering(both, Searcher()) == both
    assert covering(both, Searcher(postal="G1R")) == []


def test_points_are_parsed_strictly():
    assert parse_point("45.5,-73.56") == (Decimal("45.5"), Decimal("-73.56"))
    assert parse_point("95,0") is None
    assert parse_point("abc") is None
    assert parse_point("1" * 500) is None
