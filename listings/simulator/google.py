"""The Google Business Profile-style API of the simulator, and Google's validation rules."""

import datetime
import itertools
import re

from listings.directories.base import DAYS
from listings.directories.google import STAR_NAMES, from_google, location_id

MASKABLE = {
    "title",
    "storefrontAddress",
    "phoneNumbers",
    "websiteUri",
    "categories",
    "profile",
    "latlng",
    "regularHours",
    "specialHours",
}
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
WEEK = 7 * 1440


def error(status: int, message: str, google_status: str, violations=()) -> tuple[int, dict, dict]:
    details = []
    if violations:
        details.append(
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": v[0], "description": v[2]} for v in violations],
            }
        )
        details.extend(
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": code,
                "domain": "mybusinessbusinessinformation.googleapis.com",
                "metadata": {"field": field, "message": text},
            }
            for field, code, text in violations
        )
    body = {"error": {"code": status, "message": message, "status": google_status, "details": details}}
    return status, body, {}


def fault(status: int) -> tuple[int, dict, dict]:
    names = {429: "RESOURCE_EXHAUSTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED", 500: "INTERNAL"}
    messages = {429: "Resource has been exhausted (e.g. check quota).", 503: "The service is currently unavailable."}
    return error(status, messages.get(status, "Internal error encountered."), names.get(status, "INTERNAL"))


def not_found(what: str):
    return error(404, f"Requested entity was not found: {what}", "NOT_FOUND")


# -- Validation --------------------------------------------------------------------------------
def _time(value, *, closing: bool) -> int | None:
    """Minutes of a TimeOfDay, or None when out of range (24:00 only as a closing time)."""
    value = value or {}
    hours, mins = value.get("hours", 0), value.get("minutes", 0)
    if not (isinstance(hours, int) and isinstance(mins, int)) or not 0 <= mins <= 59:
        return None
    if 0 <= hours <= 23 or (closing and hours == 24 and mins == 0):
        return hours * 60 + mins
    return None


def _date(value) -> datetime.date | None:
    try:
        return datetime.date(int(value["year"]), int(value["month"]), int(value["day"]))
    except (KeyError, TypeError, ValueError):
        return None


def regular_hours_errors(regular: dict) -> list[tuple[str, str, str]]:
    errors, spans = [], []
    for index, period in enumerate((regular or {}).get("periods") or []):
        path = f"regular_hours.periods[{index}]"
        if period.get("openDay") not in DAYS or period.get("closeDay") not in DAYS:
            errors.append((f"{path}.open_day", "VALUE_OUTSIDE_ALLOWED_RANGE", "unknown day of the week"))
            continue
        start = _time(period.get("openTime"), closing=False)
        end = _time(period.get("closeTime"), closing=True)
        if start is None:
            errors.append((f"{path}.open_time", "VALUE_OUTSIDE_ALLOWED_RANGE", "hours 0-23, minutes 0-59"))
            continue
        if end is None:
            errors.append((f"{path}.close_time", "VALUE_OUTSIDE_ALLOWED_RANGE", "hours 0-24, minutes 0-59"))
            continue
        open_day, close_day = DAYS.index(period["openDay"]), DAYS.index(period["closeDay"])
        if close_day == open_day and end <= start:
            errors.append((f"{path}.close_time", "INVERTED_RANGE", "the period closes before it opens"))
            continue
        gap = (close_day - open_day) % 7
        if gap > 1 or (gap == 1 and end > start):
            errors.append((f"{path}.close_day", "VALUE_OUTSIDE_ALLOWED_RANGE", "a period lasts less than 24 hours"))
            continue
        begin = open_day * 1440 + start
        spans.append((begin, begin + gap * 1440 + end - start, index))
    spans.sort()
    for (_, end_a, _), (begin_b, _, index_b) in itertools.pairwise(spans):
        if begin_b < end_a:
            errors.append((f"regular_hours.periods[{index_b}]", "OVERLAPPING_RANGES", "periods overlap"))
    if len(spans) > 1 and spans[-1][1] - WEEK > spans[0][0]:
        errors.append((f"regular_hours.periods[{spans[0][2]}]", "OVERLAPPING_RANGES", "periods overlap"))
    return errors


def special_hours_errors(special: dict) -> list[tuple[str, str, str]]:
    errors, by_date = [], {}
    for index, period in enumerate((special or {}).get("specialHourPeriods") or []):
        path = f"special_hours.special_hour_periods[{index}]"
        start_date = _date(period.get("startDate"))
        if start_date is None:
            errors.append((f"{path}.start_date", "VALUE_OUTSIDE_ALLOWED_RANGE", "invalid date"))
            continue
        if period.get("closed"):
            by_date.setdefault(start_date, []).append((0, 1440, index))
            continue
        end_date = _date(period.get("endDate")) if period.get("endDate") else start_date
        start = _time(period.get("openTime"), closing=False)
        end = _time(period.get("closeTime"), closing=True)
        if end_date is None or start is None or end is None:
            errors.append((path, "VALUE_OUTSIDE_ALLOWED_RANGE", "invalid date or time"))
            continue
        duration = (end_date - start_date).days * 1440 + end - start
        if duration <= 0:
            errors.append((f"{path}.close_time", "INVERTED_RANGE", "the period closes before it opens"))
            continue
        if duration >= 1440:
            errors.append((f"{path}.end_date", "VALUE_OUTSIDE_ALLOWED_RANGE", "special hours last less than 24 hours"))
            continue
        by_date.setdefault(start_date, []).append((start, start + duration, index))
    for spans in by_date.values():
        spans.sort()
        for (_, end_a, _), (begin_b, _, index_b) in itertools.pairwise(spans):
            if begin_b < end_a:
                errors.append(
                    (f"special_hours.special_hour_periods[{index_b}]", "OVERLAPPING_RANGES", "periods overlap")
                )
    return errors


def location_errors(doc: dict, mask: set[str]) -> list[tuple[str, str, str]]:
    errors = []
    if "title" in mask and not str(doc.get("title", "")).strip():
        errors.append(("title", "REQUIRED_FIELD_MISSING", "a location needs a title"))
    if "title" in mask and len(str(doc.get("title", ""))) > 100:
        errors.append(("title", "STRING_TOO_LONG", "100 characters at most"))
    phone = (doc.get("phoneNumbers") or {}).get("primaryPhone", "")
    if "phoneNumbers" in mask and phone and not PHONE.match(phone):
        errors.append(("phone_numbers.primary_phone", "INVALID_PHONE_NUMBER", f"not a phone number: {phone}"))
    website = doc.get("websiteUri", "")
    if "websiteUri" in mask and website and not re.match(r"^https?://[^\s]+$", website):
        errors.append(("website_uri", "INVALID_URL", "not a URL"))
    if "profile" in mask and len((doc.get("profile") or {}).get("description", "")) > 750:
        errors.append(("profile.description", "STRING_TOO_LONG", "750 characters at most"))
    latlng = doc.get("latlng") or {}
    if "latlng" in mask and latlng:
        lat, lng = latlng.get("latitude"), latlng.get("longitude")
        if not (
            isinstance(lat, int | float) and -90 <= lat <= 90 and isinstance(lng, int | float) and -180 <= lng <= 180
        ):
            errors.append(("latlng", "VALUE_OUTSIDE_ALLOWED_RANGE", "latitude -90..90, longitude -180..180"))
    if "regularHours" in mask:
        errors.extend(regular_hours_errors(doc.get("regularHours")))
    if "specialHours" in mask:
        errors.extend(special_hours_errors(doc.get("specialHours")))
    return errors


# -- Rendering ---------------------------------------------------------------------------------
def render_review(location: str, review: dict) -> dict:
    result = {
        "name": f"locations/{location}/reviews/{review['review_id']}",
        "reviewId": review["review_id"],
        "reviewer": {"displayName": review.get("author", "")},
        "starRating": STAR_NAMES.get(int(review.get("rating", 0)), "STAR_RATING_UNSPECIFIED"),
        "comment": review.get("text", ""),
        "createTime": review.get("created_at", ""),
        "updateTime": review.get("created_at", ""),
    }
    if review.get("reply"):
        result["reviewReply"] = {"comment": review["reply"]["text"], "updateTime": review["reply"]["updated_at"]}
    return result


def state(sim, external_id: str) -> dict | None:
    doc = sim.listings["google"].get(external_id)
    return None if doc is None else from_google(doc, sim.media.get(external_id, []))


def search_key(doc: dict) -> tuple[str, str, str]:
    return (
        doc.get("title", ""),
        (doc.get("storefrontAddress") or {}).get("postalCode", ""),
        (doc.get("phoneNumbers") or {}).get("primaryPhone", ""),
    )


# -- Routes ------------------------------------------------------------------------------------
def handle(sim, method: str, path: str, query: dict, body):
    parts = path.strip("/").split("/")
    if parts == ["googleLocations:search"] and method == "POST":
        location = (body or {}).get("location") or {}
        name = location.get("title") or (body or {}).get("query", "")
        postal = (location.get("storefrontAddress") or {}).get("postalCode", "")
        phone = (location.get("phoneNumbers") or {}).get("primaryPhone", "")
        found = sim.search("google", name, postal, phone, search_key)
        return 200, {"googleLocations": [{"name": f"googleLocations/{i}", "location": doc} for i, doc in found]}, {}
    if parts == ["locations"] and method == "POST":
        return create(sim, query, body or {})
    if not parts or parts[0] != "locations" or len(parts) < 2:
        return not_found(path)
    external_id, _, verb = parts[1].partition(":")
    doc = sim.listings["google"].get(external_id)
    if doc is None:
        return not_found(f"locations/{external_id}")
    rest = parts[2:]
    if verb == "getDailyMetrics" and method == "GET":
        day = query.get("date", "")
        numbers = sim.day_stats("google", external_id, day)
        views = numbers["views"]
        split = [views // 4 + (1 if i < views % 4 else 0) for i in range(4)]
        metrics = [
            {"dailyMetric": name, "value": str(value)}
            for name, value in zip(
                (
                    "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
                    "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
                    "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
                    "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
                ),
                split,
                strict=True,
            )
        ]
        metrics += [
            {"dailyMetric": "CALL_CLICKS", "value": str(numbers["calls"])},
            {"dailyMetric": "BUSINESS_DIRECTION_REQUESTS", "value": str(numbers["direction_requests"])},
            {"dailyMetric": "WEBSITE_CLICKS", "value": str(numbers["website_clicks"])},
        ]
        return 200, {"date": day, "metrics": metrics}, {}
    if not rest:
        if method == "GET":
            return 200, doc, {}
        if method == "PATCH":
            return patch(sim, external_id, doc, query, body or {})
    elif rest[0] == "media":
        return media(sim, method, external_id, rest[1:], body or {})
    elif rest[0] == "reviews":
        return reviews(sim, method, external_id, rest[1:], query, body or {})
    return error(405, "Method not allowed", "UNIMPLEMENTED")


def patch(sim, external_id: str, doc: dict, query: dict, body: dict):
    mask = {field.strip() for field in query.get("updateMask", "").split(",") if field.strip()}
    if not mask:
        return error(400, "updateMask is required", "INVALID_ARGUMENT", [("update_mask", "REQUIRED_FIELD_MISSING", "")])
    unknown = mask - MASKABLE
    if unknown:
        return error(400, "Invalid field mask", "INVALID_ARGUMENT", [("update_mask", "INVALID_ARGUMENT", str(unknown))])
    candidate = dict(doc)
    for field in mask:
        if field in body:
            candidate[field] = body[field]
        else:
            candidate.pop(field, None)
    violations = location_errors(candidate, mask)
    if violations:
        return error(400, "Request contains an invalid argument.", "INVALID_ARGUMENT", violations)
    if query.get("validateOnly") == "true":
        return 200, candidate, {}
    candidate["metadata"] = {**(doc.get("metadata") or {}), "hasGoogleUpdated": False}
    sim.listings["google"][external_id] = candidate
    return 200, candidate, {}


def create(sim, query: dict, body: dict):
    request_id = query.get("requestId")
    if request_id and ("google", request_id) in sim.request_ids:
        return 200, sim.listings["google"][sim.request_ids[("google", request_id)]], {}
    violations = location_errors(body, MASKABLE)
    if violations:
        return error(400, "Request contains an invalid argument.", "INVALID_ARGUMENT", violations)
    if query.get("validateOnly") == "true":
        return 200, body, {}
    external_id = sim.new_id("google")
    doc = {**body, "name": f"locations/{external_id}", "metadata": {"hasGoogleUpdated": False}}
    sim.listings["google"][external_id] = doc
    if request_id:
        sim.request_ids[("google", request_id)] = external_id
    return 200, doc, {}


def media(sim, method: str, external_id: str, rest: list[str], body: dict):
    items = sim.media.setdefault(external_id, [])
    if not rest and method == "GET":
        return 200, {"mediaItems": items, "totalMediaItemCount": len(items)}, {}
    if not rest and method == "POST":
        category = (body.get("locationAssociation") or {}).get("category")
        if category not in ("LOGO", "COVER", "INTERIOR", "EXTERIOR", "PROFILE", "ADDITIONAL"):
            return error(400, "Invalid category", "INVALID_ARGUMENT", [("media.category", "INVALID_ARGUMENT", "")])
        if not str(body.get("sourceUrl", "")).startswith(("http://", "https://")):
            return error(400, "Invalid source", "INVALID_ARGUMENT", [("media.source_url", "INVALID_URL", "")])
        media_id = sim.new_id("google-media")
        item = {**body, "name": f"locations/{external_id}/media/{media_id}", "googleUrl": body.get("sourceUrl")}
        items.append(item)
        return 200, item, {}
    if len(rest) == 1 and method == "DELETE":
        kept = [item for item in items if location_id(item["name"]) != rest[0]]
        if len(kept) == len(items):
            return not_found(f"media/{rest[0]}")
        sim.media[external_id] = kept
        return 200, {}, {}
    return error(405, "Method not allowed", "UNIMPLEMENTED")


def reviews(sim, method: str, external_id: str, rest: list[str], query: dict, body: dict):
    stored = sim.reviews.setdefault(("google", external_id), [])
    if not rest and method == "GET":
        size = min(int(query.get("pageSize") or 50), 50)
        offset = int(query.get("pageToken") or 0)
        page = stored[offset : offset + size]
        answer = {
            "reviews": [render_review(external_id, review) for review in page],
            "averageRating": round(sum(r["rating"] for r in stored) / len(stored), 2) if stored else None,
            "totalReviewCount": len(stored),
        }
        if offset + size < len(stored):
            answer["nextPageToken"] = str(offset + size)
        return 200, answer, {}
    if len(rest) == 2 and rest[1] == "reply" and method == "PUT":
        review = next((r for r in stored if r["review_id"] == rest[0]), None)
        if review is None:
            return not_found(f"reviews/{rest[0]}")
        comment = str(body.get("comment", "")).strip()
        if not comment or len(comment) > 4096:
            return error(400, "Invalid reply", "INVALID_ARGUMENT", [("comment", "INVALID_ARGUMENT", "1-4096 chars")])
        review["reply"] = {"text": comment, "updated_at": sim.now()}
        return 200, {"comment": comment, "updateTime": review["reply"]["updated_at"]}, {}
    return error(405, "Method not allowed", "UNIMPLEMENTED")
