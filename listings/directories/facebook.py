"""Facebook Pages-style connector (Graph API v19.0): a page's `name`, `phone`, `location{...}`,
`hours` as `mon_1_open`/`mon_1_close`/`mon_2_open`..., `special_hours`, photos, ratings, insights.

Facebook has no validate-only mode, so `page_errors` states its rules over a page document; the
connector checks them before sending and the simulator enforces the same rules.
"""

import datetime
import itertools
import re
from decimal import Decimal

from listings.directories.base import (
    DAYS,
    DirectoryConnector,
    FieldError,
    ValidationFailed,
    check_fields,
    coordinate,
    empty_payload,
    mapped,
    minutes,
    normalise,
)

PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_KEY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)_([1-9])_(open|close)$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CLOSE_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
MAX_RANGES = 2
FIELDS = "id,name,phone,website,description,category_list,location,single_line_address,hours,special_hours,photos"
# Facebook's name of a field (as blamed in its errors) -> our field.
ERROR_FIELDS = {
    "name": "name",
    "location": "address",
    "phone": "phone",
    "website": "website",
    "category_list": "categories",
    "description": "description",
    "hours": "regular_hours",
    "special_hours": "special_hours",
    "photos": "photos",
}
RETRYABLE_CODES = {1, 2, 4, 17, 32, 341, 613}


# -- Mapping ---------------------------------------------------------------------------------
def fb_time(hhmm: str) -> str:
    """Times travel as written: a close at 24:00 (end of day) and at 00:00 (after midnight) stay
    distinct so a listing reads back exactly as we wrote it."""
    return hhmm


def hours_to_facebook(periods: list[dict]) -> dict:
    hours: dict = {}
    counts: dict = {}
    for period in sorted(periods, key=lambda p: (DAYS.index(p["day"]), p["open"])):
        prefix = PREFIXES[DAYS.index(period["day"])]
        counts[prefix] = counts.get(prefix, 0) + 1
        hours[f"{prefix}_{counts[prefix]}_open"] = fb_time(period["open"])
        hours[f"{prefix}_{counts[prefix]}_close"] = fb_time(period["close"])
    return hours


def hours_from_facebook(hours: dict | None) -> list[dict]:
    result = []
    for key, value in (hours or {}).items():
        match = HOURS_KEY.match(key)
        if not match or match.group(3) != "open":
            continue
        prefix, index = match.group(1), match.group(2)
        close = hours.get(f"{prefix}_{index}_close", "00:00")
        result.append({"day": DAYS[PREFIXES.index(prefix)], "open": value, "close": close})
    return result


def special_to_facebook(days: list[dict]) -> list[dict]:
    return [
        {
            "start_date": entry["date"],
            "end_date": entry["date"],
            "hours": []
            if entry.get("closed")
            else [{"open": fb_time(entry["open"]), "close": fb_time(entry["close"])}],
        }
        for entry in days
    ]


def special_from_facebook(periods: list[dict] | None) -> list[dict]:
    result = []
    for period in periods or []:
        day = datetime.date.fromisoformat(period["start_date"])
        last = datetime.date.fromisoformat(period.get("end_date") or period["start_date"])
        while day <= last:
            ranges = period.get("hours") or []
            if not ranges:
                result.append({"date": day.isoformat(), "closed": True})
            for item in ranges:
                result.append({"date": day.isoformat(), "closed": False, "open": item["open"], "close": item["close"]})
            day += datetime.timedelta(days=1)
    return result


def to_facebook(payload: dict, fields) -> dict:
    doc: dict = {}
    for field in fields:
        if field == "name":
            doc["name"] = payload.get("name", "")
        elif field == "address":
            address = payload.get("address") or {}
            doc.setdefault("location", {}).update(
                {
                    "street": address.get("street", ""),
                    "city": address.get("city", ""),
                    "zip": address.get("postal_code", ""),
                    "state": address.get("region", ""),
                    "country": address.get("country", ""),
                }
            )
        elif field == "phone":
            doc["phone"] = payload.get("phone") or ""
        elif field == "website":
            doc["website"] = payload.get("website") or ""
        elif field == "categories":
            doc["category_list"] = [{"name": name} for name in payload.get("categories") or []]
        elif field == "description":
            doc["description"] = payload.get("description") or ""
        elif field in ("latitude", "longitude"):
            value = payload.get(field)
            doc.setdefault("location", {})[field] = float(value) if value is not None else None
        elif field == "regular_hours":
            doc["hours"] = hours_to_facebook(payload.get("regular_hours") or [])
        elif field == "special_hours":
            doc["special_hours"] = special_to_facebook(payload.get("special_hours") or [])
        elif field == "photos":
            doc["photos"] = [
                {"url": p.get("url", ""), "category": p.get("category", ""), "caption": f"sha256:{p.get('sha256', '')}"}
                for p in payload.get("photos") or []
            ]
    return doc


def from_facebook(doc: dict) -> dict:
    payload = empty_payload()
    payload["name"] = doc.get("name", "")
    location = doc.get("location") or {}
    payload["address"] = {
        "street": location.get("street", ""),
        "city": location.get("city", ""),
        "postal_code": location.get("zip", ""),
        "region": location.get("state", ""),
        "country": location.get("country", ""),
    }
    payload["phone"] = doc.get("phone", "")
    payload["website"] = doc.get("website", "")
    payload["categories"] = [c.get("name", "") for c in doc.get("category_list") or []]
    payload["description"] = doc.get("description", "")
    payload["latitude"] = coordinate(location.get("latitude"))
    payload["longitude"] = coordinate(location.get("longitude"))
    payload["regular_hours"] = hours_from_facebook(doc.get("hours"))
    payload["special_hours"] = special_from_facebook(doc.get("special_hours"))
    payload["photos"] = [
        {
            "category": photo.get("category", ""),
            "url": photo.get("url", ""),
            "sha256": photo.get("caption", "").removeprefix("sha256:"),
        }
        for photo in (doc.get("photos") or {}).get("data", [])
    ]
    return normalise(payload)


def _ranges_overlap(ranges: list[tuple[int, int]]) -> bool:
    ordered = sorted(ranges)
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(ordered))


def _span(open_: str, close: str) -> tuple[int, int]:
    start, end = minutes(open_), minutes(close)
    return start, end if end > start else end + 24 * 60


def page_errors(doc: dict) -> list[tuple[str, int, str]]:
    """Facebook's rules over a page document (or the part being written):
    [(blamed field, error_subcode, message)]."""
    errors = []
    if "name" in doc and not str(doc["name"]).strip():
        errors.append(("name", 1349125, "Param name must be non-empty"))
    if doc.get("phone") and not PHONE.match(doc["phone"]):
        errors.append(("phone", 1349126, f"Param phone is not a valid phone number: {doc['phone']}"))
    if doc.get("website") and not re.match(r"^https?://", doc["website"]):
        errors.append(("website", 1349127, "Param website must be a valid URL"))
    hours = doc.get("hours")
    if hours is not None:
        per_day: dict = {}
        for key, value in hours.items():
            match = HOURS_KEY.match(key)
            if not match:
                errors.append(("hours", 1349118, f"Param hours[{key}] is not a valid key"))
                continue
            if int(match.group(2)) > MAX_RANGES:
                errors.append(("hours", 1349119, f"Param hours[{key}]: at most {MAX_RANGES} ranges per day"))
                continue
            if not (TIME if match.group(3) == "open" else CLOSE_TIME).match(str(value)):
                errors.append(("hours", 1349120, f"Param hours[{key}] must be a time HH:MM, got {value!r}"))
                continue
            if match.group(3) == "open":
                close_key = f"{match.group(1)}_{match.group(2)}_close"
                if not CLOSE_TIME.match(str(hours.get(close_key, ""))):
                    errors.append(("hours", 1349121, f"Param hours[{close_key}] is missing"))
                    continue
                per_day.setdefault(match.group(1), []).append(_span(value, hours[close_key]))
        for prefix, ranges in per_day.items():
            if _ranges_overlap(ranges):
                errors.append(("hours", 1349122, f"Param hours: the ranges of {prefix} overlap"))
    for period in doc.get("special_hours") or []:
        try:
            start = datetime.date.fromisoformat(period["start_date"])
            end = datetime.date.fromisoformat(period.get("end_date") or period["start_date"])
        except (KeyError, ValueError):
            errors.append(("special_hours", 1349123, "Param special_hours: dates must be YYYY-MM-DD"))
            continue
        ranges = period.get("hours") or []
        if end < start or len(ranges) > MAX_RANGES:
            errors.append(("special_hours", 1349123, f"Param special_hours: invalid period {period['start_date']}"))
        elif any(not (TIME.match(str(r.get("open"))) and CLOSE_TIME.match(str(r.get("close")))) for r in ranges):
            errors.append(("special_hours", 1349120, "Param special_hours: times must be HH:MM"))
        elif _ranges_overlap([_span(r["open"], r["close"]) for r in ranges]):
            errors.append(("special_hours", 1349122, f"Param special_hours: ranges of {period['start_date']} overlap"))
    return errors


def review_from_facebook(rating: dict) -> dict:
    comments = (rating.get("comments") or {}).get("data") or []
    reply = comments[-1] if comments else None
    return {
        "review_id": rating["open_graph_story"]["id"],
        "author": (rating.get("reviewer") or {}).get("name", ""),
        "rating": int(rating.get("rating", 0)),
        "text": rating.get("review_text", ""),
        "created_at": _iso(rating.get("created_time", "")),
        "reply": {"text": reply.get("message", ""), "updated_at": _iso(reply.get("created_time", ""))}
        if reply
        else None,
    }


def _iso(value: str) -> str:
    """Facebook writes times as 2026-11-20T10:00:00+0000; we use ISO with Z."""
    return value.replace("+0000", "Z") if value else ""


# -- Connector -------------------------------------------------------------------------------
class FacebookConnector(DirectoryConnector):
    key = "facebook"
    prefix = "/facebook/v19.0"

    def raise_for(self, response) -> None:
        # Facebook answers throttling with its own error codes (4, 17, 32, 613), not only 429.
        try:
            error = response.json().get("error") or {}
        except ValueError:
            error = {}
        if error.get("code") in RETRYABLE_CODES and response.status_code != 429:
            from listings.directories.base import DirectoryError, retry_after_seconds

            raise DirectoryError(
                f"facebook: {error.get('message', 'temporary error')}",
                retryable=True,
                status=response.status_code,
                code=str(error.get("code")),
                retry_after=retry_after_seconds(response),
            )
        super().raise_for(response)

    def field_errors(self, body: dict) -> list[FieldError]:
        error = body.get("error") or {}
        if error.get("code") != 100:
            return []
        specs = ((error.get("error_data") or {}).get("blame_field_specs") or [[""]])[0]
        field = specs[0] if specs else ""
        return [
            FieldError(ERROR_FIELDS.get(field, field), str(error.get("error_subcode", 100)), error.get("message", ""))
        ]

    def error_message(self, body: dict) -> tuple[str, str]:
        error = body.get("error") or {}
        return error.get("message", ""), str(error.get("code", ""))

    def get(self, external_id: str) -> dict:
        return from_facebook(self.request("GET", f"/{external_id}", params={"fields": FIELDS}))

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        try:
            doc = mapped(to_facebook, payload, check_fields(fields))
        except ValidationFailed as failure:
            return failure.errors
        return [FieldError(ERROR_FIELDS.get(f, f), str(code), message) for f, code, message in page_errors(doc)]

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        self.request("POST", f"/{external_id}", json=mapped(to_facebook, payload, check_fields(fields)))
        return self.get(external_id)

    def create(self, payload: dict) -> str:
        from listings.directories.base import FIELDS as ALL

        return str(self.request("POST", "/me/pages", json=to_facebook(payload, ALL))["id"])

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        params = {"q": name, "fields": FIELDS, "limit": 10}
        if phone:
            params["phone"] = phone
        if address.get("postal_code"):
            params["zip"] = address["postal_code"]
        body = self.request("GET", "/pages/search", params=params)
        return [{"external_id": str(page["id"]), "payload": from_facebook(page)} for page in body.get("data", [])]

    def reviews(self, external_id: str) -> list[dict]:
        result, after = [], ""
        while True:
            params = {"limit": 50, **({"after": after} if after else {})}
            body = self.request("GET", f"/{external_id}/ratings", params=params)
            result.extend(review_from_facebook(rating) for rating in body.get("data", []))
            after = ((body.get("paging") or {}).get("cursors") or {}).get("after", "")
            if not (body.get("paging") or {}).get("next"):
                return result

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        self.request("POST", f"/{external_id}/ratings/{review_id}/comments", json={"message": text})

    def daily_stats(self, external_id: str, day: datetime.date) -> dict:
        metrics = {
            "page_views_total": "views",
            "page_call_phone_clicks_logged_in_unique": "calls",
            "page_get_directions_clicks_logged_in_unique": "direction_requests",
            "page_website_clicks_logged_in_unique": "website_clicks",
        }
        params = {
            "metric": ",".join(metrics),
            "period": "day",
            "since": day.isoformat(),
            "until": (day + datetime.timedelta(days=1)).isoformat(),
        }
        body = self.request("GET", f"/{external_id}/insights", params=params)
        result = dict.fromkeys(metrics.values(), 0)
        for series in body.get("data", []):
            if series.get("name") in metrics and series.get("values"):
                result[metrics[series["name"]]] = int(series["values"][0].get("value", 0))
        page = self.request("GET", f"/{external_id}", params={"fields": "overall_star_rating,rating_count"})
        rating = page.get("overall_star_rating")
        result["review_count"] = int(page.get("rating_count", 0))
        result["rating"] = str(Decimal(str(rating)).quantize(Decimal("0.01"))) if rating is not None else None
        return result
