from django import template

from listings import changes

register = template.Library()


@register.filter
def day_name(day) -> str:
    return changes.day_name(str(day))


@register.filter
def iso_date(value) -> str:
    """A payload date (2026-12-25) in the reader's short date format."""
    return changes._date(str(value))


@register.filter
def readable_changes(diff) -> list:
    """`{% for change in revision.diff|readable_changes %}`: one line per field, day or date."""
    return changes.describe(diff or {})


@register.filter
def field_labels(fields) -> str:
    """`{{ drift.fields|field_labels }}`: the fields' names in the reader's language, comma-separated."""
    return ", ".join(changes.field_label(field) for field in fields or [])
