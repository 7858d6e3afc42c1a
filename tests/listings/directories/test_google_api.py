"""The Google-style API speaks Google's shapes and validates like Google."""

import datetime

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from listings.directories.base import DAYS, get_connector, hhmm
from listings.directories.google import periods_from_google, periods_to_google, special_from_google, special_to_google
from listings.simulator.google import regular_hours_errors, special_hours_errors
from tests.listings.directories.payloads import PLATEAU, plateau


def period(open_day, open_time, close_day, close_time):
    return {"openDay": open_day, "openTime": open_time, "closeDay": close_day, "closeTime": close_time}


def codes(errors):
    return [(field, code) for field, code, _ in errors]


def test_a_location_is_stored_in_googles_shape(sim_url):
    external_id = get_connector("google", base_url=sim_url).create(PLATEAU)
    doc = requests.get(f"{sim_url}/google/v1/locations/{external_id}", timeout=5).json()
    assert doc["name"] == f"locations/{external_id}"
    assert doc["title"] == PLATEAU["name"]
    assert doc["storefrontAddress"]["addressLines"] == ["123 rue Saint-Denis"]
    assert doc["regularHours"]["periods"][0] == period("MONDAY", {"hours": 9}, "MONDAY", {"hours": 12})
    assert period("FRIDAY", {"hours": 22}, "SATURDAY", {"hours": 2}) in doc["regularHours"]["periods"]
    assert period("SUNDAY", {}, "SUNDAY", {"hours": 24}) in doc["regularHours"]["periods"]
    assert {"startDate": {"year": 2026, "month": 12, "day": 25}, "closed": True} in doc["specialHours"][
        "specialHourPeriods"
    ]
    assert doc["metadata"]["hasGoogleUpdated"] is False
    media = requests.get(f"{sim_url}/google/v1/locations/{external_id}/media", timeout=5).json()["mediaItems"]
    assert {m["locationAssociation"]["category"] for m in media} == {"COVER", "LOGO"}


def test_patch_writes_only_the_update_mask_and_validate_only_writes_nothing(sim_url):
    external_id = get_connector("google", base_url=sim_url).create(PLATEAU)
    url = f"{sim_url}/google/v1/locations/{external_id}"
    body = {"title": "Nouveau", "websiteUri": "https://ignored.example/"}
    preview = requests.patch(url, params={"updateMask": "title", "validateOnly": "true"}, json=body, timeout=5)
    assert preview.status_code == 200 and preview.json()["title"] == "Nouveau"
    assert requests.get(url, timeout=5).json()["title"] == PLATEAU["name"]
    requests.patch(url, params={"updateMask": "title"}, json=body, timeout=5).raise_for_status()
    doc = requests.get(url, timeout=5).json()
    assert (doc["title"], doc["websiteUri"]) == ("Nouveau", PLATEAU["website"])
    assert requests.patch(url, json=body, timeout=5).status_code == 400  # no updateMask


def test_an_inverted_period_is_a_400_naming_the_field(sim_url):
    external_id = get_connector("google", base_url=sim_url).create(PLATEAU)
    response = requests.patch(
        f"{sim_url}/google/v1/locations/{external_id}",
        params={"updateMask": "regularHours"},
        json={"regularHours": {"periods": [period("MONDAY", {"hours": 17}, "MONDAY", {"hours": 9})]}},
        timeout=5,
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    info = [d for d in error["details"] if d["@type"].endswith("ErrorInfo")]
    assert [(d["reason"], d["metadata"]["field"]) for d in info] == [
        ("INVERTED_RANGE", "regular_hours.periods[0].close_time")
    ]


@pytest.mark.parametrize(
    ("special", "code"),
    [
        ({"date": "2026-12-24", "closed": False, "open": "00:00", "close": "24:00"}, "VALUE_OUTSIDE_ALLOWED_RANGE"),
        ({"date": "2026-12-24", "closed": False, "open": "10:00", "close": "10:00"}, "VALUE_OUTSIDE_ALLOWED_RANGE"),
        ({"date": "2026-12-24", "closed": False, "open": "10:00", "close": "25:00"}, "VALUE_OUTSIDE_ALLOWED_RANGE"),
    ],
    ids=["whole day", "24 hours overnight", "hour 25"],
)
def test_special_periods_of_24_hours_or_more_are_refused(sim_url, special, code):
    connector = get_connector("google", base_url=sim_url)
    external_id = connector.create(PLATEAU)
    errors = connector.validate(external_id, plateau(special_hours=[special]), ["special_hours"])
    assert [(e.field, e.code) for e in errors] == [("special_hours", code)]


def test_an_hour_out_of_range_is_refused(sim_url):
    connector = get_connector("google", base_url=sim_url)
    external_id = connector.create(PLATEAU)
    bad = plateau(regular_hours=[{"day": "MONDAY", "open": "09:60", "close": "17:00"}])
    assert [(e.field, e.code) for e in connector.validate(external_id, bad, ["regular_hours"])] == [
        ("regular_hours", "VALUE_OUTSIDE_ALLOWED_RANGE")
    ]


def test_an_edit_made_on_google_shows_as_has_google_updated(sim_url, sim):
    connector = get_connector("google", base_url=sim_url)
    external_id = connector.create(PLATEAU)
    shown = sim.tamper("google", external_id, regular_hours=[{"day": "MONDAY", "open": "10:00", "close": "16:00"}])
    doc = requests.get(f"{sim_url}/google/v1/locations/{external_id}", timeout=5).json()
    assert doc["metadata"]["hasGoogleUpdated"] is True
    assert connector.get(external_id)["regular_hours"] == shown["regular_hours"]
    connector.update(external_id, PLATEAU, ["regular_hours"])
    doc = requests.get(f"{sim_url}/google/v1/locations/{external_id}", timeout=5).json()
    assert doc["metadata"]["hasGoogleUpdated"] is False


def test_a_create_retried_with_the_same_request_id_makes_one_location(sim_url):
    body = {"title": "Grande Assurance Laval"}
    first = requests.post(f"{sim_url}/google/v1/locations", params={"requestId": "abc"}, json=body, timeout=5)
    again = requests.post(f"{sim_url}/google/v1/locations", params={"requestId": "abc"}, json=body, timeout=5)
    assert first.json()["name"] == again.json()["name"]


# -- Pure rules ------------------------------------------------------------------------------
def test_overlapping_periods_and_a_week_wrapping_overlap_are_found():
    overlapping = {
        "periods": [
            period("MONDAY", {"hours": 9}, "MONDAY", {"hours": 13}),
            period("MONDAY", {"hours": 12}, "MONDAY", {"hours": 17}),
        ]
    }
    assert codes(regular_hours_errors(overlapping)) == [("regular_hours.periods[1]", "OVERLAPPING_RANGES")]
    wrapping = {
        "periods": [
            period("SUNDAY", {"hours": 22}, "MONDAY", {"hours": 3}),
            period("MONDAY", {"hours": 2}, "MONDAY", {"hours": 5}),
        ]
    }
    assert [code for _, code in codes(regular_hours_errors(wrapping))] == ["OVERLAPPING_RANGES"]


def test_periods_longer_than_a_day_and_bad_days_are_out_of_range():
    assert codes(regular_hours_errors({"periods": [period("MONDAY", {"hours": 9}, "TUESDAY", {"hours": 10})]})) == [
        ("regular_hours.periods[0].close_day", "VALUE_OUTSIDE_ALLOWED_RANGE")
    ]
    assert codes(regular_hours_errors({"periods": [period("MONDAYS", {}, "MONDAY", {"hours": 2})]})) == [
        ("regular_hours.periods[0].open_day", "VALUE_OUTSIDE_ALLOWED_RANGE")
    ]


def test_two_special_periods_on_one_day_must_not_overlap():
    day = {"year": 2026, "month": 12, "day": 24}
    special = {
        "specialHourPeriods": [
            {"startDate": day, "openTime": {"hours": 9}, "endDate": day, "closeTime": {"hours": 12}},
            {"startDate": day, "openTime": {"hours": 11}, "endDate": day, "closeTime": {"hours": 14}},
        ]
    }
    assert [code for _, code in codes(special_hours_errors(special))] == ["OVERLAPPING_RANGES"]


@st.composite
def weeks(draw):
    """Non-overlapping canonical periods, each shorter than a day (at most 3 per day)."""
    result = []
    for index, day in enumerate(DAYS):
        cursor = 0
        for _ in range(draw(st.integers(0, 3))):
            start = cursor + draw(st.integers(0, 300))
            if start >= 1440 - 15:
                break
            length = draw(st.integers(15, 600))
            end = start + length
            if end > 1440 and index < 6:  # overnight: stay within the next day's first period
                end = min(end, 1440 + 0)
            if end > 1440:
                end = 1440
            result.append({"day": day, "open": hhmm(start), "close": hhmm(end)})
            cursor = end
    return result


@given(weeks())
def test_every_valid_week_maps_to_google_and_back(week):
    google = periods_to_google(week)
    assert regular_hours_errors(google) == []
    assert periods_from_google(google) == week


@given(
    st.lists(
        st.tuples(
            st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)), st.integers(0, 1439), st.integers(1, 1439)
        ),
        unique_by=lambda item: item[0],
        max_size=10,
    )
)
def test_special_days_shorter_than_a_day_map_to_google_and_back(days):
    special = [
        {"date": day.isoformat(), "closed": False, "open": hhmm(start), "close": hhmm((start + length) % 1440 or 1440)}
        for day, start, length in sorted(days)
        if (start + length) % 1440 != start
    ]
    google = special_to_google(special)
    assert special_hours_errors(google) == []
    assert special_from_google(google) == special
