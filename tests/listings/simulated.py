"""Helpers for tests against the directory simulators over HTTP (stores seeded in each
directory's own format, read back through each directory's API)."""

import requests

from listings.directories.base import get_connector
from listings.directories.categories import category_lookup
from listings.models import DirectoryLink, Listing
from listings.payload import FIELDS, differing_fields
from listings.services import ensure_listings
from tests.listings.native import native

DIRECTORIES = ("google", "facebook", "pagesjaunes")


def need_simulator() -> None:
    """The simulators are part of the repository now: nothing to wait for."""


def link_on_simulator(base_url: str, locations) -> None:
    """Put the stores on the simulator's three directories, showing their data, and link them."""
    listings = ensure_listings(locations)
    items = [
        {"directory": d, **native(d, listings[loc.pk].current_revision.payload)}
        for loc in locations
        for d in DIRECTORIES
    ]
    created = requests.post(f"{base_url}/_sim/seed", json={"listings": items}, timeout=30).json()["listings"]
    DirectoryLink.objects.bulk_create(
        [
            DirectoryLink(location=locations[i // 3], directory=row["directory"], external_id=row["external_id"])
            for i, row in enumerate(created)
        ],
        update_conflicts=True,
        unique_fields=["location", "directory"],
        update_fields=["external_id"],
    )
    for listing in listings.values():
        Listing.objects.filter(pk=listing.pk).update(published_revision=listing.current_revision)


def shown_natively(base_url: str, link) -> dict:
    """What the directory shows of a linked store, read in its own format over the simulator's
    control API (outside faults and quotas), as our payload of the fields it can hold."""
    from listings.directories.facebook import from_facebook
    from listings.directories.google import from_google
    from listings.directories.pagesjaunes import from_pagesjaunes

    connector = get_connector(link.directory, base_url=base_url).with_categories(
        category_lookup(link.location.brand_id)[link.directory]
    )
    state = requests.get(f"{base_url}/_sim/state/{link.directory}/{link.external_id}", timeout=10).json()
    if link.directory == "google":
        media = requests.get(f"{base_url}/_sim/state/google/{link.external_id}/media", timeout=10).json()
        payload = from_google(state, media["mediaItems"], connector.category_names)
    elif link.directory == "facebook":
        payload = from_facebook(state, state["photos"]["data"], connector.category_names)
    else:
        payload = from_pagesjaunes(state, connector.category_names)
    return {field: value for field, value in payload.items() if field in connector.readable}


def mixed_and_mismatched(base_url: str, locations, date: str) -> tuple[int, int]:
    """(stores showing the holiday on some directories and not others, listings not showing our
    published revision), over the directories that can hold each field."""
    published = {
        listing.location_id: listing.published_revision.payload
        for listing in Listing.objects.filter(location__in=locations).select_related("published_revision")
    }
    flags: dict[int, list[bool]] = {}
    mismatched = 0
    for link in DirectoryLink.objects.filter(location__in=locations).select_related("location"):
        state = shown_natively(base_url, link)
        mismatched += bool(differing_fields(published[link.location_id], state, [f for f in FIELDS if f in state]))
        if "special_hours" in state:
            flags.setdefault(link.location_id, []).append(any(e["date"] == date for e in state["special_hours"]))
    mixed = sum(1 for values in flags.values() if any(values) and not all(values))
    return mixed, mismatched
