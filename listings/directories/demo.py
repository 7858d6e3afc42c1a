"""Demo data of the directory side: the first demo stores linked to Google, Facebook and Pages
Jaunes, with reviews (some waiting for a reply for more than 48 hours), a duplicate listing
and 30 days of statistics.

`seed_directories(network)` writes the rows (idempotent, a second or so) and pushes the listings
to a running simulator; when none answers it logs and goes on: the simulator loads the same
listings from the database when it starts (`run_directory_simulator`), so the order of
`seed_demo` and `make run` does not matter.
"""

import datetime
import logging
import zlib
from decimal import Decimal

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from listings.models import (
    DirectoryCategory,
    DirectoryLink,
    DuplicateCandidate,
    LinkStatus,
    ListingDailyStats,
    Review,
)

logger = logging.getLogger(__name__)

STORES_ON = {"google": 12, "facebook": 8, "pagesjaunes": 6}  # the first N demo stores on each directory
DAYS = 30
REVIEWS = [
    ("Julie Tremblay", 5, "Accueil chaleureux et conseils clairs pour mon assurance habitation.", 2),
    ("Marc Gagnon", 4, "Bon service, un peu d'attente au comptoir.", 5),
    ("Sophie Roy", 2, "Trois appels avant d'avoir une réponse sur mon sinistre.", 3),
    ("Karim Benali", 5, "Soumission auto reçue en vingt minutes, merci !", 9),
    ("Émilie Côté", 3, "Correct, mais les horaires affichés n'étaient pas à jour.", 14),
]
REPLY = "Merci pour votre message ! Toute l'équipe vous remercie de votre confiance."
# The demo brand's category lookup: our name -> (Google, Facebook, Pages Jaunes).
CATEGORY_IDS = {
    "Agence d'assurance": ("categories/gcid:insurance_agency", "2247", "ASS001"),
    "Assurance auto": ("categories/gcid:auto_insurance_agency", "2249", "ASS003"),
    "Assurance habitation": ("categories/gcid:home_insurance_agency", "2250", "ASS004"),
}


def native_document(directory: str, payload: dict, lookup: dict) -> dict:
    """A listing in the directory's own format (the demo and benchmarks seed simulators with it):
    {"document": ..., "photos"?: ...}. Categories without an id in `lookup` are left out."""
    from listings.directories import facebook, google, pagesjaunes
    from listings.directories.base import FIELDS

    ids = lookup.get(directory, {})

    def category_ids(names):
        return [ids[name] for name in names if name in ids]

    if directory == "google":
        fields = [f for f in google.MASKS if f != "longitude"]
        doc = {k: v for k, v in google.to_google(payload, fields, category_ids).items() if v not in ({}, "", [])}
        photos = [google.media_to_google(p) for p in payload.get("photos") or []]
        return {"document": doc, "photos": photos, "account": settings.DIRECTORY_GOOGLE_ACCOUNT}
    if directory == "facebook":
        fields = [f for f in facebook.FacebookConnector.writable if f != "photos"]
        doc = {"name": payload.get("name", ""), **facebook.to_facebook(payload, fields, category_ids)}
        photos = [{"name": facebook.photo_caption(p), "link": p.get("url", "")} for p in payload.get("photos") or []]
        return {"document": doc, "photos": photos}
    return {"document": pagesjaunes.to_pagesjaunes(payload, FIELDS, category_ids)}


def external_id(directory: str, location_pk: int) -> str:
    return {"google": f"7{location_pk:011d}", "facebook": f"20{location_pk:010d}"}.get(
        directory, f"PJD{location_pk:07d}"
    )


def day_numbers(directory: str, location_pk: int, day: datetime.date) -> dict:
    seed = zlib.crc32(f"demo:{directory}:{location_pk}:{day}".encode())
    weekend = day.weekday() >= 5
    base = {"google": 180, "facebook": 70, "pagesjaunes": 40}[directory]
    return {
        "views": base // (2 if weekend else 1) + seed % 90,
        "calls": (seed >> 7) % (4 if weekend else 12),
        "direction_requests": (seed >> 11) % 18,
        "website_clicks": (seed >> 15) % 14,
    }


@transaction.atomic
def seed_rows(network) -> list[DirectoryLink]:
    if network.locations:
        brand = network.locations[0].brand
        for name, (google_id, facebook_id, code) in CATEGORY_IDS.items():
            DirectoryCategory.objects.get_or_create(
                brand=brand,
                name=name,
                defaults={"google_id": google_id, "facebook_id": facebook_id, "pagesjaunes_code": code},
            )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = now.date()
    links = []
    for directory, count in STORES_ON.items():
        for location in network.locations[:count]:
            link, _created = DirectoryLink.objects.get_or_create(
                location=location,
                directory=directory,
                defaults={"external_id": external_id(directory, location.pk), "status": LinkStatus.LINKED},
            )
            links.append(link)
    reviews, stats = [], []
    for index, link in enumerate(links):
        for number, (author, rating, text, days_ago) in enumerate(REVIEWS[: 2 + index % 4]):
            answered = (index + number) % 3 == 0
            written = now - datetime.timedelta(days=days_ago, hours=index)
            reviews.append(
                Review(
                    location_id=link.location_id,
                    directory=link.directory,
                    external_review_id=f"demo-{link.directory}-{link.location_id}-{number}",
                    author=author,
                    rating=rating,
                    text=text,
                    created_at=written,
                    reply_text=REPLY if answered else "",
                    replied_at=written + datetime.timedelta(hours=20) if answered else None,
                )
            )
        ratings = [rating for _, rating, _, _ in REVIEWS[: 2 + index % 4]]
        average = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"))
        for back in range(1, DAYS + 1):
            day = today - datetime.timedelta(days=back)
            stats.append(
                ListingDailyStats(
                    location_id=link.location_id,
                    directory=link.directory,
                    day=day,
                    review_count=len(ratings),
                    rating=average,
                    **day_numbers(link.directory, link.location_id, day),
                )
            )
    Review.objects.bulk_create(reviews, ignore_conflicts=True)
    ListingDailyStats.objects.bulk_create(stats, ignore_conflicts=True)
    if network.locations:
        store = network.locations[0]
        DuplicateCandidate.objects.get_or_create(
            location=store,
            directory="google",
            external_id=f"79{store.pk:010d}",
            defaults={
                "score": Decimal("0.870"),
                "payload": _duplicate_payload(store),
            },
        )
    return links


def _duplicate_payload(store) -> dict:
    from listings.directories.base import empty_payload

    payload = empty_payload()
    payload.update(
        {
            "name": f"Grande Assurance {store.city} (ancienne fiche)",
            "address": {
                "street": store.street_address,
                "city": store.city,
                "postal_code": store.postal_code,
                "region": store.state,
                "country": store.country,
            },
            "phone": store.phone,
            "categories": ["Agence d'assurance"],
        }
    )
    return payload


def simulator_items(*, days: int = DAYS) -> list[dict]:
    """The demo brand's linked listings, their reviews and recent statistics, and its flagged
    duplicates, in the simulator's seed format (other brands, e.g. a benchmark's, are left out)."""
    from listings.directories.categories import category_lookup
    from listings.directories.services import location_payload
    from network.demo import BRAND
    from network.models import Brand

    since = timezone.now().date() - datetime.timedelta(days=days)
    demo_brand = {"location__brand__slug": BRAND["slug"]}
    reviews: dict = {}
    for review in Review.objects.filter(**demo_brand).order_by("created_at"):
        reviews.setdefault((review.directory, review.location_id), []).append(
            {
                "review_id": review.external_review_id,
                "author": review.author,
                "rating": review.rating,
                "text": review.text,
                "created_at": review.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "reply": {"text": review.reply_text, "updated_at": review.replied_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
                if review.reply_text and review.replied_at
                else None,
            }
        )
    stats: dict = {}
    for row in ListingDailyStats.objects.filter(day__gte=since, **demo_brand):
        stats.setdefault((row.directory, row.location_id), []).append(
            {
                "day": row.day.isoformat(),
                "views": row.views,
                "calls": row.calls,
                "direction_requests": row.direction_requests,
                "website_clicks": row.website_clicks,
            }
        )
    brand = Brand.objects.filter(slug=BRAND["slug"]).first()
    lookup = category_lookup(brand.pk) if brand else {}
    items = []
    links = DirectoryLink.objects.filter(status=LinkStatus.LINKED, **demo_brand).select_related(
        "location", "location__brand"
    )
    for link in links:
        key = (link.directory, link.location_id)
        items.append(
            {
                "directory": link.directory,
                "external_id": link.external_id,
                **native_document(link.directory, location_payload(link.location), lookup),
                "reviews": reviews.get(key, []),
                "stats": stats.get(key, []),
            }
        )
    for duplicate in DuplicateCandidate.objects.filter(**demo_brand):
        items.append(
            {
                "directory": duplicate.directory,
                "external_id": duplicate.external_id,
                **native_document(duplicate.directory, duplicate.payload, lookup),
            }
        )
    return items


def push_to_simulator(base_url: str | None = None) -> bool:
    """Seed a running simulator with the database's listings; False (logged) when none answers."""
    base_url = (base_url or settings.DIRECTORY_SIMULATOR_URL).rstrip("/")
    try:
        response = requests.post(f"{base_url}/_sim/seed", json={"listings": simulator_items()}, timeout=10)
        response.raise_for_status()
    except requests.RequestException as error:
        logger.info(
            "directory simulator not reachable at %s (%s): it loads the demo listings when it starts", base_url, error
        )
        return False
    tampered = tampered_listing()
    if tampered is not None:
        requests.post(f"{base_url}/_sim/tamper", json=tampered, timeout=10)
    return True


def tampered_listing() -> dict | None:
    """One demo listing edited on Google itself (the drift verifier's case)."""
    from network.demo import BRAND

    links = DirectoryLink.objects.filter(
        directory="google", status=LinkStatus.LINKED, location__brand__slug=BRAND["slug"]
    )
    first = links.order_by("location_id").first()
    if first is None or not first.external_id.startswith("7"):
        return None
    return {
        "directory": "google",
        "external_id": first.external_id,
        "changes": {"phoneNumbers": {"primaryPhone": "+15145550000"}},
    }


def load_into(simulator) -> int:
    """Fill a simulator in this process with the database's listings (its command at start)."""
    items = simulator_items()
    with simulator.lock:
        simulator.seed(items)
        tampered = tampered_listing()
        if tampered is not None:
            from simulators import google

            google.tamper(simulator, tampered["external_id"], tampered["changes"])
    return len(items)


def seed_directories(network, base_url: str | None = None) -> None:
    """Called from `listings.demo.seed(network)`; idempotent."""
    seed_rows(network)
    push_to_simulator(base_url)
