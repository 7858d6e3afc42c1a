"""Facebook Pages connector, following the Graph API references:

- Page node: https://developers.facebook.com/docs/graph-api/reference/page/ (read `name`, `phone`,
  `website`, `description`, `category_list`, `location`, `hours`, `overall_star_rating`,
  `rating_count`; update with the parameters `Page.api_update` types in the official SDK,
  facebook_business/adobjects/page.py: `phone`, `website`, `description`, `category_list`
  (category ids), `location` (an object), `hours` (a map of `mon_1_open`/`mon_1_close`...)).
  The Page has no field for holiday hours and its name is not an update parameter: both are
  "not supported by this directory" (shown as such, never faked).
- Parameters are form-encoded, a map or list JSON-encoded (as the SDK sends them); an update asks
  for the fields it wrote back in the same request (read after write, Graph API 2.9).
- Photos: `POST /{page-id}/photos` (`url`, `caption`), `GET /{page-id}/photos?type=uploaded`,
  `DELETE /{photo-id}`: https://developers.facebook.com/docs/graph-api/reference/page/photos/
- Reviews: `GET /{page-id}/ratings`; a reply is a comment on the review's `open_graph_story`
  (`POST /{story-id}/comments`): https://developers.facebook.com/docs/graph-api/reference/page/ratings/
- Errors: https://developers.facebook.com/docs/graph-api/guides/error-handling
"""

import datetime
import itertools
import json
import re
from decimal import Decimal

from django.conf import settings

from listings.directories.base import (
    DAYS,
    DirectoryConnector,
    DirectoryError,
    FieldError,
    ValidationFailed,
    check_fields,
    coordinate,
    empty_payload,
    mapped,
    minutes,
    normalise,
    only,
    retry_after_seconds,
    with_coupled,
)

PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_KEY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)_([1-9])_(open|close)$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CLOSE_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
MAX_RANGES = 2
# Our field -> the Page fields that show it.
GRAPH_FIELDS = {
    "name": "name",
    "address": "location",
    "phone": "phone",
    "website": "website",
    "categories": "category_list",
    "description": "description",
    "latitude": "location",
    "longitude": "location",
    "regular_hours": "hours",
}
# Facebook's name of a field (as blamed in its errors) -> our field.
ERROR_FIELDS = {
    "name": "name",
    "location": "address",
    "phone": "phone",
    "website": "website",
    "category_list": "categories",
    "description": "description",
    "hours": "regular_hours",
    "photos": "photos",
}
THROTTLED = {4, 17, 32, 341, 613, 80001}
TRANSIENT = {1, 2}
DENIED = {10, 102, 190, 200, 210, 230}


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


def to_facebook(payload: dict, fields, category_ids=None) -> dict:
    """The Page update parameters for `fields` (objects, not yet form-encoded); holiday hours,
    the name and photos are not Page parameters."""
    doc: dict = {}
    for field in fields:
        if field == "address":
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
            doc["category_list"] = (category_ids or list)(list(payload.get("categories") or []))
        elif field == "description":
            doc["description"] = payload.get("description") or ""
        elif field in ("latitude", "longitude"):
            value = payload.get(field)
            doc.setdefault("location", {})[field] = float(value) if value is not None else None
        elif field == "regular_hours":
            doc["hours"] = hours_to_facebook(payload.get("regular_hours") or [])
    return doc


def form(params: dict) -> dict:
    """Graph parameters as the SDK sends them: strings as they are, maps and lists JSON-encoded."""
    return {key: json.dumps(value) if isinstance(value, dict | list) else str(value) for key, value in params.items()}


def photo_caption(photo: dict) -> str:
    return f"[{photo.get('category', '')}] sha256:{photo.get('sha256', '')}"


def photo_from_facebook(item: dict) -> dict:
    match = re.match(r"^\[(\w*)\] sha256:(\w*)$", item.get("name", ""))
    category, sha = match.groups() if match else ("", "")
    return {"category": category, "url": item.get("link", ""), "sha256": sha}


def from_facebook(doc: dict, photos: list[dict] | None = None, category_names=None) -> dict:
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
    pairs = [(str(c.get("id", "")), c.get("name", "")) for c in doc.get("category_list") or []]
    payload["categories"] = (category_names or (lambda items: [label for _id, label in items]))(pairs)
    payload["description"] = doc.get("description", "")
    payload["latitude"] = coordinate(location.get("latitude"))
    payload["longitude"] = coordinate(location.get("longitude"))
    payload["regular_hours"] = hours_from_facebook(doc.get("hours"))
    payload["photos"] = [photo_from_facebook(item) for item in photos or []]
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
    return errors


def review_from_facebook(rating: dict) -> dict:
    story = rating.get("open_graph_story") or {}
    comments = (story.get("comments") or {}).get("data") or []
    reply = comments[-1] if comments else None
    return {
        "review_id": story["id"],
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
    readable = ("name", "address", "phone", "website", "categories", "description", "latitude", "longitude",
                "regular_hours", "photos")  # fmt: skip
    writable = ("address", "phone", "website", "categories", "description", "latitude", "longitude", "regular_hours",
                "photos")  # fmt: skip

    def graph(self, path: str) -> str:
        return self.url("facebook", f"/{settings.DIRECTORY_FACEBOOK_API_VERSION}/{path}")

    def raise_for(self, response) -> None:
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        code = error.get("code")
        message = error.get("message", "")
        if code in THROTTLED or response.status_code == 429:
            raise DirectoryError(
                f"facebook: {message or 'rate limited'}",
                retryable=True,
                status=response.status_code,
                code="rate_limited",
                retry_after=retry_after_seconds(response),
            )
        if code in TRANSIENT or error.get("is_transient") or response.status_code >= 500:
            raise DirectoryError(
                f"facebook: {message or 'temporary error'}",
                retryable=True,
                status=response.status_code,
                code="unavailable",
                retry_after=retry_after_seconds(response),
            )
        if code in DENIED:
            raise DirectoryError(
                f"facebook: {message}", retryable=False, status=response.status_code, code="permission_denied",
                params={"detail": message[:200]},
            )  # fmt: skip
        if code == 803 or error.get("error_subcode") == 33:
            raise DirectoryError(f"facebook: {message}", retryable=False, status=response.status_code, code="not_found")
        super().raise_for(response)

    def field_errors(self, body: dict) -> list[FieldError]:
        error = body.get("error") or {}
        if error.get("code") != 100:
            return []
        match = re.search(r"Param (\w+)", error.get("message", ""))
        field = match.group(1) if match else ""
        return [
            FieldError(ERROR_FIELDS.get(field, field), str(error.get("error_subcode", 100)), error.get("message", ""))
        ]

    def error_message(self, body: dict) -> tuple[str, str]:
        error = body.get("error") or {}
        return error.get("message", ""), str(error.get("code", ""))

    @staticmethod
    def graph_fields(fields) -> str:
        return ",".join(sorted({GRAPH_FIELDS[f] for f in fields if f in GRAPH_FIELDS}))

    def _photos(self, external_id: str) -> list[dict]:
        items, after = [], ""
        while True:
            params = {"type": "uploaded", "fields": "id,name,link", "limit": 100, **({"after": after} if after else {})}
            body = self.request("GET", self.graph(f"{external_id}/photos"), params=params)
            items.extend(body.get("data", []))
            after = ((body.get("paging") or {}).get("cursors") or {}).get("after", "")
            if not (body.get("paging") or {}).get("next"):
                return items

    def _page(self, doc: dict, photos, fields) -> dict:
        return only(from_facebook(doc, photos, self.category_names), fields)

    def get(self, external_id: str, fields=None) -> dict:
        fields = [f for f in with_coupled(check_fields(fields or self.readable)) if f in self.readable]
        wanted = self.graph_fields(fields)
        doc = self.request("GET", self.graph(external_id), params={"fields": wanted}) if wanted else {}
        photos = self._photos(external_id) if "photos" in fields else None
        return self._page(doc, photos, fields)

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        fields = [f for f in check_fields(fields) if f in self.writable]
        try:
            doc = mapped(to_facebook, payload, fields, self.category_ids)
        except ValidationFailed as failure:
            return failure.errors
        return [FieldError(ERROR_FIELDS.get(f, f), str(code), message) for f, code, message in page_errors(doc)]

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        fields = [f for f in with_coupled(check_fields(fields)) if f in self.writable]
        params = mapped(to_facebook, payload, fields, self.category_ids)
        doc = {}
        if params:
            # Read after write: the answer is the Page as it now shows the fields we wrote.
            params["fields"] = self.graph_fields(fields)
            doc = self.request("POST", self.graph(external_id), data=form(params))
        photos = None
        if "photos" in fields:
            photos = self._sync_photos(external_id, self._photos(external_id), payload.get("photos") or [])
        return self._page(doc, photos, fields)

    def _sync_photos(self, external_id: str, shown: list[dict], photos: list[dict]) -> list[dict]:
        wanted = {(p.get("category"), p.get("sha256")): p for p in photos}
        kept, present = [], set()
        for item in shown:
            photo = photo_from_facebook(item)
            key = (photo["category"], photo["sha256"])
            if key in wanted and key not in present:
                kept.append(item)
                present.add(key)
            else:
                self.request("DELETE", self.graph(item["id"]))
        for key, photo in wanted.items():
            if key not in present:
                params = {"url": photo.get("url", ""), "caption": photo_caption(photo), "published": "false"}
                created = self.request("POST", self.graph(f"{external_id}/photos"), data=form(params))
                kept.append({"id": created.get("id", ""), "name": params["caption"], "link": params["url"]})
        return kept

    def create(self, payload: dict) -> str:
        raise DirectoryError(
            "facebook: Pages are created on Facebook, not through the API",
            retryable=False,
            code="not_supported",
            params={"directory": "facebook", "action": "create"},
        )

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        params = {"q": name, "fields": "id,name,location,phone,website,category_list,description,hours", "limit": 10}
        body = self.request("GET", self.graph("pages/search"), params=params)
        return [
            {"external_id": str(page["id"]), "payload": from_facebook(page, None, self.category_names)}
            for page in body.get("data", [])
        ]

    def reviews(self, external_id: str) -> list[dict]:
        result, after = [], ""
        fields = "created_time,rating,review_text,reviewer,open_graph_story{id,comments{message,created_time}}"
        while True:
            params = {"fields": fields, "limit": 50, **({"after": after} if after else {})}
            body = self.request("GET", self.graph(f"{external_id}/ratings"), params=params)
            result.extend(review_from_facebook(rating) for rating in body.get("data", []))
            after = ((body.get("paging") or {}).get("cursors") or {}).get("after", "")
            if not (body.get("paging") or {}).get("next"):
                return result

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        """A reply is a comment on the review's story (`review_id` is that story's id)."""
        self.request("POST", self.graph(f"{review_id}/comments"), data=form({"message": text}))

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
        body = self.request("GET", self.graph(f"{external_id}/insights"), params=params)
        result = dict.fromkeys(metrics.values(), 0)
        for series in body.get("data", []):
            if series.get("name") in metrics and series.get("values"):
                result[metrics[series["name"]]] = int(series["values"][0].get("value", 0))
        page = self.request("GET", self.graph(external_id), params={"fields": "overall_star_rating,rating_count"})
        rating = page.get("overall_star_rating")
        result["review_count"] = int(page.get("rating_count", 0))
        result["rating"] = str(Decimal(str(rating)).quantize(Decimal("0.01"))) if rating is not None else None
        return result
