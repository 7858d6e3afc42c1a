"""Demo data of the pool: keywords, monthly rounds with pledges, 90 days of routed clicks and
imported costs charged to the franchises, and leads in every status.

Deterministic (a seeded random generator) and idempotent: a pool that already has clicks is
left as it is. Clicks and leads are bulk-inserted; the ad platforms' click records of each day
are read through the real reconciliation (a few clicks have no id or were never billed) and
charging runs the real charging service.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budgets import ledger
from budgets.adplatform.clickrecords import ClickRecord
from budgets.charging import charge_day
from budgets.models import (
    AccountKind,
    Click,
    ContributionRound,
    GeoTarget,
    Keyword,
    KeywordDailyCost,
    Lead,
    LeadStatus,
    Pledge,
    PledgeStatus,
    Pool,
    RoundStatus,
    Territory,
    TransactionKind,
)
from budgets.reconciliation import reconcile_day
from budgets.routing import Candidate, Searcher, covering, furthest_below_share, normalise_city, normalise_postal
from budgets.services import period_close, period_for

POOL_SLUG = "grande-assurance"
KEYWORDS = [
    ("grande assurance", "brand", Decimal("0.85")),
    ("grande assurance auto", "brand", Decimal("0.95")),
    ("assurance auto", "broad", Decimal("2.40")),
    ("assurance habitation", "broad", Decimal("2.10")),
    ("assurance entreprise", "broad", Decimal("3.10")),
    ("assurance camion laval", "long_tail", Decimal("1.60")),
    ("assurance auto montréal pas cher", "long_tail", Decimal("1.75")),
    ("assurance habitation québec", "long_tail", Decimal("1.55")),
    ("assurance auto paris 11", "long_tail", Decimal("1.90")),
]
# A few rows in the format of Google's geo-target CSV (the full file is imported with
# `manage.py import_geotargets`).
GEO_TARGETS = [
    (1002604, "Montreal", "Montreal,Quebec,Canada", 20123, "CA", "City"),
    (1002517, "Laval", "Laval,Quebec,Canada", 20123, "CA", "City"),
    (1002607, "Quebec City", "Quebec City,Quebec,Canada", 20123, "CA", "City"),
    (1002560, "Longueuil", "Longueuil,Quebec,Canada", 20123, "CA", "City"),
    (1006094, "Paris", "Paris,Ile-de-France,France", 20321, "FR", "City"),
    (9000591, "H2X", "H2X,Quebec,Canada", 20123, "CA", "Postal Code"),
    (1002478, "Gatineau", "Gatineau,Quebec,Canada", 20123, "CA", "City"),
]
FIRST_NAMES = ["Léa", "Noah", "Emma", "Louis", "Alice", "Gabriel", "Chloé", "Jules", "Camille", "Hugo", "Zoé", "Félix"]
LAST_NAMES = ["Tremblay", "Martin", "Bernard", "Roy", "Dubois", "Gagnon", "Lefebvre", "Côté", "Morel", "Fortin"]
MESSAGES = [
    "Je voudrais une soumission pour mon auto.",
    "Bonjour, je déménage le mois prochain et cherche une assurance habitation.",
    "Pouvez-vous me rappeler pour assurer mon commerce ?",
    "Devis pour deux véhicules, s'il vous plaît.",
]
DAYS = 90
SUGGESTED = Decimal("400.00")


def seed(network) -> None:
    pool = Pool.objects.filter(slug=POOL_SLUG).first()
    if pool is not None and pool.clicks.exists():
        return
    _seed(network)


@transaction.atomic
def _seed(network) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    brand = network.brand
    pool, _created = Pool.objects.get_or_create(
        slug=POOL_SLUG, defaults={"brand": brand, "name": "Grande Assurance – campagne commune", "currency": "CAD"}
    )
    keywords = []
    for text, group, _cpc in KEYWORDS:
        keyword, _created = Keyword.objects.get_or_create(pool=pool, text=text, defaults={"group": group})
        keywords.append(keyword)
    cpcs = {k.pk: cpc for k, (_t, _g, cpc) in zip(keywords, KEYWORDS, strict=True)}
    for row in GEO_TARGETS:
        GeoTarget.objects.get_or_create(
            criteria_id=row[0],
            defaults=dict(
                zip(["name", "canonical_name", "parent_id", "country_code", "target_type"], row[1:], strict=True)
            ),
        )
    franchises = network.franchises
    # Two explicit territories; the others default to their stores' postal areas and cities.
    Territory.objects.get_or_create(franchise=franchises[3], kind="city", value="Laval")
    Territory.objects.get_or_create(franchise=franchises[0], kind="radius", defaults={"radius_km": Decimal("8")})

    today = timezone.now().date()
    first_day = today - timedelta(days=DAYS)
    months = sorted({(first_day + timedelta(days=n)).replace(day=1) for n in range(DAYS + 1)})
    stores = {}
    for location in network.locations:
        stores.setdefault(location.franchise_id, []).append(location)
    candidates = {
        f.pk: Candidate(
            f.pk,
            Decimal(0),
            postal_prefixes=tuple(normalise_postal(s.postal_code)[:3] for s in stores.get(f.pk, [])),
            cities=frozenset(normalise_city(s.city) for s in stores.get(f.pk, [])),
        )
        for f in franchises
    }
    places = [(normalise_postal(s.postal_code), s.city, s.franchise_id) for s in network.locations]
    click_number = 0
    for month in months:
        period = period_for(pool, month)
        pledged = _round(pool, period, franchises, rng, status=RoundStatus.CLOSED)
        weights = {fid: amount for fid, amount in pledged.items() if amount > 0}
        given: dict[int, int] = {}
        day = max(month, first_day)
        rows, costs = [], []
        while day <= min(period.end, today - timedelta(days=1)):
            day_clicks, click_number = _clicks_for_day(
                pool, day, keywords, candidates, weights, given, places, rng, click_number
            )
            rows.extend(day_clicks)
            costs.extend(_costs_for_day(pool, day, keywords, cpcs, day_clicks, rng))
            day += timedelta(days=1)
        evidence = random.Random(month.toordinal())  # noqa: S311 - demo figures, not secrets
        for click in rows:  # a few visitors reach the router with no click id at all
            if evidence.random() < 0.02:
                click.click_id = ""
        Click.objects.bulk_create(rows, batch_size=2000)
        KeywordDailyCost.objects.bulk_create(costs, batch_size=2000)
        charged = max(month, first_day)
        while charged <= min(period.end, today - timedelta(days=1)):
            _platforms_read(pool, charged, [c for c in rows if c.created_at.date() == charged], evidence)
            charge_day(pool=pool, day=charged)
            charged += timedelta(days=1)
        if period.end < today:
            period_close(actor=None, period=period)
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    _round(pool, period_for(pool, next_month), franchises, rng, status=RoundStatus.OPEN)
    _leads(pool, network, rng)


def _round(pool, period, franchises, rng, *, status) -> dict[int, Decimal]:
    """A round with pledges from most franchises; the money goes to the ledger."""
    deadline = datetime.combine(period.start - timedelta(days=1), time(23, 59), tzinfo=UTC)
    contribution_round, _created = ContributionRound.objects.get_or_create(
        period=period, defaults={"suggested_amount": SUGGESTED, "deadline": deadline, "status": status}
    )
    amounts = {}
    for index, franchise in enumerate(franchises):
        roll = rng.random()
        if status == RoundStatus.OPEN and index % 3 == 1:
            answer, amount = PledgeStatus.PENDING, Decimal("0.00")
        elif roll < 0.12 and index != 0:
            answer, amount = PledgeStatus.DECLINED, Decimal("0.00")
        elif roll < 0.35:
            answer, amount = PledgeStatus.CHANGED, Decimal(rng.choice([250, 300, 500, 600]))
        else:
            answer, amount = PledgeStatus.ACCEPTED, SUGGESTED
        pledge, _created = Pledge.objects.get_or_create(
            round=contribution_round,
            franchise=franchise,
            defaults={
                "suggested_amount": SUGGESTED,
                "amount": amount,
                "status": answer,
                "answered_at": None if answer == PledgeStatus.PENDING else deadline - timedelta(days=5),
            },
        )
        amounts[franchise.pk] = pledge.amount
        if pledge.amount > 0:
            ledger.post(
                pool=pool,
                kind=TransactionKind.CONTRIBUTION,
                key=f"pledge:{pledge.pk}:0:{pledge.amount}",
                legs=[
                    ledger.Leg(ledger.account_for(pool, AccountKind.FUNDING), -pledge.amount, period),
                    ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), pledge.amount, period),
                ],
                memo=f"{franchise} {period}",
            )
    return amounts


def _clicks_for_day(pool, day, keywords, candidates, weights, given, places, rng, number):
    funded = [
        Candidate(c.franchise_id, weights[fid], c.postal_prefixes, c.cities)
        for fid, c in candidates.items()
        if fid in weights
    ]
    rows = []
    weekend = day.weekday() >= 5
    for keyword_index, keyword in enumerate(keywords):
        count = max(1, int((34 - keyword_index * 3) * (0.7 if weekend else 1) * rng.uniform(0.8, 1.2)))
        for _n in range(count):
            number += 1
            roll = rng.random()
            if roll < 0.05:
                searcher, place = Searcher(city=normalise_city("Gatineau")), "gatineau"
            elif roll < 0.25:
                searcher, place = Searcher(), ""
            else:
                postal, _city, _fid = rng.choice(places)
                searcher, place = Searcher(postal=postal), postal
            is_bot = rng.random() < 0.02
            chosen = furthest_below_share(covering(funded, searcher), given)
            if chosen and not is_bot:
                given[chosen.franchise_id] = given.get(chosen.franchise_id, 0) + 1
            moment = datetime.combine(day, time(7, 0), tzinfo=UTC) + timedelta(seconds=rng.randint(0, 15 * 3600))
            rows.append(
                Click(
                    pool=pool,
                    keyword=keyword,
                    keyword_text=keyword.text,
                    match_type=rng.choice(["e", "p", "b"]),
                    franchise_id=chosen.franchise_id if chosen else None,
                    created_at=moment,
                    click_id=f"Cj0KCQ-demo-{number:06d}",
                    device=rng.choice(["m", "m", "c", "t"]),
                    place=place,
                    is_bot=is_bot,
                )
            )
    return rows, number


def _source(keyword, day) -> str:
    return "google" if keyword.group != "long_tail" or day.day % 2 else "microsoft"


def _platforms_read(pool, day, clicks, evidence) -> None:
    """Each platform's click records of the day: the clicks on its ads, but for a few it never
    billed (the ids someone typed), as the daily job reads them."""
    records = {"google": [], "microsoft": []}
    for click in clicks:
        if click.click_id and evidence.random() >= 0.015:
            records[_source(click.keyword, day)].append(
                ClickRecord(
                    click_id=click.click_id, day=day, keyword=click.keyword_text, match_type="exact", billed=True
                )
            )
    for source, listed in records.items():
        reconcile_day(pool=pool, source=source, day=day, records=listed)


def _costs_for_day(pool, day, keywords, cpcs, clicks, rng):
    counts: dict[int, int] = {}
    for click in clicks:
        if not click.is_bot:
            counts[click.keyword.pk] = counts.get(click.keyword.pk, 0) + 1
    rows = []
    for keyword in keywords:
        n = counts.get(keyword.pk, 0)
        cpc = cpcs[keyword.pk] * Decimal(str(round(rng.uniform(0.85, 1.15), 2)))
        rows.append(
            KeywordDailyCost(
                pool=pool,
                keyword=keyword,
                day=day,
                source=_source(keyword, day),
                impressions=n * rng.randint(8, 20),
                clicks=n,
                cost=(cpc * n).quantize(Decimal("0.01")),
            )
        )
    return rows


def _leads(pool, network, rng) -> None:
    clicks = list(
        Click.objects.filter(pool=pool, franchise__isnull=False, is_bot=False).select_related("keyword").order_by("id")
    )
    by_franchise = {}
    for click in clicks:
        by_franchise.setdefault(click.franchise_id, []).append(click)
    first = network.franchises[0].pk
    now = timezone.now()
    leads = []
    statuses = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.WON, LeadStatus.LOST]
    stores = {s.franchise_id: s for s in network.locations}
    for franchise in network.franchises:
        own = by_franchise.get(franchise.pk, [])
        share = 14 if franchise.pk == first else 40
        for index, click in enumerate(own[::share]):
            age = (now - click.created_at).days
            status = statuses[index % 5] if franchise.pk == first else _status_for_age(age, rng)
            won = status == LeadStatus.WON
            leads.append(
                Lead(
                    brand_id=pool.brand_id,
                    franchise=franchise,
                    location=stores.get(franchise.pk),
                    click=click,
                    keyword=click.keyword,
                    created_at=click.created_at + timedelta(minutes=rng.randint(1, 20)),
                    status=status,
                    revenue=Decimal(rng.randrange(600, 2400, 50)) if won else None,
                    won_at=click.created_at + timedelta(days=rng.randint(2, 12)) if won else None,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=f"prospect{click.pk}@exemple.test",
                    phone=f"+1514555{click.pk % 10000:04d}",
                    message=rng.choice(MESSAGES),
                    consent=True,
                    utm_source="google",
                    utm_medium="cpc",
                    utm_campaign=pool.slug,
                    utm_term=click.keyword_text,
                    click_ref=click.click_id,
                )
            )
    Lead.objects.bulk_create(leads, batch_size=1000)


def _status_for_age(age_days: int, rng) -> str:
    if age_days < 3:
        return LeadStatus.NEW
    roll = rng.random()
    if roll < 0.3:
        return LeadStatus.WON
    if roll < 0.55:
        return LeadStatus.LOST
    if roll < 0.75:
        return LeadStatus.QUALIFIED
    return LeadStatus.CONTACTED if age_days < 30 else LeadStatus.LOST


def seed_date() -> date:
    return timezone.now().date()
