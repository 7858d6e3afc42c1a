"""Helpers for tests against the real directory simulator over HTTP (once it is merged)."""

import importlib.util

import requests

from listings.models import DirectoryLink, Listing
from listings.payload import differing_fields
from listings.services import ensure_listings
from tests.services import need

DIRECTORIES = ("google", "facebook", "pagesjaunes")


def need_simulator() -> None:
    need(
        importlib.util.find_spec("listings.simulator") is not None
        and importlib.util.find_spec("listings.directories.base") is not None,
        "the directory simulator is not merged yet",
    )


def link_on_simulator(base_url: str, locations) -> None:
    """Put the stores on the simulator's three directories, showing their data, and link them."""
    listings = ensure_listings(locations)
    items = [
        {"directory": d, "payload": listings[loc.pk].current_revision.payload} for loc in locations for d in DIRECTORIES
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


def mixed_and_mismatched(base_url: str, locations, date: str) -> tuple[int, int]:
    published = {
        listing.location_id: listing.published_revision.payload
        for listing in Listing.objects.filter(location__in=locations).select_related("published_revision")
    }
    flags: dict[int, list[bool]] = {}
    mismatched = 0
    for link in DirectoryLink.objects.filter(location__in=locations):
        state = requests.get(f"{base_url}/_sim/state/{link.directory}/{link.external_id}", timeout=10).json()
        mismatched += bool(differing_fields(published[link.location_id], state))
        flags.setdefault(link.location_id, []).append(any(e["date"] == date for e in state.get("special_hours", [])))
    mixed = sum(1 for values in flags.values() if any(values) and not all(values))
    return mixed, mismatched
