"""The demo network: one French-speaking insurance brand, 3 regions, 40 franchises, 60 stores.

Deterministic and idempotent: every row is keyed by slugs or names, so running it twice
changes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from network.models import Brand, Franchise, Level, Location, Membership, Region, Role

User = get_user_model()

BRAND = {
    "slug": "grande-assurance",
    "name": "Grande Assurance",
    "currency": "CAD",
    "default_language": "fr",
    "website": "https://www.grande-assurance.example",
}

# (region slug, region name, country, time zone, [(city, state, postal prefix, lat, lng, area code, streets)])
REGIONS = [
    (
        "montreal",
        "Montréal et Laval",
        "CA",
        "America/Toronto",
        [
            (
                "Montréal",
                "QC",
                "H2X",
                "45.5088",
                "-73.5617",
                "514",
                [
                    "rue Sainte-Catherine Ouest",
                    "boulevard Saint-Laurent",
                    "rue Saint-Denis",
                    "avenue du Mont-Royal Est",
                ],
            ),
            ("Montréal", "QC", "H1V", "45.5530", "-73.5480", "514", ["rue Ontario Est", "avenue Pierre-De Coubertin"]),
            ("Montréal", "QC", "H4A", "45.4730", "-73.6160", "514", ["boulevard Décarie", "rue Sherbrooke Ouest"]),
            (
                "Laval",
                "QC",
                "H7T",
                "45.5700",
                "-73.7500",
                "450",
                ["boulevard Le Corbusier", "boulevard Saint-Martin Ouest"],
            ),
            ("Longueuil", "QC", "J4K", "45.5370", "-73.5100", "450", ["rue Saint-Charles Ouest", "chemin de Chambly"]),
        ],
    ),
    (
        "quebec-est",
        "Québec et Est-du-Québec",
        "CA",
        "America/Toronto",
        [
            ("Québec", "QC", "G1R", "46.8110", "-71.2150", "418", ["Grande Allée Est", "rue Saint-Jean"]),
            ("Québec", "QC", "G1V", "46.7780", "-71.2800", "418", ["boulevard Laurier", "chemin Sainte-Foy"]),
            (
                "Lévis",
                "QC",
                "G6V",
                "46.8030",
                "-71.1780",
                "418",
                ["boulevard Alphonse-Desjardins", "route du Président-Kennedy"],
            ),
            (
                "Rimouski",
                "QC",
                "G5L",
                "48.4490",
                "-68.5230",
                "418",
                ["rue Saint-Germain Est", "boulevard René-Lepage Est"],
            ),
            ("Sherbrooke", "QC", "J1H", "45.4040", "-71.8930", "819", ["rue King Ouest", "rue Wellington Nord"]),
        ],
    ),
    (
        "ile-de-france",
        "Île-de-France",
        "FR",
        "Europe/Paris",
        [
            ("Paris", "Île-de-France", "75011", "48.8590", "2.3790", "1", ["boulevard Voltaire", "rue de la Roquette"]),
            ("Paris", "Île-de-France", "75015", "48.8410", "2.3000", "1", ["rue de Vaugirard", "rue du Commerce"]),
            (
                "Boulogne-Billancourt",
                "Île-de-France",
                "92100",
                "48.8350",
                "2.2400",
                "1",
                ["route de la Reine", "rue de Sèvres"],
            ),
            (
                "Versailles",
                "Île-de-France",
                "78000",
                "48.8040",
                "2.1300",
                "1",
                ["avenue de Paris", "rue de la Paroisse"],
            ),
            (
                "Créteil",
                "Île-de-France",
                "94000",
                "48.7900",
                "2.4550",
                "1",
                ["avenue du Général de Gaulle", "rue de Paris"],
            ),
        ],
    ),
]
FRANCHISES_PER_REGION = (16, 12, 12)
OWNER_NAMES = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Poirier",
    "Fournier",
    "Lapointe",
    "Leclerc",
    "Lefebvre",
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Moreau",
    "Laurent",
    "Lambert",
    "Garnier",
    "Faure",
    "Rousseau",
    "Mercier",
]

DEMO_USERS = [
    # username, first name, last name, role, where
    ("franchisor", "Claire", "Dumont", Role.FRANCHISOR_ADMIN, "brand"),
    ("marketing", "Julien", "Marchand", Role.FRANCHISOR_MARKETING, "brand"),
    ("region", "Sophie", "Tremblay", Role.REGION_MANAGER, "region"),
    ("franchisee", "Marc", "Gagnon", Role.FRANCHISEE_OWNER, "franchise"),
    ("franchisee2", "Isabelle", "Roy", Role.FRANCHISEE_OWNER, "franchise2"),
    ("listings", "Nadia", "Bouchard", Role.LISTINGS_EDITOR, "brand"),
]


@dataclass
class DemoNetwork:
    brand: Brand
    regions: list[Region]
    franchises: list[Franchise]
    locations: list[Location]
    users: dict


def _phone(country: str, area: str, n: int) -> str:
    if country == "CA":
        return f"+1{area}555{100 + n % 100:04d}"
    return f"+33{area}4{n % 100:02d}{(n * 37) % 100:02d}{(n * 53) % 100:02d}{n % 10}0"[:12]


@transaction.atomic
def seed_network(*, password: str) -> DemoNetwork:
    brand, _created = Brand.objects.update_or_create(slug=BRAND["slug"], defaults=BRAND)
    regions, franchises, locations = [], [], []
    owner_index = 0
    for (slug, name, country, tz, places), count in zip(REGIONS, FRANCHISES_PER_REGION, strict=True):
        region, _created = Region.objects.update_or_create(brand=brand, slug=slug, defaults={"name": name})
        regions.append(region)
        for i in range(count):
            city, state, prefix, lat, lng, area, streets = places[i % len(places)]
            owner = OWNER_NAMES[owner_index % len(OWNER_NAMES)]
            owner_index += 1
            district = f"{city} {prefix}" if i >= len(places) else city
            franchise_name = f"Grande Assurance {district} ({owner})"
            franchise_slug = f"{slug}-{i + 1:02d}"
            franchise, _created = Franchise.objects.update_or_create(
                brand=brand,
                slug=franchise_slug,
                defaults={
                    "region": region,
                    "name": franchise_name,
                    "legal_name": f"Assurances {owner} inc.",
                    "email": f"{franchise_slug}@grande-assurance.example",
                    "phone": _phone(country, area, owner_index),
                },
            )
            franchises.append(franchise)
            # Every second franchise of the first 20 runs two stores: 40 franchises, 60 stores.
            store_count = 2 if len(franchises) <= 40 and len(franchises) % 2 == 0 else 1
            for store in range(store_count):
                n = len(locations) + 1
                street = streets[(i + store) % len(streets)]
                postal = f"{prefix} {n % 9 + 1}A{(n * 7) % 10}" if country == "CA" else prefix
                location, _created = Location.objects.update_or_create(
                    franchise=franchise,
                    name=f"{franchise_name}{' – 2' if store else ''}",
                    defaults={
                        "brand": brand,
                        "region": region,
                        "street_address": f"{100 + (n * 37) % 1900} {street}",
                        "postal_code": postal,
                        "city": city,
                        "state": state,
                        "country": country,
                        "phone": _phone(country, area, n + 50),
                        "latitude": Decimal(lat) + Decimal(n % 7) / 500,
                        "longitude": Decimal(lng) - Decimal(n % 5) / 500,
                        "time_zone": tz,
                    },
                )
                locations.append(location)
    users = _seed_users(brand, regions, franchises, password)
    return DemoNetwork(brand, regions, franchises, locations, users)


def _seed_users(brand, regions, franchises, password) -> dict:
    montreal = regions[0]
    first_montreal = next(f for f in franchises if f.region_id == montreal.pk)
    first_quebec = next(f for f in franchises if f.region_id == regions[1].pk)
    nodes = {"brand": brand, "region": montreal, "franchise": first_montreal, "franchise2": first_quebec}
    users = {}
    for username, first, last, role, where in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@grande-assurance.example",
                "language": "fr",
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        node = nodes[where]
        ids = {"level": Level.BRAND, "brand": brand, "region": None, "franchise": None}
        if isinstance(node, Region):
            ids = {"level": Level.REGION, "brand": brand, "region": node, "franchise": None}
        elif isinstance(node, Franchise):
            ids = {"level": Level.FRANCHISE, "brand": brand, "region": node.region, "franchise": node}
        Membership.objects.get_or_create(user=user, role=role, **ids)
        users[username] = user
    admin, _created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@grande-assurance.example", "is_staff": True, "is_superuser": True, "language": "fr"},
    )
    admin.set_password(password)
    admin.save(update_fields=["password"])
    users["admin"] = admin
    return users
