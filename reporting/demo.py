"""Demo data of the reports: goals, alert thresholds, then rollups and alerts from the sources.

The budgets and listings demos fill clicks, costs, leads and listing statistics; they run first.
When they left the brand without any (e.g. on a branch without them), a modest, deterministic
set of source rows is made here so that every role still sees a plausible dashboard.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budgets.models import Click, DailyCharge, Keyword, Lead, Pool
from listings.models import ListingDailyStats
from reporting import rollups, services
from reporting.models import AlertRule, Goal

DAYS = 60
KEYWORDS = [
    "assurance auto",
    "assurance habitation",
    "courtier assurance",
    "assurance moto",
    "soumission assurance",
    "assurance locataire",
]
FIRST_NAMES = ["Julie", "Marc", "Sophie", "Luc", "Isabelle", "Mathieu", "Camille", "Nicolas", "Émilie", "Olivier"]


def seed(network) -> None:
    """`network` is network.demo.DemoNetwork; idempotent."""
    brand = network.brand
    today = timezone.now().date()
    with transaction.atomic():
        if not Click.objects.filter(pool__brand=brand).exists() and not Lead.objects.filter(brand=brand).exists():
            _sources(network, today)
        if not ListingDailyStats.objects.filter(location__brand=brand).exists():
            _listing_stats(network, today)
        _goals(brand, today)
    rollups.refresh(full=True, today=today)
    services.alerts_evaluate(brand=brand, today=today)


def _goals(brand, today) -> None:
    start = today.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    for metric, target in [
        ("customers", Decimal(180)),
        ("cost_per_customer", Decimal("45.00")),
        ("roi", Decimal(250)),
        ("leads", Decimal(600)),
    ]:
        Goal.objects.update_or_create(
            brand=brand, region=None, metric=metric, period_start=start, period_end=end, defaults={"target": target}
        )
    for metric, threshold in [("customers", 10), ("cost_per_customer", 15), ("leads", 10), ("calls", 20)]:
        AlertRule.objects.get_or_create(
            brand=brand, metric=metric, period_days=7, defaults={"threshold_pct": Decimal(threshold)}
        )


def _sources(network, today) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    pool, _created = Pool.objects.get_or_create(
        slug=f"{network.brand.slug}-recherche", defaults={"brand": network.brand, "name": "Recherche locale"}
    )
    keywords = [Keyword.objects.get_or_create(pool=pool, text=text)[0] for text in KEYWORDS]
    stores = {f.pk: [loc for loc in network.locations if loc.franchise_id == f.pk] for f in network.franchises}
    clicks, charges, leads = [], [], []
    for offset in range(DAYS, -1, -1):
        day = today - datetime.timedelta(days=offset)
        for franchise in network.franchises:
            # A few franchises do much better than the others, and last week dipped for some.
            strength = 1 + (franchise.pk % 5) / 2
            dip = 0.6 if offset < 7 and franchise.pk % 4 == 0 else 1
            for keyword in keywords:
                n = int(rng.random() * 3 * strength * dip)
                if not n:
                    continue
                for _ in range(n):
                    location = rng.choice(stores[franchise.pk]) if stores[franchise.pk] else None
                    moment = datetime.datetime.combine(day, datetime.time(rng.randint(7, 21), rng.randint(0, 59)))
                    clicks.append(
                        Click(
                            pool=pool,
                            keyword=keyword,
                            keyword_text=keyword.text,
                            franchise=franchise,
                            location=location,
                            created_at=moment.replace(tzinfo=datetime.UTC),
                            device=rng.choice(["mobile", "desktop"]),
                        )
                    )
                    if rng.random() < 0.12:
                        won = rng.random() < 0.35 and offset > 1
                        leads.append(
                            Lead(
                                brand=network.brand,
                                franchise=franchise,
                                location=location,
                                keyword=keyword,
                                created_at=moment.replace(tzinfo=datetime.UTC),
                                status="won" if won else rng.choice(["new", "contacted", "qualified", "lost"]),
                                revenue=Decimal(rng.randint(400, 2400)) if won else None,
                                won_at=(moment + datetime.timedelta(days=1)).replace(tzinfo=datetime.UTC)
                                if won
                                else None,
                                name=f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randint(0, 25))}.",
                                consent=True,
                            )
                        )
                charges.append(
                    DailyCharge(
                        pool=pool,
                        keyword=keyword,
                        franchise=franchise,
                        day=day,
                        impressions=n * rng.randint(18, 40),
                        clicks=n,
                        amount=(Decimal(n) * Decimal(rng.randint(180, 420)) / 100).quantize(Decimal("0.01")),
                    )
                )
    Click.objects.bulk_create(clicks, batch_size=2000)
    Lead.objects.bulk_create(leads, batch_size=2000)
    DailyCharge.objects.bulk_create(charges, batch_size=2000)


def _listing_stats(network, today) -> None:
    rng = random.Random(7)  # noqa: S311 - demo figures
    rows = []
    for location in network.locations:
        base = rng.randint(40, 160)
        for offset in range(DAYS, -1, -1):
            day = today - datetime.timedelta(days=offset)
            views = base + rng.randint(-15, 25)
            rows.append(
                ListingDailyStats(
                    location=location,
                    directory="google",
                    day=day,
                    views=views,
                    calls=views // rng.randint(12, 25),
                    direction_requests=views // rng.randint(8, 16),
                    website_clicks=views // rng.randint(10, 20),
                    review_count=20 + (DAYS - offset) // 7,
                    rating=Decimal(rng.randint(380, 490)) / 100,
                )
            )
    ListingDailyStats.objects.bulk_create(rows, batch_size=2000)
