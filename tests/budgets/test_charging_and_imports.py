"""Imported costs charged pro rata to routed clicks, to the cent, idempotently."""

from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.db import transaction
from django.utils import timezone, translation

from budgets import ledger
from budgets.adplatform import simulator
from budgets.adplatform.connector import HttpAdPlatformConnector
from budgets.adplatform.reports import google_csv, microsoft_csv, parse_report
from budgets.charging import allocate, charge_day
from budgets.imports import ImportRejected, import_costs
from budgets.models import AccountKind, Click, DailyCharge, KeywordDailyCost, LedgerTransaction, PlatformClick
from budgets.pushes import push_budget_and_keywords
from budgets.reconciliation import confirmation_counts, read_click_records
from tests.budgets.helpers import fund, make_pool, platform_lists, routed_clicks, simulator_clicks

pytestmark = pytest.mark.django_db
TODAY = timezone.now().date()


def _clicks(pool, keyword, franchise, n, day=TODAY):
    return routed_clicks(pool, keyword, franchise, n, day, prefix=f"f{franchise.pk}")


def _report(day, rows, source="google"):
    render = google_csv if source == "google" else microsoft_csv
    return render(
        day, [{"keyword": k, "impressions": i, "clicks": c, "cost": Decimal(cost)} for k, i, c, cost in rows], "CAD"
    )


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    """Import, then run what was queued on commit (the charging job) as the commit would."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return import_costs(**kwargs)

    return run


@pytest.fixture
def pool(world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "500.00")
    fund(pool, world.F2, "500.00")
    fund(pool, world.F3, "500.00")
    return pool


def test_both_platform_formats_are_read(pool):
    for source in ("google", "microsoft"):
        parsed = parse_report(_report(TODAY, [("alpha assurance", 100, 10, "1234.50")], source))
        assert not parsed.errors
        assert [(r.keyword, r.impressions, r.clicks, r.cost) for r in parsed.rows] == [
            ("alpha assurance", 100, 10, Decimal("1234.50"))
        ]


def test_a_day_is_charged_pro_rata_to_clicks_and_sums_exactly_to_the_cost(world, pool, run_import):
    keyword = pool.keywords.get(text="alpha assurance")
    clicks = [*_clicks(pool, keyword, world.F1, 1), *_clicks(pool, keyword, world.F2, 1)]
    platform_lists(pool, TODAY, [*clicks, *_clicks(pool, keyword, world.F3, 1)])
    run_import(
        actor=world.users["franchisor"],
        pool=pool,
        source="google",
        content=_report(TODAY, [("alpha assurance", 90, 3, "10.00")]),
    )
    charges = {c.franchise_id: c.amount for c in DailyCharge.objects.filter(pool=pool, day=TODAY)}
    assert sum(charges.values()) == Decimal("10.00")
    assert sorted(charges.values()) == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]
    assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == Decimal("10.00")


def test_charging_again_changes_nothing(world, pool, run_import):
    keyword = pool.keywords.get(text="alpha assurance")
    platform_lists(pool, TODAY, _clicks(pool, keyword, world.F1, 2))
    run_import(actor=None, pool=pool, source="google", content=_report(TODAY, [("alpha assurance", 10, 2, "3.00")]))
    before = LedgerTransaction.objects.count()
    charge_day(pool=pool, day=TODAY)
    charge_day(pool=pool, day=TODAY)
    assert LedgerTransaction.objects.count() == before
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("497.00")


def test_reimporting_a_day_replaces_it_and_recharges_the_difference(world, pool, run_import):
    keyword = pool.keywords.get(text="alpha assurance")
    platform_lists(pool, TODAY, _clicks(pool, keyword, world.F1, 1))
    run_import(actor=None, pool=pool, source="google", content=_report(TODAY, [("alpha assurance", 10, 1, "4.00")]))
    run_import(actor=None, pool=pool, source="google", content=_report(TODAY, [("alpha assurance", 10, 1, "4.00")]))
    assert KeywordDailyCost.objects.filter(pool=pool).count() == 1
    run_import(actor=None, pool=pool, source="google", content=_report(TODAY, [("alpha assurance", 10, 1, "6.50")]))
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("493.50")
    assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == Decimal("6.50")
    assert LedgerTransaction.objects.filter(kind="refund").count() == 1


def test_cost_without_routed_clicks_or_beyond_a_balance_goes_to_the_franchisor(world, pool):
    allocation = allocate(
        {1: Decimal("9.00"), 2: Decimal("5.00")},
        {1: {world.F1.pk: 1, world.F2.pk: 2}},
        {world.F1.pk: Decimal("1.00"), world.F2.pk: Decimal("100")},
    )
    assert allocation[1] == {world.F1.pk: Decimal("1.00"), world.F2.pk: Decimal("6.00"), None: Decimal("2.00")}
    assert allocation[2] == {None: Decimal("5.00")}


def test_a_bad_file_imports_nothing_and_reports_errors_by_line(world, pool, run_import):
    content = (
        "Keyword,Day,Impr.,Clicks,Cost\n"
        "alpha assurance,2026-11-01,10,1,2.00\n"
        "alpha assurance,not a day,10,1,2.00\n"
        "unknown words,2026-11-01,10,1,2.00\n"
        "assurance auto,2026-11-01,-4,1,abc\n"
    )
    with pytest.raises(ImportRejected) as error, translation.override("en"):
        run_import(actor=world.users["franchisor"], pool=pool, source="google", content=content)
    text = str(error.value.message)
    # Row 4's keyword is of no pool: skipped (and listed) when the rest is sound, not an error.
    assert text == (
        "Nothing was imported: row 3, column “Day”: “not a day” is not a date; "
        "row 5, column “Impr.”: “-4” is not a number; row 5, column “Cost”: “abc” is not a number"
    )
    assert not KeywordDailyCost.objects.exists()


def test_only_the_pool_managers_import_costs(world, pool, run_import):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(actor=world.users["franchisee"], pool=pool, source="google", content="")


@pytest.fixture
def ad_platform():
    simulator.reset()
    url, shutdown = simulator.serve_in_thread()
    yield url
    shutdown()


def test_the_connector_pushes_budget_and_keywords_and_imports_the_simulators_report(
    world, pool, ad_platform, run_import, settings
):
    connector = HttpAdPlatformConnector(ad_platform, "microsoft")
    amount = push_budget_and_keywords(pool=pool, day=TODAY, connector=connector)
    state = requests.get(f"{ad_platform}/_control/state", timeout=5).json()
    assert sorted(k["text"] for k in state["keywords"][f"microsoft/{pool.slug}"]) == [
        "alpha assurance",
        "assurance auto",
    ]
    assert Decimal(state["budgets"][f"microsoft/{pool.slug}/{TODAY}"]) == amount > 0
    yesterday = TODAY - timedelta(days=1)
    requests.put(
        f"{ad_platform}/_control/microsoft/campaigns/{pool.slug}/reports/{yesterday}",
        json={"rows": [{"keyword": "assurance auto", "impressions": 50, "clicks": 4, "cost": "7.20"}]},
        timeout=5,
    ).raise_for_status()
    report = connector.fetch_report(campaign=pool.slug, day=yesterday)
    settings.ADPLATFORM_URL = ad_platform
    read_click_records(pool=pool, source="microsoft", day=yesterday)  # the platform lists no click of ours
    batch = run_import(actor=None, pool=pool, source="microsoft", content=report)
    assert batch.total_cost == Decimal("7.20")
    assert DailyCharge.objects.get(pool=pool, day=yesterday).franchise is None  # no confirmed click: the franchisor


def test_the_simulator_keeps_its_report_within_the_pushed_budget(ad_platform):
    connector = HttpAdPlatformConnector(ad_platform, "google")
    connector.push_keywords(campaign="c1", keywords=[{"text": f"kw {i}"} for i in range(20)])
    connector.push_budget(campaign="c1", day=TODAY, amount=Decimal("25.00"), currency="CAD")
    parsed = parse_report(connector.fetch_report(campaign="c1", day=TODAY))
    assert not parsed.errors and len(parsed.rows) == 20
    assert sum(r.cost for r in parsed.rows) <= Decimal("25.00")
    assert requests.get(f"{ad_platform}/ads/_control/state", timeout=5).status_code == 200


def test_the_daily_sync_job_pushes_imports_and_charges_through_the_simulator(world, pool, ad_platform, settings):
    from budgets.tasks import sync_pool

    settings.ADPLATFORM_URL = ad_platform
    yesterday = TODAY - timedelta(days=1)
    keyword = pool.keywords.get(text="assurance auto")
    ids = simulator_clicks(ad_platform, "google", pool.slug, [{"day": str(yesterday), "keyword": keyword.text}] * 3)
    for click, click_id in zip(routed_clicks(pool, keyword, world.F2, 3, day=yesterday), ids, strict=True):
        Click.objects.filter(pk=click.pk).update(click_id=click_id)  # the ids the platform gave
    requests.put(
        f"{ad_platform}/_control/google/campaigns/{pool.slug}/reports/{yesterday}",
        json={"rows": [{"keyword": "assurance auto", "impressions": 80, "clicks": 3, "cost": "5.55"}]},
        timeout=5,
    ).raise_for_status()
    with transaction.atomic():
        result = sync_pool(pool.pk, TODAY.isoformat())
    assert result["google"] == 1
    charge_day(pool=pool, day=yesterday)  # the job queued it on commit; running it again is harmless
    # Google billed F2's three clicks; Microsoft's report (the simulator's own figures) lists no
    # click of ours: its cost is the franchisor's.
    assert DailyCharge.objects.get(pool=pool, day=yesterday, keyword=keyword, franchise=world.F2).amount == Decimal(
        "5.55"
    )
    assert DailyCharge.objects.get(pool=pool, day=yesterday, keyword=keyword, franchise=None).clicks == 0
    state = requests.get(f"{ad_platform}/_control/state", timeout=5).json()
    assert f"google/{pool.slug}/{TODAY}" in state["budgets"]


def test_the_directory_simulator_serves_the_ad_platforms_at_ads():
    """ADPLATFORM_URL defaults to the directory simulator's URL + /ads (`make run`)."""
    from simulators.server import serve_in_thread

    url, shutdown = serve_in_thread()
    try:
        connector = HttpAdPlatformConnector(f"{url}/ads", "google")
        connector.push_keywords(campaign="c2", keywords=[{"text": "kw"}])
        assert not parse_report(connector.fetch_report(campaign="c2", day=TODAY)).errors
    finally:
        shutdown()


def test_a_day_charged_again_after_the_retention_erased_click_ids_still_charges_who_received_them(
    world, pool, run_import
):
    from privacy.services import enforce_retention

    keyword = pool.keywords.get(text="alpha assurance")
    clicks = _clicks(pool, keyword, world.F1, 2)
    platform_lists(pool, TODAY, clicks)
    run_import(actor=None, pool=pool, source="google", content=_report(TODAY, [("alpha assurance", 10, 2, "4.00")]))
    # The platform's records keep a digest of each id, never the id itself.
    assert not PlatformClick.objects.filter(click_key__in=[c.click_id for c in clicks]).exists()
    enforce_retention(now=timezone.now() + timedelta(days=91))  # our clicks lose their ids
    assert set(Click.objects.filter(pool=pool).values_list("click_id", flat=True)) == {""}
    platform_lists(pool, TODAY, clicks)  # the platform lists them again, with their ids

    run_import(actor=None, pool=pool, source="google", content=_report(TODAY, [("alpha assurance", 10, 2, "6.00")]))

    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("494.00")
    assert confirmation_counts(Click.objects.filter(pool=pool))["confirmed"] == 2
