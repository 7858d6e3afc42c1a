"""Google Business Profile connector, following Google's public references:

- Business Information API v1 (https://developers.google.com/my-business/reference/businessinformation/rest):
  `locations.get` with its required `readMask`, `locations.patch` with `updateMask` (and
  `validateOnly` for a dry run, which answers an empty body), `accounts.locations.create` under
  `accounts/{account}` with a `requestId`, `googleLocations.search`; categories written by their
  `name` (`categories/gcid:...`; `displayName` is output-only), from the brand's category lookup.
- My Business API v4 for reviews and media (https://developers.google.com/my-business/reference/rest/v4):
  `accounts/{account}/locations/{location}/reviews` (list, `.../reply` PUT) and `.../media`.
- Business Profile Performance API v1 (https://developers.google.com/my-business/reference/performance/rest):
  `locations/{location}:fetchMultiDailyMetricsTimeSeries` on its own host.

`to_google` / `from_google` are the pure mapping between our canonical payload and a Location.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings

from listings.directories.base import (
    DAYS,
    DirectoryConnector,
    FieldError,
    ValidationFailed,
    check_fields,
    coordinate,
    empty_payload,
    hhmm,
    mapped,
    minutes,
    normalise,
    only,
    with_coupled,
)

# Our field -> the Location field named in Google's updateMask.
MASKS = {
    "name": "title",
    "address": "storefrontAddress",
    "phone": "phoneNumbers",
    "website": "websiteUri",
    "categories": "categories",
    "description": "profile",
    "latitude": "latlng",
    "longitude": "latlng",
    "regular_hours": "regularHours",
    "special_hours": "specialHours",
}
# The first segment of a field path in Google's errors (snake_case) -> our field.
ERROR_FIELDS = {
    "title": "name",
    "storefront_address": "address",
    "phone_numbers": "phone",
    "website_uri": "website",
    "categories": "categories",
    "profile": "description",
    "latlng": "latitude",
    "regular_hours": "regular_hours",
    "special_hours": "special_hours",
    "media": "photos",
}
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
STAR_NAMES = {value: key for key, value in STARS.items()}
VIEW_METRICS = (
    "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
    "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
    "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
    "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
)


# -- Mapping ---------------------------------------------------------------------------------
def tod(value: str) -> dict:
    """ "HH:MM" as Google's TimeOfDay, digit for digit (an out-of-range value stays visible)."""
    hours, mins = (int(part) for part in value.split(":"))
    return {key: number for key, number in (("hours", hours), ("minutes", mins)) if number}


def from_time_of_day(value: dict | None) -> int:
    value = value or {}
    return int(value.get("hours", 0)) * 60 + int(value.get("minutes", 0))


def google_date(day: str) -> dict:
    parsed = datetime.date.fromisoformat(day)
    return {"year": parsed.year, "month": parsed.month, "day": parsed.day}


def from_google_date(value: dict) -> datetime.date:
    return datetime.date(int(value["year"]), int(value["month"]), int(value["day"]))


def periods_to_google(periods: list[dict]) -> dict:
    result = []
    for period in periods:
        start, end = minutes(period["open"]), minutes(period["close"])
        close_day = period["day"] if end > start else DAYS[(DAYS.index(period["day"]) + 1) % 7]
        result.append(
            {
                "openDay": period["day"],
                "openTime": tod(period["open"]),
                "closeDay": close_day,
                "closeTime": tod(period["close"]),
            }
        )
    return {"periods": result}


def periods_from_google(regular: dict | None) -> list[dict]:
    result = []
    for period in (regular or {}).get("periods", []):
        # 24:00 is {"hours": 24} the same day; 00:00 the next day stays 00:00 (a faithful round trip).
        start, end = from_time_of_day(period.get("openTime")), from_time_of_day(period.get("closeTime"))
        result.append({"day": period["openDay"], "open": hhmm(start), "close": hhmm(end)})
    return result


def special_to_google(days: list[dict]) -> dict:
    result = []
    for entry in days:
        if entry.get("closed"):
            result.append({"startDate": google_date(entry["date"]), "closed": True})
            continue
        start, end = minutes(entry["open"]), minutes(entry["close"])
        end_date = datetime.date.fromisoformat(entry["date"]) + datetime.timedelta(days=0 if end > start else 1)
        result.append(
            {
                "startDate": google_date(entry["date"]),
                "openTime": tod(entry["open"]),
                "endDate": google_date(end_date.isoformat()),
                "closeTime": tod(entry["close"]),
            }
        )
    return {"specialHourPeriods": result}


def special_from_google(special: dict | None) -> list[dict]:
    result = []
    for period in (special or {}).get("specialHourPeriods", []):
        start_date = from_google_date(period["startDate"])
        if period.get("closed"):
            result.append({"date": start_date.isoformat(), "closed": True})
            continue
        start, end = from_time_of_day(period.get("openTime")), from_time_of_day(period.get("closeTime"))
        result.append({"date": start_date.isoformat(), "closed": False, "open": hhmm(start), "close": hhmm(end)})
    return result


def to_google(payload: dict, fields, category_ids=None) -> dict:
    """The Location fields for `fields` of our payload (photos travel through the media API).
    `category_ids` turns our category names into Google's ids (`categories/gcid:...`)."""
    doc: dict = {}
    for field in fields:
        if field == "name":
            doc["title"] = payload.get("name", "")
        elif field == "address":
            address = payload.get("address") or {}
            doc["storefrontAddress"] = {
                "regionCode": address.get("country", ""),
                "postalCode": address.get("postal_code", ""),
                "administrativeArea": address.get("region", ""),
                "locality": address.get("city", ""),
                "addressLines": [address["street"]] if address.get("street") else [],
            }
        elif field == "phone":
            doc["phoneNumbers"] = {"primaryPhone": payload.get("phone") or ""}
        elif field == "website":
            doc["websiteUri"] = payload.get("website") or ""
        elif field == "categories":
            ids = (category_ids or list)(list(payload.get("categories") or []))
            doc["categories"] = (
                {"primaryCategory": {"name": ids[0]}, "additionalCategories": [{"name": i} for i in ids[1:]]}
                if ids
                else {}
            )
        elif field == "description":
            doc["profile"] = {"description": payload.get("description") or ""}
        elif field in ("latitude", "longitude"):
            lat, lng = payload.get("latitude"), payload.get("longitude")
            doc["latlng"] = {"latitude": float(lat), "longitude": float(lng)} if lat is not None and lng else {}
        elif field == "regular_hours":
            doc["regularHours"] = periods_to_google(payload.get("regular_hours") or [])
        elif field == "special_hours":
            doc["specialHours"] = special_to_google(payload.get("special_hours") or [])
    return doc


def media_to_google(photo: dict) -> dict:
    return {
        "mediaFormat": "PHOTO",
        "locationAssociation": {"category": photo.get("category", "")},
        "sourceUrl": photo.get("url", ""),
        "description": f"sha256:{photo.get('sha256', '')}",
    }


def media_from_google(item: dict) -> dict:
    description = item.get("description", "")
    return {
        "category": (item.get("locationAssociation") or {}).get("category", ""),
        "url": item.get("sourceUrl", ""),
        "sha256": description.removeprefix("sha256:") if description.startswith("sha256:") else "",
    }


def from_google(doc: dict, media: list[dict] | None = None, category_names=None) -> dict:
    """Our payload from a Location (and its media items); `category_names` turns Google's
    categories [(id, displayName)] into our names."""
    payload = empty_payload()
    payload["name"] = doc.get("title", "")
    address = doc.get("storefrontAddress") or {}
    payload["address"] = {
        "street": ", ".join(address.get("addressLines") or []),
        "city": address.get("locality", ""),
        "postal_code": address.get("postalCode", ""),
        "region": address.get("administrativeArea", ""),
        "country": address.get("regionCode", ""),
    }
    payload["phone"] = (doc.get("phoneNumbers") or {}).get("primaryPhone", "")
    payload["website"] = doc.get("websiteUri", "")
    categories = doc.get("categories") or {}
    every = [categories["primaryCategory"]] if categories.get("primaryCategory") else []
    every += categories.get("additionalCategories") or []
    pairs = [(c.get("name", ""), c.get("displayName", "")) for c in every]
    payload["categories"] = (category_names or (lambda items: [label or cid for cid, label in items]))(pairs)
    payload["description"] = (doc.get("profile") or {}).get("description", "")
    latlng = doc.get("latlng") or {}
    payload["latitude"] = coordinate(latlng.get("latitude"))
    payload["longitude"] = coordinate(latlng.get("longitude"))
    payload["regular_hours"] = periods_from_google(doc.get("regularHours"))
    payload["special_hours"] = special_from_google(doc.get("specialHours"))
    payload["photos"] = [media_from_google(item) for item in media or []]
    return normalise(payload)


def location_id(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def review_from_google(review: dict) -> dict:
    reply = review.get("reviewReply")
    return {
        "review_id": review["reviewId"],
        "author": (review.get("reviewer") or {}).get("displayName", ""),
        "rating": STARS.get(review.get("starRating"), 0),
        "text": review.get("comment", ""),
        "created_at": review.get("createTime", ""),
        "reply": {"text": reply.get("comment", ""), "updated_at": reply.get("updateTime", "")} if reply else None,
    }


# -- Connector -------------------------------------------------------------------------------
def daily_range(day: datetime.date) -> dict:
    return {
        **{f"dailyRange.startDate.{key}": getattr(day, key) for key in ("year", "month", "day")},
        **{f"dailyRange.endDate.{key}": getattr(day, key) for key in ("year", "month", "day")},
    }


class GoogleConnector(DirectoryConnector):
    key = "google"

    def __init__(self, *, account: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.account = account or settings.DIRECTORY_GOOGLE_ACCOUNT

    def info(self, path: str) -> str:
        return self.url("google_info", f"/v1/{path}")

    def v4(self, path: str) -> str:
        return self.url("google_v4", f"/v4/{self.account}/{path}")

    def field_errors(self, body: dict) -> list[FieldError]:
        """Google's ErrorInfo reasons (our business rules' codes) when given, else the
        BadRequest field violations (unknown names, wrong types)."""
        reasons, violations = [], []
        for detail in (body.get("error") or {}).get("details") or []:
            kind = detail.get("@type", "")
            if kind.endswith("ErrorInfo"):
                path = (detail.get("metadata") or {}).get("field", "")
                reasons.append((path, detail.get("reason", "INVALID_ARGUMENT"), path))
            elif kind.endswith("BadRequest"):
                violations += [
                    (v.get("field", ""), "INVALID_ARGUMENT", v.get("description", ""))
                    for v in detail.get("fieldViolations") or []
                ]
        errors = []
        for path, code, text in reasons or violations:
            head = path.split(".", 1)[0].split("[", 1)[0]
            errors.append(FieldError(ERROR_FIELDS.get(head, head), code, text))
        return errors

    def error_message(self, body: dict) -> tuple[str, str]:
        error = body.get("error") or {}
        return error.get("message", ""), error.get("status", "")

    def _location(self, doc: dict, media, fields) -> dict:
        return only(from_google(doc, media, self.category_names), fields)

    def _media(self, external_id: str) -> list[dict]:
        items, token = [], ""
        while True:
            params = {"pageSize": 100, **({"pageToken": token} if token else {})}
            body = self.request("GET", self.v4(f"locations/{external_id}/media"), params=params)
            items.extend(body.get("mediaItems", []))
            token = body.get("nextPageToken", "")
            if not token:
                return items

    def get(self, external_id: str, fields=None) -> dict:
        fields = with_coupled(check_fields(fields or self.readable))
        masks = sorted({MASKS[f] for f in fields if f in MASKS})
        doc = (
            self.request("GET", self.info(f"locations/{external_id}"), params={"readMask": ",".join(masks)})
            if masks
            else {}
        )
        media = self._media(external_id) if "photos" in fields else None
        return self._location(doc, media, fields)

    def _patch(self, external_id: str, payload: dict, fields, *, validate_only: bool) -> dict:
        doc = mapped(to_google, payload, fields, self.category_ids)
        params = {"updateMask": ",".join(sorted({MASKS[f] for f in fields if f in MASKS}))}
        if validate_only:
            params["validateOnly"] = "true"
        return self.request("PATCH", self.info(f"locations/{external_id}"), params=params, json=doc)

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        fields = with_coupled(check_fields(fields))
        location_fields = [f for f in fields if f in MASKS]
        doc = self._patch(external_id, payload, location_fields, validate_only=False) if location_fields else {}
        media = None
        if "photos" in fields:
            media = self._sync_media(external_id, self._media(external_id), payload.get("photos") or [])
        return self._location(doc, media, fields)

    def _sync_media(self, external_id: str, media: list[dict], photos: list[dict]) -> list[dict]:
        """Delete what we no longer show, upload what is new; a rerun after a failure converges."""
        wanted = {(p.get("category"), p.get("sha256")): p for p in photos}
        kept, present = [], set()
        for item in media:
            photo = media_from_google(item)
            key = (photo["category"], photo["sha256"])
            if key in wanted and key not in present:
                kept.append(item)
                present.add(key)
            else:
                self.request("DELETE", self.v4(f"locations/{external_id}/media/{location_id(item['name'])}"))
        for key, photo in wanted.items():
            if key not in present:
                kept.append(
                    self.request("POST", self.v4(f"locations/{external_id}/media"), json=media_to_google(photo))
                )
        return kept

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        fields = check_fields(fields)
        errors = [
            FieldError("photos", "INVALID_CATEGORY", f"unknown photo category {p.get('category')!r}")
            for p in (payload.get("photos") or [])
            if "photos" in fields and p.get("category") not in ("LOGO", "COVER", "INTERIOR", "EXTERIOR")
        ]
        location_fields = [f for f in with_coupled(fields) if f in MASKS]
        if location_fields:
            try:
                self._patch(external_id, payload, location_fields, validate_only=True)
            except ValidationFailed as failure:
                errors.extend(failure.errors)
        return errors

    def create(self, payload: dict) -> str:
        doc = mapped(to_google, payload, [f for f in MASKS if f != "longitude"], self.category_ids)
        doc = {key: value for key, value in doc.items() if value not in ({}, "", [])}
        # requestId makes a retried create (after a lost response) return the same location.
        created = self.request(
            "POST", self.info(f"{self.account}/locations"), params={"requestId": str(uuid.uuid4())}, json=doc
        )
        external_id = location_id(created["name"])
        if payload.get("photos"):
            self._sync_media(external_id, [], payload["photos"])
        return external_id

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        query = {"title": name, "storefrontAddress": to_google({"address": address}, ["address"])["storefrontAddress"]}
        if phone:
            query["phoneNumbers"] = {"primaryPhone": phone}
        body = self.request("POST", self.info("googleLocations:search"), json={"location": query, "pageSize": 10})
        return [
            {
                "external_id": location_id(match["location"]["name"]),
                "payload": from_google(match["location"], None, self.category_names),
            }
            for match in body.get("googleLocations", [])
            if (match.get("location") or {}).get("name")
        ]

    def reviews(self, external_id: str) -> list[dict]:
        result, token = [], ""
        while True:
            params = {"pageSize": 50, **({"pageToken": token} if token else {})}
            body = self.request("GET", self.v4(f"locations/{external_id}/reviews"), params=params)
            result.extend(review_from_google(review) for review in body.get("reviews", []))
            token = body.get("nextPageToken", "")
            if not token:
                return result

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        self.request("PUT", self.v4(f"locations/{external_id}/reviews/{review_id}/reply"), json={"comment": text})

    def daily_stats(self, external_id: str, day: datetime.date) -> dict:
        metrics = [*VIEW_METRICS, "CALL_CLICKS", "BUSINESS_DIRECTION_REQUESTS", "WEBSITE_CLICKS"]
        params = [("dailyMetrics", metric) for metric in metrics] + list(daily_range(day).items())
        body = self.request(
            "GET",
            self.url("google_performance", f"/v1/locations/{external_id}:fetchMultiDailyMetricsTimeSeries"),
            params=params,
        )
        values = dict.fromkeys(metrics, 0)
        for multi in body.get("multiDailyMetricTimeSeries", []):
            for series in multi.get("dailyMetricTimeSeries", []):
                points = (series.get("timeSeries") or {}).get("datedValues", [])
                values[series.get("dailyMetric")] = sum(int(point.get("value", 0)) for point in points)
        summary = self.request("GET", self.v4(f"locations/{external_id}/reviews"), params={"pageSize": 1})
        average = summary.get("averageRating")
        return {
            "views": sum(values[metric] for metric in VIEW_METRICS),
            "calls": values["CALL_CLICKS"],
            "direction_requests": values["BUSINESS_DIRECTION_REQUESTS"],
            "website_clicks": values["WEBSITE_CLICKS"],
            "review_count": int(summary.get("totalReviewCount", 0)),
            "rating": str(Decimal(str(average)).quantize(Decimal("0.01"))) if average is not None else None,
        }
