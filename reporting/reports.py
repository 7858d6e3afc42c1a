"""One report view, assembled once for the page, the API, the exports and the e-mails."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from reporting import metrics, selectors
from reporting.metrics import REGISTRY, Metric
from reporting.selectors import LEVELS, Node, Period


@dataclass
class Kpi:
    metric: Metric
    value: Decimal | None
    previous: Decimal | None = None
    change: Decimal | None = None
    improvement: bool | None = None
    goal: object = None
    progress: Decimal | None = None
    median: Decimal | None = None
    currency: str = "CAD"

    @property
    def shown(self) -> str:
        return metrics.display(self.metric, self.value, self.currency)

    @property
    def previous_shown(self) -> str:
        return metrics.display(self.metric, self.previous, self.currency)

    @property
    def median_shown(self) -> str:
        return metrics.display(self.metric, self.median, self.currency)

    @property
    def goal_shown(self) -> str:
        return metrics.display(self.metric, self.goal.target, self.currency) if self.goal is not None else ""


@dataclass
class Report:
    node: Node
    period: Period
    listings_only: bool
    first_row: list[Kpi]
    second_row: list[Kpi]
    columns: list[Metric]
    rows: list
    totals: dict
    previous_totals: dict | None
    series: list = field(default_factory=list)
    breadcrumbs: list = field(default_factory=list)
    alerts: list = field(default_factory=list)
    shares: dict = field(default_factory=dict)

    @property
    def level(self) -> str:
        return self.node.level

    @property
    def currency(self) -> str:
        return self.node.brand.currency

    @property
    def child_level(self) -> str:
        return selectors.CHILD[self.level]

    def funnel(self) -> list[tuple[str, Decimal | None]]:
        return [
            (str(REGISTRY[key].label), self.totals.get(key)) for key in ("impressions", "clicks", "leads", "customers")
        ]


FIRST_ROW = ["customers", "cost_per_customer", "roi", "revenue", "roas"]
SECOND_ROW = ["leads", "cost_per_lead", "conversion_rate", "clicks", "cpc", "ctr", "impressions", "cost", "lead_rate"]
LISTING_ROW = ["views", "calls", "direction_requests", "website_clicks", "rating"]
ROW_COLUMNS = ["customers", "cost_per_customer", "roi", "revenue", "leads", "cost_per_lead", "clicks", "cost", "ctr"]


def _kpi(key, totals, previous, goals=None, median=None, currency="CAD") -> Kpi:
    metric = REGISTRY[key]
    value = metrics.compute(key, totals)
    kpi = Kpi(metric, value, currency=currency)
    if previous is not None:
        kpi.previous = metrics.compute(key, previous)
        kpi.change = metrics.change(value, kpi.previous)
        kpi.improvement = metrics.is_improvement(metric, kpi.change)
    if goals and key in goals:
        kpi.goal = goals[key]
        kpi.progress = selectors.goal_progress(goals[key], value)
    if median is not None:
        kpi.median = median.get(key)
    return kpi


def sort_rows(rows: list, sort: str | None, descending: bool) -> list:
    if not sort or (sort not in REGISTRY and sort != "label"):
        return rows
    if sort == "label":
        return sorted(rows, key=lambda r: str(r.label).lower(), reverse=descending)
    present = [r for r in rows if r.values.get(sort) is not None]
    missing = [r for r in rows if r.values.get(sort) is None]
    return sorted(present, key=lambda r: r.values[sort], reverse=descending) + missing


def performance_report(user, params, *, today: datetime.date | None = None) -> Report:
    """Raises Http404 for a node outside the user's scope, BadPeriod for bad dates."""
    node = selectors.resolve_node(user, params)
    period = selectors.parse_period(params, today)
    listings_only = selectors.wants_listings_only(user)
    rows = selectors.rows_for(node, period)
    # Below the brand and region, the rows partition the node: their sum is its total (one scan
    # of the rollups fewer). A franchise's stores do not carry its cost, so it reads its own.
    if node.level == "franchise":
        totals = selectors.totals_for(node, period.start, period.end)
    else:
        totals = selectors.sum_rows(rows, node)
    previous = None
    if period.previous:
        previous = selectors.totals_for(node, *period.previous)
    goals = selectors.goals_for(node, period)
    median = None
    if node.level == "franchise" and not listings_only:
        median = selectors.region_median(node, period, FIRST_ROW + SECOND_ROW)
    currency = node.brand.currency
    if listings_only:
        first = [_kpi(k, totals, previous, goals, currency=currency) for k in LISTING_ROW]
        second: list[Kpi] = []
        columns = [REGISTRY[k] for k in LISTING_ROW]
    else:
        first = [_kpi(k, totals, previous, goals, median, currency) for k in FIRST_ROW]
        second = [_kpi(k, totals, previous, goals, median, currency) for k in SECOND_ROW]
        second += [_kpi(k, totals, previous, currency=currency) for k in LISTING_ROW]
        columns = [REGISTRY[k] for k in ROW_COLUMNS]
    if selectors.CHILD[node.level] == "keyword":
        selectors.name_keywords(rows, node)
    for row in rows:
        row.values = {m.key: metrics.compute(m.key, row.totals) for m in columns}
        row.currency = currency
    sort = params.get("sort") or None
    rows = sort_rows(rows, sort, params.get("dir", "desc") != "asc")
    report = Report(
        node=node,
        period=period,
        listings_only=listings_only,
        first_row=first,
        second_row=second,
        columns=columns,
        rows=rows,
        totals=totals,
        previous_totals=previous,
        series=selectors.series_for(node, period),
        breadcrumbs=breadcrumbs(user, node),
        alerts=selectors.alerts_for(user, node),
    )
    if node.level == "franchise" and not listings_only:
        report.shares = selectors.pool_shares(node, period, totals)
    return report


def breadcrumbs(user, node: Node) -> list[tuple[str, dict | None]]:
    """(label, query parameters) from the highest node the user may open down to this one."""
    top = selectors.default_node(user) if not user.is_superuser else Node(brand=node.brand)
    start = LEVELS.index(top.level) if top.brand == node.brand else LEVELS.index(node.level)
    crumbs = []
    for level in LEVELS[start : LEVELS.index(node.level) + 1]:
        crumbs.append((node.label(level), node.params(level)))
    return crumbs


def level_label(level: str) -> str:
    return {
        "brand": _("Brand"),
        "region": _("Region"),
        "franchise": _("Franchise"),
        "location": _("Store"),
        "keyword": _("Keyword"),
        "day": _("Day"),
    }[level]
