"""`{{ amount|money:pool.currency }}`, `{{ count|number }}`, `{{ rate|percent }}` in the reader's locale."""

from django import template

from franchise_platform import formats

register = template.Library()


@register.filter
def money(value, currency="CAD") -> str:
    return formats.money(value, currency or "CAD")


@register.filter
def number(value, decimals=None) -> str:
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value) -> str:
    return formats.percent(value)
