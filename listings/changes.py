"""A listing's changes as people read them: one line per field, day or date, before and after.

"Hours, Monday: 09:00–17:00 → 09:00–18:00" rather than the payload's raw lists and dicts. Plain
functions of the stored diff (`field -> [before, after]`), translated when shown.
"""

import datetime
from dataclasses import dataclass

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_noop, ngettext, pgettext
from django.utils.translation import gettext as _

from listings.hours import DAYS

# The message id of each field's name (translated when shown; also used in stored labels).
FIELD_LABELS = {
    "name": gettext_noop("Name"),
    "address": gettext_noop("Address"),
    "phone": gettext_noop("Phone"),
    "website": gettext_noop("Website"),
    "categories": gettext_noop("Categories"),
    "description": gettext_noop("Description"),
    "latitude": gettext_noop("Latitude"),
    "longitude": gettext_noop("Longitude"),
    "regular_hours": gettext_noop("Opening hours"),
    "special_hours": gettext_noop("Holiday hours"),
    "photos": gettext_noop("Photos"),
}
ADDRESS_LABELS = {
    "street": gettext_noop("Street address"),
    "city": gettext_noop("City"),
    "postal_code": gettext_noop("Postal code"),
    "region": gettext_noop("Province or department"),
    "country": gettext_noop("Country"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def _part(field: str, part: str) -> str:
    return _("%(field)s, %(part)s") % {"field": field_label(field), "part": part}


def _periods(periods) -> dict[str, str]:
    by_day: dict[str, list[str]] = {}
    for period in periods or []:
        by_day.setdefault(period.get("day", ""), []).append(f"{period.get('open')}–{period.get('close')}")
    return {day: ", ".join(spans) for day, spans in by_day.items()}


def _special(entries) -> dict[str, str]:
    result = {}
    for entry in entries or []:
        if entry.get("closed"):
            result[entry.get("date", "")] = closed()
        else:
            result[entry.get("date", "")] = f"{entry.get('open')}–{entry.get('close')}"
    return result


def closed() -> str:
    return pgettext("opening hours", "Closed")


def day_name(day: str) -> str:
    """MONDAY -> Monday / lundi."""
    return str(WEEKDAYS[DAYS.index(day)]) if day in DAYS else day


def _date(value: str) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return str(value)


def _plain(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def describe(diff: dict) -> list[Change]:
    """The readable lines of a stored diff, in the payload's field order."""
    lines: list[Change] = []
    for field in [f for f in FIELD_LABELS if f in (diff or {})] + [f for f in diff or {} if f not in FIELD_LABELS]:
        before, after = (diff[field] + [None, None])[:2] if isinstance(diff[field], list) else (None, diff[field])
        if field == "regular_hours":
            old, new = _periods(before), _periods(after)
            for day in DAYS:
                if old.get(day) != new.get(day):
                    name = day_name(day)
                    if get_language().startswith("fr"):  # French writes days in lower case
                        name = name.lower()
                    label = _part(field, name)
                    lines.append(Change(label, old.get(day) or closed(), new.get(day) or closed()))
        elif field == "special_hours":
            old, new = _special(before), _special(after)
            for date in sorted(old.keys() | new.keys()):
                if old.get(date) != new.get(date):
                    lines.append(Change(_part(field, _date(date)), old.get(date, "—"), new.get(date, "—")))
        elif field == "address":
            old, new = before or {}, after or {}
            for key, label in ADDRESS_LABELS.items():
                if old.get(key) != new.get(key):
                    lines.append(Change(_(label), _plain(old.get(key)), _plain(new.get(key))))
        elif field == "photos":
            count = ngettext("%(n)s photo", "%(n)s photos", len(before or []))
            new_count = ngettext("%(n)s photo", "%(n)s photos", len(after or []))
            lines.append(
                Change(field_label(field), count % {"n": len(before or [])}, new_count % {"n": len(after or [])})
            )
        else:
            lines.append(Change(field_label(field), _plain(before), _plain(after)))
    return lines


def stored_field_list(fields) -> list[dict]:
    """Field names as stored messages (for batch labels), translated when shown."""
    return [{"msgid": FIELD_LABELS.get(field, field)} for field in fields]
