"""Opening hours as plain data: parsing, validation and normalisation, with no database.

Regular hours are periods `{"day": "MONDAY", "open": "09:00", "close": "12:00"}` in the store's
own time zone; a close at or before the open ends the next day (22:00-02:00) and 00:00-24:00 is
open 24 hours; a day without periods is closed. Special hours are dates or date ranges, closed
or with same-day hours. Every error names its place (`regular_hours[2].close`) and a code, so a
form or the API can show it next to the field; nothing is half-accepted.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
DAY_INDEX = {day: index for index, day in enumerate(DAYS)}
WEEK_MINUTES = 7 * 24 * 60
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
MAX_SPECIAL_RANGE_DAYS = 366


@dataclass(frozen=True)
class HoursError:
    field: str  # e.g. "regular_hours[1].close"
    code: str  # "overlap" | "close_before_open" | "format" | "required" | "range"
    message: str


class HoursValidationError(Exception):
    def __init__(self, errors: list[HoursError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors

    def as_dict(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for error in self.errors:
            result.setdefault(error.field, []).append(error.message)
        return result


def minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


def is_time(value) -> bool:
    return isinstance(value, str) and bool(TIME_RE.match(value))


def period_span(day: str, open_: str, close: str) -> tuple[int, int]:
    """Start and end of a period in minutes from Monday 00:00 (the end may pass Sunday night)."""
    start = DAY_INDEX[day] * 1440 + minutes(open_)
    end_of_day = minutes(close)
    if end_of_day <= minutes(open_):
        end_of_day += 1440  # overnight: ends the next day
    return start, DAY_INDEX[day] * 1440 + end_of_day


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two spans overlap on the weekly circle (Sunday night runs into Monday)?"""
    return any(a[0] < b[1] + shift and b[0] + shift < a[1] for shift in (-WEEK_MINUTES, 0, WEEK_MINUTES))


def validate_regular_hours(periods, *, explicit_overnight: bool = False) -> list[dict]:
    """Check and normalise regular hours; raise HoursValidationError listing every problem.

    With `explicit_overnight` (forms), a close before the open is an error unless the period is
    marked `"overnight": True`; the API follows the payload contract where it means "next day".
    """
    if not isinstance(periods, list):
        raise HoursValidationError([HoursError("regular_hours", "format", _("Expected a list of periods."))])
    errors: list[HoursError] = []
    cleaned: list[tuple[int, dict]] = []
    for index, period in enumerate(periods):
        where = f"regular_hours[{index}]"
        if not isinstance(period, dict):
            errors.append(HoursError(where, "format", _("Expected a period with day, open and close.")))
            continue
        day = str(period.get("day", "")).upper()
        open_, close = period.get("open"), period.get("close")
        bad = False
        if day not in DAY_INDEX:
            errors.append(HoursError(f"{where}.day", "format", _("Unknown day “%(day)s”.") % {"day": day}))
            bad = True
        for key, value in (("open", open_), ("close", close)):
            if not is_time(value):
                errors.append(
                    HoursError(
                        f"{where}.{key}", "format", _("Unknown time format “%(value)s”: use HH:MM.") % {"value": value}
                    )
                )
                bad = True
        if bad:
            continue
        if open_ == "24:00":
            errors.append(HoursError(f"{where}.open", "format", _("A period cannot open at 24:00.")))
            continue
        if open_ == close:
            errors.append(HoursError(f"{where}.close", "close_before_open", _("The period closes when it opens.")))
            continue
        overnight = close != "24:00" and minutes(close) < minutes(open_)
        if overnight and explicit_overnight and not period.get("overnight"):
            errors.append(
                HoursError(
                    f"{where}.close",
                    "close_before_open",
                    _("Closes before it opens; mark the period as ending the next day if it does."),
                )
            )
            continue
        cleaned.append((index, {"day": day, "open": open_, "close": close}))
    spans = [(index, period_span(p["day"], p["open"], p["close"])) for index, p in cleaned]
    for i, (index_a, span_a) in enumerate(spans):
        for index_b, span_b in spans[i + 1 :]:
            if _overlaps(span_a, span_b):
                errors.append(
                    HoursError(
                        f"regular_hours[{index_b}]",
                        "overlap",
                        _("This period overlaps period %(other)s.") % {"other": index_a + 1},
                    )
                )
    if errors:
        raise HoursValidationError(errors)
    return sort_regular_hours([period for _index, period in cleaned])


def sort_regular_hours(periods: list[dict]) -> list[dict]:
    return sorted(periods, key=lambda p: (DAY_INDEX[p["day"]], p["open"], p["close"]))


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def validate_special_hours(entries) -> list[dict]:
    """Check and normalise special hours; each entry is a date (`date`) or a range (`start`,
    `end`), closed (`closed: true`) or open with same-day `open`/`close`. Returns the canonical
    list: one entry per date, sorted; a later entry for the same date is an error."""
    if not isinstance(entries, list):
        raise HoursValidationError([HoursError("special_hours", "format", _("Expected a list of dates."))])
    errors: list[HoursError] = []
    by_date: dict[datetime.date, dict] = {}
    for index, entry in enumerate(entries):
        where = f"special_hours[{index}]"
        if not isinstance(entry, dict):
            errors.append(HoursError(where, "format", _("Expected a date with its hours.")))
            continue
        if "date" in entry:
            start = end = parse_date(entry["date"])
            if start is None:
                errors.append(HoursError(f"{where}.date", "format", _("Unknown date format: use YYYY-MM-DD.")))
                continue
        else:
            start, end = parse_date(entry.get("start")), parse_date(entry.get("end") or entry.get("start"))
            if start is None or end is None:
                errors.append(HoursError(f"{where}.start", "format", _("Unknown date format: use YYYY-MM-DD.")))
                continue
            if end < start:
                errors.append(HoursError(f"{where}.end", "close_before_open", _("The range ends before it starts.")))
                continue
            if (end - start).days >= MAX_SPECIAL_RANGE_DAYS:
                errors.append(HoursError(f"{where}.end", "range", _("A range may cover at most a year.")))
                continue
        closed = bool(entry.get("closed"))
        hours: dict = {"closed": True}
        if not closed:
            open_, close = entry.get("open"), entry.get("close")
            bad = False
            for key, value in (("open", open_), ("close", close)):
                if not is_time(value):
                    errors.append(
                        HoursError(
                            f"{where}.{key}",
                            "format",
                            _("Unknown time format “%(value)s”: use HH:MM.") % {"value": value},
                        )
                    )
                    bad = True
            if bad:
                continue
            if open_ == "24:00" or minutes(close) <= minutes(open_):
                errors.append(HoursError(f"{where}.close", "close_before_open", _("Closes before it opens.")))
                continue
            hours = {"closed": False, "open": open_, "close": close}
        day = start
        while day <= end:
            if day in by_date:
                errors.append(
                    HoursError(where, "overlap", _("%(date)s already has special hours.") % {"date": day.isoformat()})
                )
                break
            by_date[day] = {"date": day.isoformat(), **hours}
            day += datetime.timedelta(days=1)
    if errors:
        raise HoursValidationError(errors)
    return [by_date[day] for day in sorted(by_date)]


def merge_special_hours(existing: list[dict], changes: list[dict]) -> list[dict]:
    """Existing canonical special hours with `changes` (canonical too) replacing their dates."""
    by_date = {entry["date"]: entry for entry in existing}
    by_date.update({entry["date"]: entry for entry in changes})
    return [by_date[date] for date in sorted(by_date)]


def is_open_at(periods: list[dict], day: str, time: str) -> bool:
    """Is the store open at this weekday and time according to its (valid) regular hours?"""
    point = DAY_INDEX[day] * 1440 + minutes(time)
    for period in periods:
        start, end = period_span(period["day"], period["open"], period["close"])
        if start <= point < end or start <= point + WEEK_MINUTES < end:
            return True
    return False
