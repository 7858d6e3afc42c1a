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
from tests.budgets.helpers import fund, make_pool, simulator_clicks
from tests.workers import celery_worker, sending_tasks

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
YESTERDAY = timezone.now().date() - timedelta(days=1)
# What the ad platforms billed yesterday, by platform and keyword: odd cents on purpose.
REPORTS = {
    "google": {"assurance auto": "10.01", "alpha assurance": "7.00"},
    "microsoft": {"assurance auto": "2.35"},
}
# Clicks on each platform's ads yesterday, by keyword, and the franchise the router sent each to.
ROUTED = {
    "google": {"assurance auto": {"F1": 3, "F2": 2, "F3": 2}, "alpha assurance": {"F1": 1, "F3": 2}},
    "microsoft": {"assurance auto": {"F1": 1, "F2": 1}},
}


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


def route_clicks(ads_url, pool, franchises) -> None:
    """Each searcher clicked a platform's ad (which gave the click its id), then reached the
    router with that id: the platform's click records vouch for every one."""
    noon = datetime(YESTERDAY.year, YESTERDAY.month, YESTERDAY.day, 12, tzinfo=UTC)
    clicks = []
    for source, keywords in ROUTED.items():
        for text, counts in keywords.items():
            for name, n in counts.items():
                ids = simulator_clicks(ads_url, source, pool.slug, [{"day": str(YESTERDAY), "keyword": text}] * n)
                clicks += [
                    Click(
                        pool=pool,
                        keyword=pool.keywords.get(text=text),
                        keyword_text=text,
                        franchise=franchises[name],
                        created_at=noon,
                        click_id=click_id,
                    )
                    for click_id in ids
                ]
    Click.objects.bulk_create(clicks)


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
    route_clicks(ads_url, pool, franchises)

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

    # Each platform's cost of a keyword is split pro rata to the clicks it billed, by franchise.
    for text in ("assurance auto", "alpha assurance"):
        keyword = pool.keywords.get(text=text)
        cost = sum(Decimal(costs.get(text, "0")) for costs in REPORTS.values())
        paid = dict(
            DailyCharge.objects.filter(pool=pool, day=YESTERDAY, keyword=keyword).values_list("franchise_id", "amount")
        )
        assert sum(paid.values()) == cost, text
        for name, franchise in franchises.items():
            share = sum(
                Decimal(REPORTS[source][text]) * clicks[text].get(name, 0) / sum(clicks[text].values())
                for source, clicks in ROUTED.items()
                if text in clicks
            )
            print(f"{text}: {name} paid {paid.get(franchise.pk, 0)} of {cost} (exact {share:.4f})")
            assert abs(paid.get(franchise.pk, Decimal(0)) - share) < Decimal("0.01") * len(REPORTS)

    # The second run imported the same reports again and changed nothing in any pool's ledger.
    assert LedgerEntry.objects.count() == entries
    assert sorted(DailyCharge.objects.filter(pool=pool).values_list("keyword_id", "franchise_id", "amount")) == charges
    pushed = requests.get(f"{ads_url}/_control/state", timeout=10).json()["budgets"]
    assert {f"{source}/{pool.slug}/{timezone.now().date()}" for source in REPORTS} <= set(pushed)
