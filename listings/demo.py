"""Demo data of listings, called by `seed_demo` after the network exists: every store gets a
listing with hours, a description and a history (profile, hours, a holiday bulk change), then
the directory side links the stores to the simulator when it is installed."""

import logging

from django.conf import settings
from django.db import transaction

from listings.models import RevisionKind
from listings.services import _commit_change, ensure_listings

logger = logging.getLogger(__name__)

WEEK = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
CATEGORIES = ["Agence d'assurance", "Assurance auto", "Assurance habitation"]


def _hours(index: int) -> list[dict]:
    if index % 3 == 0:  # lunch break
        periods = [{"day": d, "open": "09:00", "close": "12:00"} for d in WEEK]
        periods += [{"day": d, "open": "13:00", "close": "17:00"} for d in WEEK]
    else:
        periods = [{"day": d, "open": "08:30", "close": "18:00"} for d in WEEK]
    if index % 2 == 0:
        periods.append({"day": "SATURDAY", "open": "10:00", "close": "14:00"})
    return periods


def seed(network) -> None:
    """`network` is network.demo.DemoNetwork; idempotent (stores with a history are kept)."""
    listings = ensure_listings(network.locations)
    editor = network.users.get("listings") or network.users.get("admin")
    owner = network.users.get("franchisee") or editor
    fresh = [loc for loc in network.locations if listings[loc.pk].revisions.count() == 1]
    with transaction.atomic():
        for index, location in enumerate(fresh):
            listing = listings[location.pk]
            _commit_change(
                location=location,
                listing=listing,
                values={
                    "website": settings.SITE_URL.rstrip("/") + location.franchise.get_absolute_url(),
                    "categories": CATEGORIES[: 1 + index % 3],
                    "description": f"{location.brand.name} à {location.city} : assurance auto, habitation et "
                    "entreprise, conseils personnalisés et rendez-vous sur place.",
                },
                kind=RevisionKind.EDIT,
                user=editor,
                sync=False,
            )
            hours_author = (
                owner if owner and owner.memberships.filter(franchise=location.franchise).exists() else editor
            )
            _commit_change(
                location=location,
                listing=listing,
                values={"regular_hours": _hours(index)},
                kind=RevisionKind.EDIT,
                user=hours_author,
                sync=False,
            )
    if fresh:
        from listings.bulk import bulk_special_hours

        with transaction.atomic():
            bulk_special_hours(
                user=editor,
                locations=fresh,
                entries=[
                    {"date": "2026-12-24", "closed": False, "open": "09:00", "close": "14:00"},
                    {"date": "2026-12-25", "closed": True},
                    {"date": "2027-01-01", "closed": True},
                ],
                label="Fêtes de fin d'année",
            )
    _seed_directories(network)


def _seed_directories(network) -> None:
    try:
        from listings.directories.demo import seed_directories
    except ImportError:
        return
    try:
        seed_directories(network, getattr(settings, "DIRECTORY_SIMULATOR_URL", None))
    except Exception:
        logger.exception("Could not link the demo stores to the directory simulator")
