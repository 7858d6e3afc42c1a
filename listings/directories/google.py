"""Google Business Profile-style connector: locations with `regularHours.periods`,
`specialHours.specialHourPeriods`, PATCH with `updateMask` (and `validateOnly`), media, reviews.

`to_google` / `from_google` are the pure mapping between our canonical payload and a Google
location; the simulator stores Google locations and uses `from_google` to answer `/_sim/state`.
"""

import datetime
import uuid
from decimal import Decimal

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


def to_google(payload: dict, fields) -> dict:
    """The Location fields for `fields` of our payload (photos travel through the media API)."""
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
            names = list(payload.get("categories") or [])
            doc["categories"] = {
                "primaryCategory": {"displayName": names[0]} if names else {},
                "additionalCategories": [{"displayName": name} for name in names[1:]],
            }
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


def from_google(doc: dict, media: list[dict] | None = None) -> dict:
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
    primary = (categories.get("primaryCategory") or {}).get("displayName")
    payload["categories"] = ([primary] if primary else []) + [
        c.get("displayName", "") for c in categories.get("additionalCategories") or []
    ]
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
class GoogleConnector(DirectoryConnector):
    key = "google"
    prefix = "/google/v1"

    def field_errors(self, body: dict) -> list[FieldError]:
        errors = []
        for detail in (body.get("error") or {}).get("details") or []:
            if not detail.get("@type", "").endswith("ErrorInfo"):
                continue
            path = (detail.get("metadata") or {}).get("field", "")
            head = path.split(".", 1)[0].split("[", 1)[0]
            errors.append(
                FieldError(
                    ERROR_FIELDS.get(head, head),
                    detail.get("reason", "INVALID_ARGUMENT"),
                    (detail.get("metadata") or {}).get("message", "") or path,
                )
            )
        return errors

    def error_message(self, body: dict) -> tuple[str, str]:
        error = body.get("error") or {}
        return error.get("message", ""), error.get("status", "")

    def _media(self, external_id: str) -> list[dict]:
        return self.request("GET", f"/locations/{external_id}/media").get("mediaItems", [])

    def get(self, external_id: str) -> dict:
        doc = self.request("GET", f"/locations/{external_id}")
        return from_google(doc, self._media(external_id))

    def _patch(self, external_id: str, payload: dict, fields, *, validate_only: bool) -> dict:
        doc = mapped(to_google, payload, fields)
        mask = ",".join(sorted({MASKS[f] for f in fields if f in MASKS}))
        params = {"updateMask": mask}
        if validate_only:
            params["validateOnly"] = "true"
        return self.request("PATCH", f"/locations/{external_id}", params=params, json=doc)

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        fields = check_fields(fields)
        location_fields = [f for f in fields if f in MASKS]
        if location_fields:
            doc = self._patch(external_id, payload, location_fields, validate_only=False)
        else:
            doc = self.request("GET", f"/locations/{external_id}")
        media = self._media(external_id)
        if "photos" in fields:
            media = self._sync_media(external_id, media, payload.get("photos") or [])
        return from_google(doc, media)

    def _sync_media(self, external_id: str, media: list[dict], photos: list[dict]) -> list[dict]:
        """Delete what we no longer show, upload what is new; a rerun after a failure converges."""
        wanted = {(p.get("category"), p.get("sha256")): p for p in photos}
        kept = []
        for item in media:
            photo = media_from_google(item)
            key = (photo["category"], photo["sha256"])
            if key in wanted and key not in {(m["category"], m["sha256"]) for m in map(media_from_google, kept)}:
                kept.append(item)
            else:
                self.request("DELETE", f"/locations/{external_id}/media/{location_id(item['name'])}")
        present = {(m["category"], m["sha256"]) for m in map(media_from_google, kept)}
        for key, photo in wanted.items():
            if key not in present:
                kept.append(self.request("POST", f"/locations/{external_id}/media", json=media_to_google(photo)))
        return kept

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        fields = check_fields(fields)
        errors = [
            FieldError("photos", "INVALID_CATEGORY", f"unknown photo category {p.get('category')!r}")
            for p in (payload.get("photos") or [])
            if "photos" in fields and p.get("category") not in ("LOGO", "COVER", "INTERIOR", "EXTERIOR")
        ]
        location_fields = [f for f in fields if f in MASKS]
        if location_fields:
            try:
                self._patch(external_id, payload, location_fields, validate_only=True)
            except ValidationFailed as failure:
                errors.extend(failure.errors)
        return errors

    def create(self, payload: dict) -> str:
        doc = to_google(payload, [f for f in MASKS if f != "longitude"])
        # requestId makes a retried create (after a lost response) return the same location.
        created = self.request("POST", "/locations", params={"requestId": str(uuid.uuid4())}, json=doc)
        external_id = location_id(created["name"])
        if payload.get("photos"):
            self._sync_media(external_id, [], payload["photos"])
        return external_id

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        query = {"title": name, "storefrontAddress": to_google({"address": address}, ["address"])["storefrontAddress"]}
        if phone:
            query["phoneNumbers"] = {"primaryPhone": phone}
        body = self.request("POST", "/googleLocations:search", json={"location": query, "pageSize": 10})
        return [
            {"external_id": location_id(match["location"]["name"]), "payload": from_google(match["location"])}
            for match in body.get("googleLocations", [])
        ]

    def reviews(self, external_id: str) -> list[dict]:
        result, token = [], ""
        while True:
            params = {"pageSize": 50, **({"pageToken": token} if token else {})}
            body = self.request("GET", f"/locations/{external_id}/reviews", params=params)
            result.extend(review_from_google(review) for review in body.get("reviews", []))
            token = body.get("nextPageToken", "")
            if not token:
                return result

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        self.request("PUT", f"/locations/{external_id}/reviews/{review_id}/reply", json={"comment": text})

    def daily_stats(self, external_id: str, day: datetime.date) -> dict:
        body = self.request("GET", f"/locations/{external_id}:getDailyMetrics", params={"date": day.isoformat()})
        values = {m["dailyMetric"]: int(m.get("value", 0)) for m in body.get("metrics", [])}
        summary = self.request("GET", f"/locations/{external_id}/reviews", params={"pageSize": 1})
        average = summary.get("averageRating")
        return {
            "views": sum(values.get(metric, 0) for metric in VIEW_METRICS),
            "calls": values.get("CALL_CLICKS", 0),
            "direction_requests": values.get("BUSINESS_DIRECTION_REQUESTS", 0),
            "website_clicks": values.get("WEBSITE_CLICKS", 0),
            "review_count": int(summary.get("totalReviewCount", 0)),
            "rating": str(Decimal(str(average)).quantize(Decimal("0.01"))) if average is not None else None,
        }
