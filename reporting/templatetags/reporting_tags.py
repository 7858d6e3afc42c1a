from urllib.parse import urlencode

from django import template
from django.utils.translation import pgettext

from reporting import metrics

register = template.Library()


@register.filter
def drill(params: dict, report) -> str:
    """The query string of a drill-down link, keeping the period."""
    return urlencode({**params, **report.period.params()})


@register.filter
def metric_value(row, metric) -> str:
    return metrics.display(metric, row.values.get(metric.key), getattr(row, "currency", "CAD"))


@register.filter
def signed(value) -> str:
    if value is None:
        return pgettext("metric value", "n/a")
    from franchise_platform import formats

    value = value.quantize(metrics.CENT)
    return ("+" if value > 0 else "") + formats.percent(value)


@register.inclusion_tag("reporting/_first_row.html", takes_context=True)
def reporting_first_row(context):
    """The business objectives of the user's own node (last 30 days), for the home dashboard."""
    from django.http import Http404

    from reporting.reports import performance_report

    request = context["request"]
    try:
        report = performance_report(request.user, {})
    except Http404:
        return {"report": None}
    return {"report": report, "tv": True}
