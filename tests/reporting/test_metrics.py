"""Every metric's formula, including zeros: a division by zero is None ("n/a"), never an error."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from reporting import metrics
from reporting.metrics import METRICS, REGISTRY, compute

T = {
    "impressions": Decimal(1000),
    "clicks": Decimal(50),
    "cost": Decimal("200.00"),
    "leads": Decimal(10),
    "customers": Decimal(4),
    "revenue": Decimal("1000.00"),
    "views": Decimal(300),
    "calls": Decimal(12),
    "direction_requests": Decimal(7),
    "website_clicks": Decimal(9),
    "rating_sum": Decimal("9.00"),
    "rating_count": Decimal(2),
    "pool_clicks": Decimal(200),
}
EXPECTED = {
    "impressions": Decimal(1000),
    "clicks": Decimal(50),
    "ctr": Decimal(5),
    "cost": Decimal(200),
    "cpc": Decimal(4),
    "leads": Decimal(10),
    "lead_rate": Decimal(20),
    "cost_per_lead": Decimal(20),
    "customers": Decimal(4),
    "conversion_rate": Decimal(40),
    "cost_per_customer": Decimal(50),
    "revenue": Decimal(1000),
    "roas": Decimal(5),
    "roi": Decimal(400),
    "views": Decimal(300),
    "calls": Decimal(12),
    "direction_requests": Decimal(7),
    "website_clicks": Decimal(9),
    "rating": Decimal("4.5"),
    "share_of_clicks": Decimal(25),
    "share_of_contribution": None,
}
ZERO_NA = {m.key for m in METRICS if m.is_ratio} | {"share_of_contribution"}


def test_every_metric_has_names_in_both_languages_a_formula_a_unit_and_a_direction():
    assert set(REGISTRY) == set(EXPECTED)
    for metric in METRICS:
        assert metric.name_en and metric.name_fr and metric.formula and metric.unit
        assert isinstance(metric.higher_is_better, bool)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_formula(key):
    assert compute(key, T) == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_metric_on_zeros_is_zero_or_not_available(key):
    zeros = dict.fromkeys(T, Decimal(0))
    assert compute(key, zeros) == (None if key in ZERO_NA else Decimal(0))
    assert compute(key, {}) == (None if key in ZERO_NA else Decimal(0))


def test_na_is_shown_as_such_and_values_are_rounded_decimals():
    with translation.override("en"):
        assert metrics.display(REGISTRY["cost_per_customer"], None) == "n/a"
    with translation.override("fr"):
        assert metrics.display(REGISTRY["cost_per_customer"], None) == "n.d."
    with translation.override("en"):
        assert metrics.display(REGISTRY["cpc"], Decimal("1") / 3) == "$0.33"
        assert metrics.display(REGISTRY["ctr"], Decimal("12.345")) == "12.35%"
        assert metrics.display(REGISTRY["cost"], Decimal("36700"), "CAD") == "$36,700.00"
        assert metrics.display(REGISTRY["clicks"], Decimal("12345")) == "12,345"
    with translation.override("fr"):
        assert metrics.display(REGISTRY["cpc"], Decimal("1") / 3) == "0,33\u00a0$"
        assert metrics.display(REGISTRY["ctr"], Decimal("12.345")) == "12,35\u00a0%"
        assert metrics.display(REGISTRY["cost"], Decimal("36700"), "CAD") == "36\u00a0700,00\u00a0$"
        assert metrics.display(REGISTRY["cost"], Decimal("36700"), "EUR") == "36\u202f700,00\u00a0€"  # fr_FR
        assert metrics.display(REGISTRY["clicks"], Decimal("12345")) == "12\u00a0345"
        assert metrics.display(REGISTRY["roas"], Decimal("2.5")) == "2,50\u00a0x"


def test_unknown_cost_below_the_store_makes_cost_ratios_not_available():
    totals = {**T, "cost": None, "impressions": None}
    assert compute("cost_per_customer", totals) is None
    assert compute("roi", totals) is None
    assert compute("conversion_rate", totals) == Decimal(40)


def test_change_and_direction():
    assert metrics.change(Decimal(90), Decimal(100)) == Decimal(-10)
    assert metrics.change(Decimal(5), Decimal(0)) is None
    assert metrics.is_improvement(REGISTRY["cost_per_customer"], Decimal(-10)) is True
    assert metrics.is_improvement(REGISTRY["customers"], Decimal(-10)) is False


AMOUNTS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(st.dictionaries(st.sampled_from(sorted(T)), AMOUNTS))
def test_no_combination_of_measures_raises(totals):
    for key in REGISTRY:
        value = compute(key, totals)
        assert value is None or isinstance(value, Decimal)
        metrics.display(REGISTRY[key], value)
