"""Comparing our listing with what a directory shows (pure functions, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from listings.payload import differing_fields

LUNCH_BREAK = [
    *({"day": day, "open": "09:00", "close": "12:00"} for day in ("MONDAY", "TUESDAY")),
    *({"day": day, "open": "13:00", "close": "17:00"} for day in ("MONDAY", "TUESDAY")),
]


@given(st.permutations(LUNCH_BREAK))
def test_a_directory_listing_the_same_periods_in_another_order_shows_our_hours(periods):
    assert differing_fields({"regular_hours": LUNCH_BREAK}, {"regular_hours": periods}, ["regular_hours"]) == []


def test_a_directory_missing_the_afternoon_period_differs():
    theirs = {"regular_hours": LUNCH_BREAK[:3]}
    assert differing_fields({"regular_hours": LUNCH_BREAK}, theirs, ["regular_hours"]) == ["regular_hours"]


def test_special_hours_in_another_order_are_the_same_but_another_date_differs():
    ours = [{"date": "2026-12-25", "closed": True}, {"date": "2027-01-01", "closed": True}]
    assert differing_fields({"special_hours": ours}, {"special_hours": ours[::-1]}, ["special_hours"]) == []
    moved = [ours[0], {"date": "2027-01-02", "closed": True}]
    assert differing_fields({"special_hours": ours}, {"special_hours": moved}, ["special_hours"]) == ["special_hours"]
