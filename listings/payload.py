"""The canonical listing payload (the contract with the directory connectors) and its diffs."""

import json
from decimal import Decimal

from django.conf import settings

FIELDS = (
    "name",
    "address",
    "phone",
    "website",
    "categories",
    "description",
    "latitude",
    "longitude",
    "regular_hours",
    "special_hours",
    "photos",
)
PROFILE_FIELDS = ("name", "address", "phone", "website", "categories", "description", "latitude", "longitude")
HOURS_FIELDS = ("regular_hours", "special_hours")
PHOTO_FIELDS = ("photos",)
# Which capability each field needs.
FIELD_CAPABILITY = {
    **dict.fromkeys(PROFILE_FIELDS, "edit_profile"),
    **dict.fromkeys(HOURS_FIELDS, "edit_hours"),
    "photos": "manage_photos",
}


def geo(value) -> str | None:
    return None if value is None else f"{Decimal(value):.6f}"


def photo_url(photo) -> str:
    return settings.SITE_URL.rstrip("/") + photo.image.url


def build_payload(location, listing) -> dict:
    """The payload from rows (prefetch `regular_hours`, `special_hours`, `photos` for speed)."""
    from listings.hours import sort_regular_hours

    regular = sort_regular_hours(
        [{"day": p.day, "open": p.open, "close": p.close} for p in listing.regular_hours.all()]
    )
    special = [
        {"date": s.date.isoformat(), "closed": True}
        if s.closed
        else {"date": s.date.isoformat(), "closed": False, "open": s.open, "close": s.close}
        for s in sorted(listing.special_hours.all(), key=lambda s: s.date)
    ]
    photos = [
        {"category": p.category, "url": photo_url(p), "sha256": p.sha256}
        for p in sorted(listing.photos.all(), key=lambda p: (p.category, p.id))
        if p.is_active
    ]
    return {
        "name": location.name,
        "address": {
            "street": location.street_address,
            "city": location.city,
            "postal_code": location.postal_code,
            "region": location.state,
            "country": location.country,
        },
        "phone": location.phone or "",
        "website": listing.website,
        "categories": list(listing.categories or []),
        "description": listing.description,
        "latitude": geo(location.latitude),
        "longitude": geo(location.longitude),
        "regular_hours": regular,
        "special_hours": special,
        "photos": photos,
    }


def listing_payload(location) -> dict:
    """The canonical payload of a location's listing, as every directory should show it."""
    from listings.models import Listing

    listing = Listing.objects.select_related("location").filter(location_id=location.pk).first()
    if listing is None:
        return empty_payload(location)
    return build_payload(listing.location, listing)  # fresh rows, not the caller's copy


def empty_payload(location) -> dict:
    """The payload of a location whose listing has no data of its own yet."""
    return build_payload(location, _EmptyListing())


class _EmptyListing:
    """Stands for a listing not created yet: no hours and no photos."""

    class _Nothing:
        def all(self):
            return []

    def __init__(self):
        self.website, self.categories, self.description = "", [], ""
        self.regular_hours = self.special_hours = self.photos = self._Nothing()


def same(field: str, ours, theirs) -> bool:
    """Does a directory show this field as we do? Photos compare by content, not by URL."""
    if field == "photos":
        return sorted((p["category"], p["sha256"]) for p in ours or []) == sorted(
            (p.get("category"), p.get("sha256")) for p in theirs or []
        )
    if field in HOURS_FIELDS:
        # Directories list periods in their own order (Google by day, then by time): a store open
        # 9-12 and 13-17 every day is the same store whichever period is listed first.
        return _unordered(ours) == _unordered(theirs)
    if field in ("latitude", "longitude"):
        return (ours is None and theirs is None) or (
            ours is not None and theirs is not None and Decimal(str(ours)) == Decimal(str(theirs))
        )
    return ours == theirs


def _unordered(periods) -> list[str] | None:
    if not isinstance(periods, list):
        return periods
    return sorted(json.dumps(period, sort_keys=True) for period in periods)


def differing_fields(ours: dict, theirs: dict, fields=FIELDS) -> list[str]:
    return [field for field in fields if not same(field, ours.get(field), (theirs or {}).get(field))]


def diff(before: dict, after: dict) -> dict:
    return {field: [before.get(field), after.get(field)] for field in differing_fields(after, before)}
