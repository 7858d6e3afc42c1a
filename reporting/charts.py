"""The report's charts as Chart.js configurations (the library is vendored under
static/vendor/chartjs): each has a title, named axes with their unit, and a legend.

The configuration is plain data, written into the page with `json_script` and drawn by
reporting/static/reporting/charts.js (no inline script, no CDN). Axes marked in `moneyAxes` get
their ticks formatted as money in the reader's locale by that script. Values are sent as strings
of their Decimal, exactly (no binary fraction on the way).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from reporting import metrics
from reporting.metrics import REGISTRY

BLUE, GREEN, ORANGE, GREY = "#0b5cad", "#1c7c3c", "#c05a00", "#5b6b7c"


def _value(value) -> str | None:
    return None if value is None else str(Decimal(value))


def _axis(title: str, *, position: str = "left", grid: bool = True, log: bool = False) -> dict:
    axis = {"title": {"display": True, "text": title}, "position": position, "beginAtZero": True}
    if not grid:
        axis["grid"] = {"drawOnChartArea": False}
    if log:
        axis.update({"type": "logarithmic", "beginAtZero": False})
    return axis


def _with_unit(key: str, currency: str) -> str:
    metric = REGISTRY[key]
    unit = metrics.unit_label(metric, currency)
    return f"{metric.label} ({unit})" if unit else str(metric.label)


def _options(title: str, scales: dict, *, horizontal: bool = False) -> dict:
    options = {
        "responsive": True,
        "maintainAspectRatio": False,
        "interaction": {"mode": "index", "intersect": False},
        "plugins": {
            "title": {"display": True, "text": title, "font": {"size": 15}},
            "legend": {"display": True, "position": "bottom"},
        },
        "scales": scales,
    }
    if horizontal:
        options["indexAxis"] = "y"
    return options


def trend(series: list[tuple[str, dict]], key: str, currency: str) -> dict | None:
    """One business measure and the clicks (or, for listings, views and calls) per day."""
    if not series:
        return None
    second = "calls" if key == "views" else "clicks"
    labels = [day for day, _totals in series]
    return {
        "type": "line",
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": str(REGISTRY[key].label),
                    "data": [_value(totals.get(key)) for _day, totals in series],
                    "borderColor": GREEN,
                    "backgroundColor": GREEN,
                    "yAxisID": "y",
                    "tension": 0.2,
                },
                {
                    "label": str(REGISTRY[second].label),
                    "data": [_value(totals.get(second)) for _day, totals in series],
                    "borderColor": BLUE,
                    "backgroundColor": BLUE,
                    "yAxisID": "y1",
                    "tension": 0.2,
                },
            ],
        },
        "options": _options(
            _("%(a)s and %(b)s per day") % {"a": REGISTRY[key].label, "b": str(REGISTRY[second].label).lower()},
            {
                "x": {"title": {"display": True, "text": _("Day")}},
                "y": _axis(_with_unit(key, currency)),
                "y1": _axis(_with_unit(second, currency), position="right", grid=False),
            },
        ),
        "moneyAxes": [],
        "currency": currency,
    }


def by_child(rows: list, child_label: str, currency: str, listings_only: bool) -> dict | None:
    """Cost and customers (listings: views and calls) of each region, franchise or store."""
    rows = [row for row in rows if row.params is not None or row.key]
    if not rows:
        return None
    first, second = ("views", "calls") if listings_only else ("cost", "customers")
    top = sorted(rows, key=lambda row: row.totals.get(first) or 0, reverse=True)[:12]
    return {
        "type": "bar",
        "data": {
            "labels": [str(row.label)[:40] for row in top],
            "datasets": [
                {
                    "label": _with_unit(first, currency),
                    "data": [_value(row.totals.get(first)) for row in top],
                    "backgroundColor": ORANGE if first == "cost" else BLUE,
                    "yAxisID": "y",
                },
                {
                    "label": _with_unit(second, currency),
                    "data": [_value(row.totals.get(second)) for row in top],
                    "backgroundColor": GREEN,
                    "yAxisID": "y1",
                },
            ],
        },
        "options": _options(
            _("%(a)s and %(b)s by %(level)s")
            % {"a": REGISTRY[first].label, "b": str(REGISTRY[second].label).lower(), "level": child_label.lower()},
            {
                "x": {"title": {"display": True, "text": child_label}},
                "y": _axis(_with_unit(first, currency)),
                "y1": _axis(_with_unit(second, currency), position="right", grid=False),
            },
        ),
        "moneyAxes": ["y"] if first == "cost" else [],
        "currency": currency,
    }


def funnel(steps: list[tuple[str, Decimal | None]], currency: str) -> dict:
    """Impressions > clicks > leads > customers, on a logarithmic axis (they differ by orders
    of magnitude)."""
    return {
        "type": "bar",
        "data": {
            "labels": [label for label, _value_ in steps],
            "datasets": [
                {
                    "label": _("Number"),
                    "data": [_value(value) for _label, value in steps],
                    "backgroundColor": [BLUE, BLUE, GREEN, GREEN],
                }
            ],
        },
        "options": _options(
            _("Funnel: from impressions to customers"),
            {
                "x": _axis(_("Number (logarithmic scale)"), log=True),
                "y": {"title": {"display": True, "text": _("Step")}},
            },
            horizontal=True,
        ),
        "moneyAxes": [],
        "currency": currency,
    }
