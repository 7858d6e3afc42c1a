"""Reads of the reports: scoped nodes, and figures from the rollups (never the raw clicks)."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import Keyword, Pool
from network.models import Brand, Franchise, Location, Region, Role
from network.permissions import roles_of
from network.scoping import covered
from reporting import metrics, sources
from reporting.metrics import BASE_MEASURES, REGISTRY
from reporting.models import Alert, FranchiseDayRollup, Goal
from reporting.models import DailyRollup as Fine

LEVELS = ("brand", "region", "franchise", "location", "keyword")
CHILD = {"brand": "region", "region": "franchise", "franchise": "location", "location": "keyword", "keyword": "day"}
BUSINESS_ROLES = {
    Role.FRANCHISOR_ADMIN,
    Role.FRANCHISOR_MARKETING,
    Role.REGION_MANAGER,
    Role.FRANCHISEE_OWNER,
    Role.FRANCHISEE_STAFF,
}
# Cost is imported per keyword and franchise, not per store: below the franchise it is unknown.
STORE_UNKNOWN = ("impressions", "cost")


@dataclass
class Node:
    """Where a report stands in the tree: the deepest of these is its level."""

    brand: Brand
    region: Region | None = None
    franchise: Franchise | None = None
    location: Location | None = None
    keyword: Keyword | None = None

    @property
    def level(self) -> str:
        for level in reversed(LEVELS):
            if getattr(self, level) is not None:
                return level
        return "brand"

    @property
    def obj(self):
        return getattr(self, self.level)

    def params(self, level: str | None = None) -> dict:
        """Query parameters naming this node (or its ancestor at `level`)."""
        stop = LEVELS.index(level or self.level)
        return {name: getattr(self, name).pk for name in LEVELS[: stop + 1] if getattr(self, name) is not None}

    def label(self, level: str | None = None) -> str:
        return str(getattr(self, level or self.level))


def kpi_context_label(context: dict) -> str:
    """What a question about a KPI is about, in words: "Cost per customer · Region: North"."""
    from reporting.reports import level_label

    metric = REGISTRY.get(context.get("metric") or context.get("kpi") or "")
    level = context.get("level") if context.get("level") in LEVELS else None
    ids = context.get("node") or {}
    name = ""
    models = {"brand": Brand, "region": Region, "franchise": Franchise, "location": Location, "keyword": Keyword}
    if level and str(ids.get(level, "")).isdigit():
        obj = models[level].objects.filter(pk=int(ids[level])).first()
        name = str(obj) if obj is not None else ""
    parts = [str(metric.label) if metric else ""]
    if level:
        parts.append(_("%(level)s: %(name)s") % {"level": level_label(level), "name": name or "—"})
    return " · ".join(part for part in parts if part)


def wants_listings_only(user) -> bool:
    """A listings editor without a business role sees the listing KPIs only."""
    return not user.is_superuser and not (roles_of(user) & BUSINESS_ROLES)


def default_node(user, level: str | None = None) -> Node:
    """The user's own top node (brand for the franchisor, region, franchise), optionally the one
    at a given level; a user without one gets a 404."""
    memberships = user.memberships.select_related("brand", "region", "franchise").order_by("id")
    order = {"brand": 0, "region": 1, "franchise": 2}
    candidates = sorted(memberships, key=lambda m: order[m.level])
    if level:
        candidates = [m for m in candidates if m.level == level]
    if candidates:
        m = candidates[0]
        return Node(brand=m.brand, region=m.region, franchise=m.franchise)
    if user.is_superuser and level in (None, "brand"):
        brand = Brand.objects.order_by("pk").first()
        if brand:
            return Node(brand=brand)
    raise Http404


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def resolve_node(user, params) -> Node:
    """The node named by query parameters (brand, region, franchise, location, keyword ids),
    checked against the user's scope: out of scope or unknown is a 404."""
    given = {level: _int(params[level]) for level in LEVELS if params.get(level) not in (None, "")}
    level = params.get("level") or None
    if level is not None and level not in LEVELS:
        raise Http404
    if not given:
        if level in ("location", "keyword"):
            raise Http404
        return default_node(user, level)
    if "keyword" in given:
        node = _location_node(user, given.get("location"))
        keyword = Keyword.objects.filter(pk=given["keyword"], pool__brand_id=node.brand.pk).first()
        if keyword is None:
            raise Http404
        node.keyword = keyword
        return node
    if "location" in given:
        return _location_node(user, given["location"])
    if "franchise" in given:
        franchise = (
            Franchise.objects.filter(pk=given["franchise"])
            .filter(covered(user, brand="brand_id", region="region_id", franchise="pk"))
            .select_related("brand", "region")
            .first()
        )
        if franchise is None:
            raise Http404
        return Node(brand=franchise.brand, region=franchise.region, franchise=franchise)
    if "region" in given:
        region = (
            Region.objects.filter(pk=given["region"])
            .filter(covered(user, brand="brand_id", region="pk"))
            .select_related("brand")
            .first()
        )
        if region is None:
            raise Http404
        return Node(brand=region.brand, region=region)
    brand = Brand.objects.filter(pk=given["brand"]).filter(covered(user, brand="pk")).first()
    if brand is None:
        raise Http404
    return Node(brand=brand)


def _location_node(user, location_id) -> Node:
    if location_id is None:
        raise Http404
    location = (
        Location.objects.filter(pk=location_id)
        .filter(covered(user, brand="brand_id", region="region_id", franchise="franchise_id"))
        .select_related("brand", "region", "franchise")
        .first()
    )
    if location is None:
        raise Http404
    return Node(brand=location.brand, region=location.region, franchise=location.franchise, location=location)


# Periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    compare: str  # previous, last_year, none

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> tuple[datetime.date, datetime.date] | None:
        if self.compare == "none":
            return None
        if self.compare == "last_year":
            return _year_before(self.start), _year_before(self.end)
        length = datetime.timedelta(days=self.days)
        return self.start - length, self.end - length

    def params(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "compare": self.compare}


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class BadPeriod(ValueError):
    pass


def parse_period(params, today: datetime.date | None = None) -> Period:
    """start/end (ISO dates, default: the last 30 days) and compare; a bad value is BadPeriod."""
    today = today or timezone.localdate()
    try:
        end = datetime.date.fromisoformat(params["end"]) if params.get("end") else today
        start = datetime.date.fromisoformat(params["start"]) if params.get("start") else end - datetime.timedelta(29)
    except ValueError:
        raise BadPeriod(_("Dates are written YYYY-MM-DD.")) from None
    if start > end:
        raise BadPeriod(_("The start date is after the end date."))
    if (end - start).days > 800:
        raise BadPeriod(_("A report covers at most two years."))
    compare = params.get("compare") or "previous"
    if compare not in ("previous", "last_year", "none"):
        raise BadPeriod(_("Compare with the previous period, the same period last year, or nothing."))
    return Period(start, end, compare)


# Figures ------------------------------------------------------------------------------------


def _sums(qs: QuerySet, *group: str) -> list[dict]:
    if not group:
        return [qs.aggregate(**{m: Sum(m) for m in BASE_MEASURES})]
    return list(qs.values(*group).annotate(**{m: Sum(m) for m in BASE_MEASURES}).order_by(*group))


def _clean(row: dict, node: Node) -> dict:
    totals = {m: Decimal(row.get(m) or 0) for m in BASE_MEASURES}
    if node.location is not None:
        for m in STORE_UNKNOWN:
            totals[m] = None
    return totals


def _base_qs(node: Node, start: datetime.date, end: datetime.date) -> QuerySet:
    """The rollup rows of the node over [start, end]: the per-franchise table above the store."""
    days = Q(day__gte=start, day__lte=end)
    if node.location is not None:
        qs = Fine.objects.filter(days, franchise_id=node.franchise.pk, location_id=node.location.pk)
        if node.keyword is not None:
            qs = qs.filter(keyword_id=node.keyword.pk)
        return qs
    if node.franchise is not None:
        return FranchiseDayRollup.objects.filter(days, franchise_id=node.franchise.pk)
    if node.region is not None:
        return FranchiseDayRollup.objects.filter(days, region_id=node.region.pk)
    return FranchiseDayRollup.objects.filter(days, brand_id=node.brand.pk)


def totals_for(node: Node, start: datetime.date, end: datetime.date) -> dict:
    rows = _sums(_base_qs(node, start, end))
    return _clean(rows[0] if rows else {}, node)


def sum_rows(rows: list, node: Node) -> dict:
    """The node's totals as the sum of its children's rows (they partition it exactly)."""
    totals = _clean({}, node)
    for m in BASE_MEASURES:
        if totals[m] is None:
            continue
        for row in rows:
            totals[m] += row.totals[m]
    return totals


@dataclass
class Row:
    key: int | str
    label: str
    params: dict | None  # drill-down query parameters (None: no deeper level)
    totals: dict
    values: dict = field(default_factory=dict)


def rows_for(node: Node, period: Period) -> list[Row]:
    """One row per child of the node: regions, franchises, stores, keywords, or days."""
    child = CHILD[node.level]
    if child == "day":
        qs = _base_qs(node, period.start, period.end)
        return [Row(r["day"].isoformat(), r["day"].isoformat(), None, _clean(r, node)) for r in _sums(qs, "day")]
    if child == "location":
        qs = Fine.objects.filter(day__gte=period.start, day__lte=period.end, franchise_id=node.franchise.pk)
        grouped = {r["location_id"]: r for r in _sums(qs, "location_id")}
    elif child == "keyword":
        grouped = {r["keyword_id"]: r for r in _sums(_base_qs(node, period.start, period.end), "keyword_id")}
    else:
        column = "region_id" if child == "region" else "franchise_id"
        grouped = {r[column]: r for r in _sums(_base_qs(node, period.start, period.end), column)}
    names = _child_names(node, child)
    rows = []
    for pk, name in names.items():
        row = grouped.pop(pk, {})
        params = {**node.params(), child: pk} if child != "keyword" or node.location else None
        rows.append(Row(pk, name, params, _clean(row, node) if child != "location" else _store_totals(row)))
    for pk, row in grouped.items():  # rows of no named child: the franchisor, no store, no keyword
        rows.append(
            Row(pk, _unnamed(child, pk), None, _clean(row, node) if child != "location" else _store_totals(row))
        )
    return rows


def _store_totals(row: dict) -> dict:
    totals = {m: Decimal(row.get(m) or 0) for m in BASE_MEASURES}
    for m in STORE_UNKNOWN:
        totals[m] = None
    return totals


def _unnamed(child: str, pk) -> str:
    if child == "region":
        return _("Franchisor (store locator)")
    if child == "location":
        return _("Whole franchise (not split by store)")
    if child == "keyword":
        return _("No keyword")
    return "?"


def _child_names(node: Node, child: str) -> dict:
    if child == "region":
        return dict(Region.objects.filter(brand=node.brand).values_list("pk", "name"))
    if child == "franchise":
        return dict(Franchise.objects.filter(region=node.region).values_list("pk", "name"))
    if child == "location":
        return dict(Location.objects.filter(franchise=node.franchise).values_list("pk", "name"))
    if child == "keyword":
        return {}  # keywords are named from the rows found (a brand may have hundreds)
    return {}


def name_keywords(rows: list[Row], node: Node) -> None:
    ids = [row.key for row in rows if row.key]
    names = dict(Keyword.objects.filter(pk__in=ids, pool__brand=node.brand).values_list("pk", "text"))
    for row in rows:
        if row.key in names:
            row.label = names[row.key]
            row.params = {**node.params(), "keyword": row.key}


def series_for(node: Node, period: Period) -> list[tuple[datetime.date, dict]]:
    return [(r["day"], _clean(r, node)) for r in _sums(_base_qs(node, period.start, period.end), "day")]


def region_median(node: Node, period: Period, keys: list[str]) -> dict[str, Decimal | None]:
    """The median of each metric over the franchises of the node's region (anonymous)."""
    qs = FranchiseDayRollup.objects.filter(
        day__gte=period.start, day__lte=period.end, region_id=node.franchise.region_id
    )
    per_franchise = [
        metrics.compute_all({m: Decimal(r[m] or 0) for m in BASE_MEASURES}, keys)
        for r in _sums(qs, "franchise_id")
        if r["franchise_id"]
    ]
    result = {}
    for key in keys:
        values = [v[key] for v in per_franchise if v[key] is not None]
        result[key] = Decimal(statistics.median(values)) if values else None
    return result


def pool_shares(node: Node, period: Period, totals: dict) -> dict:
    """Share of the brand's router clicks received vs share of pool contribution (franchise)."""
    brand_clicks = FranchiseDayRollup.objects.filter(
        day__gte=period.start, day__lte=period.end, brand_id=node.brand.pk
    ).aggregate(total=Sum("clicks"))["total"]
    contribution = None
    pools = list(Pool.objects.filter(brand=node.brand))
    shares = [sources.contribution_shares(pool, period.start, period.end) for pool in pools]
    known = [s[node.franchise.pk] for s in shares if node.franchise.pk in s]
    if known:
        contribution = sum(known, Decimal(0)) / len(known) * 100
    return {
        "share_of_clicks": metrics.divide(totals.get("clicks"), brand_clicks, 100),
        "share_of_contribution": contribution,
    }


def goals_for(node: Node, period: Period) -> dict[str, Goal]:
    """The goals in force for the node's brand (or its region), overlapping the period."""
    if node.franchise is not None or node.location is not None:
        return {}
    qs = Goal.objects.filter(brand=node.brand, period_start__lte=period.end, period_end__gte=period.start)
    qs = qs.filter(region=node.region) if node.region else qs.filter(region__isnull=True)
    return {goal.metric: goal for goal in qs.order_by("period_start")}


def goal_progress(goal: Goal, value: Decimal | None) -> Decimal | None:
    """Percent of the goal reached (for a lower-is-better KPI: target over actual)."""
    if value is None:
        return None
    metric = REGISTRY[goal.metric]
    if metric.higher_is_better:
        return metrics.divide(value, goal.target, 100)
    return metrics.divide(goal.target, value, 100)


def alert_list(*, user) -> QuerySet[Alert]:
    """Alerts about the part of the network the user covers (a franchisee: their own only)."""
    scope = covered(user, brand="brand_id", region="region_id", franchise="franchise_id")
    brand_level = Q(level="brand") & covered(user, brand="brand_id")
    region_level = Q(level="region") & covered(user, brand="brand_id", region="region_id")
    franchise_level = Q(level="franchise") & scope
    return Alert.objects.filter(brand_level | region_level | franchise_level).select_related(
        "rule", "region", "franchise", "brand"
    )


def alerts_for(user, node: Node) -> list[Alert]:
    qs = alert_list(user=user).filter(brand=node.brand)
    if node.region is not None:
        qs = qs.filter(Q(region=node.region) | Q(franchise__region=node.region))
    if node.franchise is not None:
        qs = qs.filter(franchise=node.franchise)
    return list(qs[:10])


def build_query(node: Node, period: Period, **extra) -> str:
    return urlencode({**node.params(), **period.params(), **extra})


def daily_totals(node: Node, start: datetime.date, end: datetime.date) -> dict[datetime.date, dict]:
    """The node's base measures day by day over [start, end], in one query (the home page sums
    them over each goal's days so far)."""
    rows = _sums(_base_qs(node, start, end), "day")
    return {row["day"]: _clean(row, node) for row in rows}
