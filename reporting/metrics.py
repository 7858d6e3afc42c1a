"""The metrics registry: every metric of the reports, defined once.

Screens, the API, the exports, alerts and goals all read metrics from here. A metric is either a
base measure (a sum stored in the rollups) or a ratio of two others; a ratio whose denominator
is zero (or missing) is `None`, shown as "n/a", never an error. Everything is `Decimal`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COUNT, MONEY, PERCENT, RATIO, RATING = "count", "money", "percent", "ratio", "rating"


@dataclass(frozen=True)
class Metric:
    key: str
    name_en: str
    name_fr: str
    label: str  # translated label for screens
    formula: str
    unit: str
    higher_is_better: bool
    numerator: str | None = None  # ratios: numerator / denominator (x100 for percents)
    denominator: str | None = None
    group: str = "business"  # business (first row), operations, listings

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None


METRICS: tuple[Metric, ...] = (
    Metric("customers", "Customers", "Clients", _("Customers"), "won leads (by day won)", COUNT, True),
    Metric(
        "cost_per_customer",
        "Cost per customer",
        "Coût par client",
        _("Cost per customer"),
        "cost / customers",
        MONEY,
        False,
        "cost",
        "customers",
    ),
    Metric("revenue", "Revenue", "Chiffre d'affaires", _("Revenue"), "revenue of won leads", MONEY, True),
    Metric("roas", "ROAS", "ROAS", _("ROAS"), "revenue / cost", RATIO, True, "revenue", "cost"),
    Metric("roi", "ROI", "ROI", _("ROI"), "(revenue - cost) / cost x 100", PERCENT, True, "profit", "cost"),
    Metric("leads", "Leads", "Prospects", _("Leads"), "leads received", COUNT, True, group="operations"),
    Metric(
        "cost_per_lead",
        "Cost per lead",
        "Coût par prospect",
        _("Cost per lead"),
        "cost / leads",
        MONEY,
        False,
        "cost",
        "leads",
        group="operations",
    ),
    Metric(
        "conversion_rate",
        "Conversion rate",
        "Taux de conversion",
        _("Conversion rate"),
        "customers / leads x 100",
        PERCENT,
        True,
        "customers",
        "leads",
        group="operations",
    ),
    Metric(
        "impressions",
        "Impressions",
        "Impressions",
        _("Impressions"),
        "imported impressions",
        COUNT,
        True,
        group="operations",
    ),
    Metric("clicks", "Clicks", "Clics", _("Clicks"), "router clicks (bots excluded)", COUNT, True, group="operations"),
    Metric(
        "ctr",
        "CTR",
        "Taux de clics",
        _("CTR"),
        "clicks / impressions x 100",
        PERCENT,
        True,
        "clicks",
        "impressions",
        group="operations",
    ),
    Metric("cost", "Cost", "Coût", _("Cost"), "imported cost charged", MONEY, False, group="operations"),
    Metric("cpc", "CPC", "CPC", _("CPC"), "cost / clicks", MONEY, False, "cost", "clicks", group="operations"),
    Metric(
        "lead_rate",
        "Lead rate",
        "Taux de prospects",
        _("Lead rate"),
        "leads / clicks x 100",
        PERCENT,
        True,
        "leads",
        "clicks",
        group="operations",
    ),
    Metric(
        "views",
        "Listing views",
        "Vues des fiches",
        _("Listing views"),
        "directory views",
        COUNT,
        True,
        group="listings",
    ),
    Metric("calls", "Calls", "Appels", _("Calls"), "directory calls", COUNT, True, group="listings"),
    Metric(
        "direction_requests",
        "Direction requests",
        "Demandes d'itinéraire",
        _("Direction requests"),
        "directory direction requests",
        COUNT,
        True,
        group="listings",
    ),
    Metric(
        "website_clicks",
        "Website clicks",
        "Clics vers le site",
        _("Website clicks"),
        "directory website clicks",
        COUNT,
        True,
        group="listings",
    ),
    Metric(
        "rating",
        "Review rating",
        "Note des avis",
        _("Review rating"),
        "average daily rating",
        RATING,
        True,
        "rating_sum",
        "rating_count",
        group="listings",
    ),
    Metric(
        "share_of_clicks",
        "Share of clicks received",
        "Part des clics reçus",
        _("Share of clicks received"),
        "clicks / clicks of the whole pool x 100",
        PERCENT,
        True,
        "clicks",
        "pool_clicks",
        group="pool",
    ),
    Metric(
        "share_of_contribution",
        "Share of pool contribution",
        "Part de la contribution au pool",
        _("Share of pool contribution"),
        "contribution / contributions of the whole pool x 100",
        PERCENT,
        False,
        group="pool",
    ),
)

REGISTRY: dict[str, Metric] = {metric.key: metric for metric in METRICS}

# The measures stored in the rollups, summed over any slice.
BASE_MEASURES = (
    "impressions",
    "clicks",
    "cost",
    "leads",
    "customers",
    "revenue",
    "views",
    "calls",
    "direction_requests",
    "website_clicks",
    "review_count",
    "rating_sum",
    "rating_count",
)
MONEY_MEASURES = frozenset({"cost", "revenue", "rating_sum"})

BUSINESS = [m for m in METRICS if m.group == "business"]
OPERATIONS = [m for m in METRICS if m.group == "operations"]
LISTINGS = [m for m in METRICS if m.group == "listings"]
TABLE_METRICS = [
    REGISTRY[k] for k in ("customers", "cost_per_customer", "roi", "leads", "cost_per_lead", "clicks", "cost", "ctr")
]
LISTING_TABLE_METRICS = [REGISTRY[k] for k in ("views", "calls", "direction_requests", "website_clicks", "rating")]

CENT = Decimal("0.01")


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value)) if not isinstance(value, int) else Decimal(value)
    except InvalidOperation:
        return None


def divide(numerator, denominator, scale: int = 1) -> Decimal | None:
    """numerator / denominator x scale, or None when it is not defined (zero or missing)."""
    num, den = _dec(numerator), _dec(denominator)
    if num is None or den is None or den == 0:
        return None
    return num * scale / den


def compute(key: str, totals: dict) -> Decimal | None:
    """The value of a metric from summed base measures (missing measures count as zero)."""
    metric = REGISTRY[key]
    if not metric.is_ratio:
        if key not in totals:
            return Decimal(0) if key in BASE_MEASURES else None
        return _dec(totals[key])
    numerator = totals.get(metric.numerator, 0)
    if metric.numerator == "profit":
        revenue, cost = _dec(totals.get("revenue", 0)), _dec(totals.get("cost", 0))
        numerator = None if revenue is None or cost is None else revenue - cost
    return divide(numerator, totals.get(metric.denominator, 0), 100 if metric.unit == PERCENT else 1)


def compute_all(totals: dict, keys=None) -> dict[str, Decimal | None]:
    return {key: compute(key, totals) for key in (keys or REGISTRY)}


def rounded(metric: Metric, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if metric.unit == COUNT:
        return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def display(metric: Metric, value: Decimal | None, currency: str = "CAD") -> str:
    """A value as shown on screens and e-mails, in the reader's locale: money with its currency,
    counts with thousands separators ("n/a" when undefined)."""
    from franchise_platform import formats

    value = rounded(metric, value)
    if value is None:
        return str(pgettext_lazy("metric value", "n/a"))
    if metric.unit == COUNT:
        return formats.number(value, 0)
    if metric.unit == MONEY:
        return formats.money(value, currency)
    if metric.unit == PERCENT:
        return formats.percent(value)
    if metric.unit == RATIO:
        return f"{formats.number(value, 2)}\u00a0x"
    return formats.number(value, 2)


def unit_label(metric: Metric, currency: str = "CAD") -> str:
    """The unit of a column header or a chart axis: the currency, %, x, or nothing."""
    return {MONEY: (currency or "CAD").upper(), PERCENT: "%", RATIO: "x"}.get(metric.unit, "")


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Relative change in percent against the previous period (None when undefined)."""
    if current is None or previous is None:
        return None
    return divide(current - previous, abs(previous), 100)


def is_improvement(metric: Metric, delta: Decimal | None) -> bool | None:
    if delta is None or delta == 0:
        return None
    return (delta > 0) == metric.higher_is_better
