"""Hours validation as plain functions: many cases, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from listings.hours import (
    DAYS,
    HoursValidationError,
    is_open_at,
    merge_special_hours,
    validate_regular_hours,
    validate_special_hours,
)

times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
periods = st.builds(lambda d, o, c: {"day": d, "open": o, "close": c}, st.sampled_from(DAYS), times, times)


def codes(error: HoursValidationError) -> set[tuple[str, str]]:
    return {(e.field, e.code) for e in error.errors}


def test_several_periods_a_day_with_a_lunch_break_are_valid_and_sorted():
    result = validate_regular_hours(
        [
            {"day": "MONDAY", "open": "13:00", "close": "17:00"},
            {"day": "monday", "open": "09:00", "close": "12:00"},
        ]
    )
    assert result == [
        {"day": "MONDAY", "open": "09:00", "close": "12:00"},
        {"day": "MONDAY", "open": "13:00", "close": "17:00"},
    ]


def test_an_overnight_period_ends_the_next_day():
    hours = validate_regular_hours([{"day": "FRIDAY", "open": "22:00", "close": "02:00"}])
    assert is_open_at(hours, "SATURDAY", "01:30")
    assert not is_open_at(hours, "SATURDAY", "02:00")


def test_sunday_night_runs_into_monday_morning():
    hours = validate_regular_hours([{"day": "SUNDAY", "open": "22:00", "close": "03:00"}])
    assert is_open_at(hours, "MONDAY", "01:00")
    with pytest.raises(HoursValidationError) as error:
        validate_regular_hours([*hours, {"day": "MONDAY", "open": "02:00", "close": "08:00"}])
    assert ("regular_hours[1]", "overlap") in codes(error.value)


def test_open_24_hours_and_closed_days():
    hours = validate_regular_hours([{"day": "SATURDAY", "open": "00:00", "close": "24:00"}])
    assert is_open_at(hours, "SATURDAY", "23:59") and not is_open_at(hours, "SUNDAY", "00:00")
    assert validate_regular_hours([]) == []


def test_overlapping_periods_name_the_second_period():
    with pytest.raises(HoursValidationError) as error:
        validate_regular_hours(
            [
                {"day": "MONDAY", "open": "09:00", "close": "12:00"},
                {"day": "MONDAY", "open": "11:00", "close": "14:00"},
            ]
        )
    assert codes(error.value) == {("regular_hours[1]", "overlap")}


@pytest.mark.parametrize(
    ("period", "field", "code"),
    [
        ({"day": "LUNDI", "open": "09:00", "close": "12:00"}, "regular_hours[0].day", "format"),
        ({"day": "MONDAY", "open": "9h", "close": "12:00"}, "regular_hours[0].open", "format"),
        ({"day": "MONDAY", "open": "09:00", "close": "25:00"}, "regular_hours[0].close", "format"),
        ({"day": "MONDAY", "open": "09:00", "close": "09:00"}, "regular_hours[0].close", "close_before_open"),
        ({"day": "MONDAY", "open": "24:00", "close": "09:00"}, "regular_hours[0].open", "format"),
    ],
)
def test_bad_periods_get_a_precise_error(period, field, code):
    with pytest.raises(HoursValidationError) as error:
        validate_regular_hours([period])
    assert (field, code) in codes(error.value)


def test_forms_ask_to_mark_overnight_periods_explicitly():
    period = {"day": "MONDAY", "open": "17:00", "close": "09:00"}
    with pytest.raises(HoursValidationError) as error:
        validate_regular_hours([period], explicit_overnight=True)
    assert codes(error.value) == {("regular_hours[0].close", "close_before_open")}
    assert validate_regular_hours([{**period, "overnight": True}], explicit_overnight=True)


def test_every_error_of_the_list_is_reported_at_once():
    with pytest.raises(HoursValidationError) as error:
        validate_regular_hours([{"day": "X", "open": "1", "close": "2"}, "nope"])
    assert len(error.value.errors) == 4


@given(st.lists(periods, max_size=8))
def test_valid_hours_never_overlap_and_invalid_ones_say_why(candidate):
    try:
        result = validate_regular_hours(candidate)
    except HoursValidationError as error:
        assert error.errors and all(e.code in {"overlap", "close_before_open", "format"} for e in error.errors)
        return
    # Accepted: each minute of the week is covered by at most one period.
    for day in DAYS:
        for time in ("00:00", "06:30", "12:00", "18:45", "23:59"):
            covering = [p for p in result if is_open_at([p], day, time)]
            assert len(covering) <= 1
    assert validate_regular_hours(result) == result  # normalised output is a fixed point


@given(st.lists(periods, max_size=6))
def test_validation_does_not_depend_on_the_order_of_periods(candidate):
    def outcome(items):
        try:
            return sorted(map(str, validate_regular_hours(items)))
        except HoursValidationError:
            return "invalid"

    assert outcome(candidate) == outcome(list(reversed(candidate)))


def test_special_hours_dates_and_ranges_expand_to_one_entry_per_date():
    result = validate_special_hours(
        [
            {"date": "2026-12-25", "closed": True},
            {"date": "2026-12-24", "open": "09:00", "close": "14:00"},
            {"start": "2026-12-31", "end": "2027-01-01", "closed": True},
        ]
    )
    assert [entry["date"] for entry in result] == ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"]
    assert result[0] == {"date": "2026-12-24", "closed": False, "open": "09:00", "close": "14:00"}


@pytest.mark.parametrize(
    ("entry", "field", "code"),
    [
        ({"date": "25/12/2026", "closed": True}, "special_hours[0].date", "format"),
        ({"start": "2026-12-26", "end": "2026-12-24", "closed": True}, "special_hours[0].end", "close_before_open"),
        ({"date": "2026-12-24", "open": "14:00", "close": "09:00"}, "special_hours[0].close", "close_before_open"),
        ({"date": "2026-12-24", "open": "9:00", "close": "14:00"}, "special_hours[0].open", "format"),
        ({"start": "2026-01-01", "end": "2027-06-01", "closed": True}, "special_hours[0].end", "range"),
    ],
)
def test_bad_special_hours_get_a_precise_error(entry, field, code):
    with pytest.raises(HoursValidationError) as error:
        validate_special_hours([entry])
    assert (field, code) in codes(error.value)


def test_a_date_given_twice_is_an_error():
    with pytest.raises(HoursValidationError) as error:
        validate_special_hours(
            [{"date": "2026-12-25", "closed": True}, {"start": "2026-12-24", "end": "2026-12-26", "closed": True}]
        )
    assert ("special_hours[1]", "overlap") in codes(error.value)


@given(st.lists(st.dates(), max_size=10), st.lists(st.dates(), max_size=10))
def test_merging_special_hours_keeps_one_sorted_entry_per_date_and_the_change_wins(old, new):
    existing = [{"date": d.isoformat(), "closed": True} for d in sorted(set(old))]
    changes = [{"date": d.isoformat(), "closed": False, "open": "09:00", "close": "12:00"} for d in sorted(set(new))]
    merged = merge_special_hours(existing, changes)
    dates = [entry["date"] for entry in merged]
    assert dates == sorted(set(dates))
    assert all(entry in merged for entry in changes)
