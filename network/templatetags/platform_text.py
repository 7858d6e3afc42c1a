"""Filters for texts stored now and read later, in the reader's language."""

from django import template

from franchise_platform import stored_text

register = template.Library()


@register.filter
def stored(value) -> str:
    """`{{ batch.label|stored }}`: a stored message translated into the active language."""
    return stored_text.render(value)
