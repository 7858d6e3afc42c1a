"""Issue 3: the daily budgets job on a real Celery worker, end to end over HTTP.

The worker runs `budgets.sync_all_pools` as beat would: one `budgets.sync_pool` per pool pushes
today's budget and keywords to both ad platforms, imports yesterday's reports, and each import
queues `budgets.charge_day`, all through the broker. The ad-platform simulator answers at `/ads`
of the directory simulator, as in `make run`. Franchisees rely on three things: what the ad
platforms billed is charged in full, to the cent; each franchise pays its share of a keyword's
cost pro rata to the clicks routed to it; and the job, re-run by beat every six hours, never
charges a day twice.
"""

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests
from django.db.models import Sum
from django.utils import timezone

from budgets import ledger
from budgets.models import AccountKind, Click, DailyCharge, ImportBatch, KeywordDailyCost, LedgerEntry
from budgets.tasks import sync_all_pools
from simulators.server import serve_in_thread
from tests.budgets.helpers import fund, make_pool
from tests.workers import celery_worker, sending_tasks

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
YESTERDAY = timezone.now().date() - timedelta(days=1)
# What the ad platforms billed yesterday, by platform and keyword: odd cents on purpose.
REPORTS = {
    "google": {"assurance auto": "10.01", "alpha assurance": "7.00"},
    "microsoft": {"assurance auto": "2.35"},
}
# Clicks the router sent to each franchise yesterday, by keyword.
ROUTED = {"assurance auto": {"F1": 3, "F2": 2, "F3": 2}, "alpha assurance": {"F1": 1, "F3": 2}}


@pytest.fixture
def ads_url():
    """The directory simulator over HTTP, with the ad platforms mounted at /ads (reset)."""
    url, shutdown = serve_in_thread()
    requests.post(f"{url}/ads/_control/reset", timeout=10).raise_for_status()
    yield f"{url}/ads"
    shutdown()


def bill_yesterday(ads_url, pool) -> None:
    for source, costs in REPORTS.items():
        rows = [{"keyword": k, "impressions": 100, "clicks": 10, "cost": cost} for k, cost in costs.items()]
        response = requests.put(
            f"{ads_url}/_control/{source}/campaigns/{pool.slug}/reports/{YESTERDAY}", json={"rows": rows}, timeout=10
        )
        response.raise_for_status()


def route_clicks(pool, franchises) -> None:
    noon = datetime(YESTERDAY.year, YESTERDAY.month, YESTERDAY.day, 12, tzinfo=UTC)
    Click.objects.bulk_create(
        Click(pool=pool, keyword=pool.keywords.get(text=text), franchise=franchises[name], created_at=noon)
        for text, counts in ROUTED.items()
        for name, n in counts.items()
        for _ in range(n)
    )


def run_daily_job(worker, pool, imports: int) -> None:
    sync_all_pools.delay()
    deadline = time.monotonic() + 90
    while ImportBatch.objects.filter(pool=pool).count() < imports:
        assert time.monotonic() < deadline, f"no import within 90 s:\n{worker.log()}"
        assert worker.alive(), worker.log()
        time.sleep(0.3)
    worker.wait_idle(90)  # the charging jobs the imports queued have run too


def test_a_worker_imports_the_ad_platforms_costs_and_charges_them_pro_rata_once(world, ads_url):
    pool = make_pool(world.A)
    franchises = {"F1": world.F1, "F2": world.F2, "F3": world.F3}
    for franchise in franchises.values():
        fund(pool, franchise, "500.00")
    bill_yesterday(ads_url, pool)
    route_clicks(pool, franchises)

    with (
        celery_worker(name="budgets", env={"ADPLATFORM_URL": ads_url}) as worker,
        sending_tasks(queue=worker.queue),
    ):
        run_daily_job(worker, pool, imports=2)  # one report per ad platform
        entries = LedgerEntry.objects.count()
        charges = sorted(DailyCharge.objects.filter(pool=pool).values_list("keyword_id", "franchise_id", "amount"))
        run_daily_job(worker, pool, imports=4)

    imported = KeywordDailyCost.objects.filter(pool=pool, day=YESTERDAY).aggregate(total=Sum("cost"))["total"]
    billed = sum(Decimal(cost) for costs in REPORTS.values() for cost in costs.values())
    spend = ledger.account_for(pool, AccountKind.AD_SPEND)
    charged = LedgerEntry.objects.filter(account=spend, transaction__day=YESTERDAY).aggregate(total=Sum("amount"))
    print(f"\nimported {imported} (billed {billed}), charged in the ledger {charged['total']}")
    assert imported == billed == charged["total"]

    for text, counts in ROUTED.items():
        keyword = pool.keywords.get(text=text)
        cost = sum(Decimal(costs.get(text, "0")) for costs in REPORTS.values())
        paid = dict(
            DailyCharge.objects.filter(pool=pool, day=YESTERDAY, keyword=keyword).values_list("franchise_id", "amount")
        )
        assert sum(paid.values()) == cost, text
        clicks = sum(counts.values())
        for name, n in counts.items():
            share = cost * n / clicks
            print(f"{text}: {name} {n}/{clicks} clicks of {cost}: {paid[franchises[name].pk]} (exact {share:.4f})")
            assert abs(paid[franchises[name].pk] - share) < Decimal("0.01")

    # The second run imported the same reports again and changed nothing in any pool's ledger.
    assert LedgerEntry.objects.count() == entries
    assert sorted(DailyCharge.objects.filter(pool=pool).values_list("keyword_id", "franchise_id", "amount")) == charges
    pushed = requests.get(f"{ads_url}/_control/state", timeout=10).json()["budgets"]
    assert {f"{source}/{pool.slug}/{timezone.now().date()}" for source in REPORTS} <= set(pushed)
