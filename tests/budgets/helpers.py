"""Building pools with money in them for the budgets tests."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from budgets import ledger
from budgets.models import AccountKind, Keyword, Pool, TransactionKind
from budgets.services import period_for


def make_pool(brand, slug="t-pool", keywords=("alpha assurance", "assurance auto")) -> Pool:
    pool = Pool.objects.create(brand=brand, name=f"Pool {slug}", slug=slug)
    for text in keywords:
        Keyword.objects.create(pool=pool, text=text, group="brand" if "alpha" in text else "broad")
    return pool


def fund(pool, franchise, amount, day: date | None = None, key: str | None = None):
    """Put money in a franchise's account for the period of `day` (today by default)."""
    period = period_for(pool, day or timezone.now().date())
    amount = Decimal(amount)
    return ledger.post(
        pool=pool,
        kind=TransactionKind.CONTRIBUTION,
        key=key or f"test:{pool.pk}:{franchise.pk}:{period.pk}:{amount}",
        legs=[
            ledger.Leg(ledger.account_for(pool, AccountKind.FUNDING), -amount, period),
            ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), amount, period),
        ],
    )


def spend(pool, franchise, amount, day: date | None = None):
    period = period_for(pool, day or timezone.now().date())
    amount = Decimal(amount)
    return ledger.post(
        pool=pool,
        kind=TransactionKind.CHARGE,
        key=f"test-spend:{pool.pk}:{franchise.pk}:{period.pk}:{amount}",
        legs=[
            ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), -amount, period),
            ledger.Leg(ledger.account_for(pool, AccountKind.AD_SPEND), amount, period),
        ],
    )


def routed_clicks(pool, keyword, franchise, n, day: date, prefix: str = "gclid") -> list:
    """Clicks the router sent to `franchise` at noon (UTC) of `day`, each with its click id."""
    from datetime import UTC, datetime

    from budgets.models import Click

    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    start = Click.objects.count()
    return Click.objects.bulk_create(
        Click(
            pool=pool,
            keyword=keyword,
            keyword_text=keyword.text,
            franchise=franchise,
            created_at=noon,
            click_id=f"{prefix}-{pool.slug}-{start + i}",
        )
        for i in range(n)
    )


def platform_lists(pool, day: date, clicks, source: str = "google", billed: bool = True, also=()):
    """The platform's click records of the day list these clicks (records written by hand, as
    its connector reads them; `also`: ClickRecords of clicks we never saw), and are read."""
    from budgets.adplatform.clickrecords import ClickRecord
    from budgets.reconciliation import reconcile_day

    records = [
        ClickRecord(click_id=c.click_id, day=day, keyword=c.keyword_text, match_type="exact", billed=billed)
        for c in clicks
    ]
    return reconcile_day(pool=pool, source=source, day=day, records=[*records, *also])


def simulator_clicks(ads_url: str, source: str, campaign: str, clicks: list[dict]) -> list[str]:
    """Clicks on the simulated platform's ads: it records them and gives each its click id."""
    import requests

    response = requests.post(
        f"{ads_url}/_control/{source}/campaigns/{campaign}/clicks", json={"clicks": clicks}, timeout=10
    )
    response.raise_for_status()
    return [click["id"] for click in response.json()["clicks"]]
