from urllib.parse import urlencode

from django import template

from reporting import metrics

register = template.Library()


@register.filter
def drill(params: dict, report) -> str:
    """The query string of a drill-down link, keeping the period."""
    return urlencode({**params, **report.period.params()})


@register.filter
def metric_value(row, metric) -> str:
    return metrics.display(metric, row.values.get(metric.key))


@register.filter
def signed(value) -> str:
    if value is None:
        return "n/a"
    value = value.quantize(metrics.CENT)
    return f"+{value} %" if value > 0 else f"{value} %"
