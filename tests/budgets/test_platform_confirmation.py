"""Issue 18, finding 1: only clicks the ad platform vouches for are charged.

End to end over HTTP: searchers click the simulated platforms' ads (the simulator gives each
click its gclid or msclkid), reach our router with that id, and the daily job
(`budgets.sync_pool`, as beat runs it the next morning) reads each platform's click records
(Google Ads `click_view` through googleAds:searchStream, Microsoft's MSClickId report), imports
the costs and charges. Anyone else's requests to /go/ still get a page and never cost anything.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import ledger, router
from budgets.models import AccountKind, Click, DailyCharge, Territory
from budgets.tasks import sync_pool
from simulators.server import serve_in_thread
from tests.budgets.helpers import fund, make_pool, simulator_clicks

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
AFTERNOON = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
MONTREAL, QUEBEC = 1002604, 1002577  # Google geo target criteria ids (cities)


@pytest.fixture
def ads_url():
    """The directory simulator over HTTP with the ad platforms at /ads, as `make run` serves it."""
    url, shutdown = serve_in_thread()
    requests.post(f"{url}/ads/_control/reset", timeout=10).raise_for_status()
    yield f"{url}/ads"
    shutdown()


@pytest.fixture
def pool(world, settings, ads_url):
    settings.ADPLATFORM_URL = ads_url
    router.reset()
    pool = make_pool(world.A, slug="assurance-qc", keywords=("assurance auto",))
    for franchise, area in ((world.F1, "H2X"), (world.F2, "G1R"), (world.F3, "H3A")):
        fund(pool, franchise, "3000.00", day=DAY)
        Territory.objects.create(franchise=franchise, kind="postal_prefix", value=area)
    bill(ads_url, pool, "microsoft", "0", 0)  # no Microsoft ad was clicked unless a test says so
    yield pool
    router.reset()


@pytest.fixture
def run_daily_job(django_capture_on_commit_callbacks):
    """Beat's job the next morning; what it queues on commit (the charging) runs as it would."""

    def run(pool):
        with time_machine.travel(NEXT_MORNING, tick=False), django_capture_on_commit_callbacks(execute=True):
            return sync_pool(pool.pk)

    return run


def go(client, user_agent=BROWSER, **params):
    return client.get("/go/assurance-qc/", {"kw": "assurance auto", **params}, HTTP_USER_AGENT=user_agent)


def bill(ads_url, pool, source, cost, clicks):
    """The platform's keyword report of DAY: `cost` for `clicks` clicks of "assurance auto"."""
    rows = [{"keyword": "assurance auto", "impressions": 100, "clicks": clicks, "cost": cost}] if clicks else []
    response = requests.put(
        f"{ads_url}/_control/{source}/campaigns/{pool.slug}/reports/{DAY}", json={"rows": rows}, timeout=10
    )
    response.raise_for_status()


def ad_clicks(ads_url, pool, source, n, location=None, billed=True):
    click = {"day": str(DAY), "keyword": "assurance auto", "billed": billed}
    if location is not None:
        click["location"] = location
    return simulator_clicks(ads_url, source, pool.slug, [click] * n)


def charged(pool, franchise) -> Decimal:
    return sum((c.amount for c in DailyCharge.objects.filter(pool=pool, day=DAY, franchise=franchise)), Decimal("0.00"))


def test_forty_anonymous_clicks_without_ids_or_with_invented_ids_charge_nothing(
    client, world, pool, ads_url, run_daily_job
):
    real = ad_clicks(ads_url, pool, "google", 5, location=QUEBEC)
    with time_machine.travel(AFTERNOON, tick=False):
        for gclid in real:  # five searchers in Québec City clicked the ad
            assert urlsplit(go(client, loc="G1R 4P5", geo=QUEBEC, gclid=gclid)["Location"]).path == "/alpha/f2/"
        # Forty requests typed by someone who wants Montréal's franchisee to pay.
        for n in range(20):
            assert urlsplit(go(client, loc="H2X 1K4")["Location"]).path == "/alpha/f1/"
            assert (
                urlsplit(go(client, loc="H2X 1K4", gclid=f"Cj0KCQiA{n:04d}invented")["Location"]).path == "/alpha/f1/"
            )
    bill(ads_url, pool, "google", "12.35", 5)
    bill(ads_url, pool, "microsoft", "0", 0)

    run_daily_job(pool)

    assert charged(pool, world.F1) == Decimal("0.00")
    assert charged(pool, world.F2) == Decimal("12.35")
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("3000.00")
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F2).balance == Decimal("2987.65")
    assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == Decimal("12.35")
    assert Click.objects.filter(pool=pool, franchise=world.F1).count() == 40


def test_the_franchisee_and_the_pool_page_show_the_clicks_the_platform_did_not_confirm_in_french(
    client, world, pool, ads_url, run_daily_job
):
    real = ad_clicks(ads_url, pool, "google", 2, location=MONTREAL)
    with time_machine.travel(AFTERNOON, tick=False):
        for gclid in real:
            go(client, loc="H2X", geo=MONTREAL, gclid=gclid)
        for n in range(3):
            go(client, loc="H2X")
            go(client, loc="H2X", gclid=f"made-up-{n}")
        go(client, user_agent="curl/8.5.0", loc="H2X", gclid=real[0] + "x")
    bill(ads_url, pool, "google", "3.00", 2)
    run_daily_job(pool)

    world.users["franchisee"].language = "fr"
    world.users["franchisee"].save(update_fields=["language"])
    client.force_login(world.users["franchisee"])
    with time_machine.travel(NEXT_MORNING, tick=False):
        html = client.get("/budgets/mine/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        pool_html = client.get(f"/budgets/pools/{pool.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "2 clics confirmés par la plateforme publicitaire" in html
    assert "7 clics non confirmés par la plateforme, jamais facturés" in html
    assert "3 sans identifiant de clic" in html
    assert "3 avec un identifiant que la plateforme n’a pas facturé" in html
    assert "1 d’un visiteur automatisé" in html
    assert "7 clics non confirmés par la plateforme, jamais facturés" in pool_html
    assert charged(pool, world.F1) == Decimal("3.00")


def test_confirmed_clicks_of_both_platforms_are_charged_to_the_cent_once(client, world, pool, ads_url, run_daily_job):
    google = {name: ad_clicks(ads_url, pool, "google", n) for name, n in (("F1", 3), ("F2", 2), ("F3", 2))}
    microsoft = ad_clicks(ads_url, pool, "microsoft", 1, location={"city": "Montréal", "state": "Quebec"})
    areas = {"F1": "H2X", "F2": "G1R", "F3": "H3A"}
    with time_machine.travel(AFTERNOON, tick=False):
        for name, ids in google.items():
            for gclid in ids:
                assert urlsplit(go(client, loc=areas[name], gclid=gclid)["Location"]).path == f"/alpha/{name.lower()}/"
        go(client, loc="H2X", msclkid=microsoft[0])
    bill(ads_url, pool, "google", "10.00", 7)
    bill(ads_url, pool, "microsoft", "2.35", 1)

    run_daily_job(pool)
    first = sorted(DailyCharge.objects.filter(pool=pool).values_list("franchise_id", "amount", "clicks"))
    run_daily_job(pool)  # beat runs it again: nothing changes

    # Google's 10.00 over 3/2/2 confirmed clicks, largest remainders: 4.28, 2.86, 2.86.
    assert charged(pool, world.F1) == Decimal("4.28") + Decimal("2.35")
    assert charged(pool, world.F2) == Decimal("2.86")
    assert charged(pool, world.F3) == Decimal("2.86")
    assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == Decimal("12.35")
    assert ledger.account_for(pool, AccountKind.FRANCHISOR).balance == Decimal("0.00")
    assert sorted(DailyCharge.objects.filter(pool=pool).values_list("franchise_id", "amount", "clicks")) == first
    assert set(Click.objects.filter(pool=pool).values_list("platform_status", flat=True)) == {"confirmed"}


AUTOMATED = [
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Wget/1.21.4",
    "Go-http-client/1.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
    "Mozilla/5.0 (X11; Linux x86_64) Selenium/4.27 Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (compatible; webdriver)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "",
    "   ",
]


def test_automated_visitors_are_routed_but_never_charged_even_when_the_platform_billed_them(
    client, world, pool, ads_url, run_daily_job
):
    ids = ad_clicks(ads_url, pool, "google", len(AUTOMATED))
    with time_machine.travel(AFTERNOON, tick=False):
        for user_agent, gclid in zip(AUTOMATED, ids, strict=True):
            response = go(client, user_agent=user_agent, loc="H2X", gclid=gclid)
            assert response.status_code == 302 and urlsplit(response["Location"]).path == "/alpha/f1/"
    bill(ads_url, pool, "google", "16.50", len(AUTOMATED))

    run_daily_job(pool)

    assert Click.objects.filter(pool=pool, is_bot=True).count() == len(AUTOMATED)
    assert charged(pool, world.F1) == Decimal("0.00")
    assert charged(pool, None) == Decimal("16.50")  # the platform billed the pool: the franchisor pays


def test_a_real_click_id_replayed_with_another_area_is_not_charged_to_that_area(
    client, world, pool, ads_url, run_daily_job
):
    (gclid,) = ad_clicks(ads_url, pool, "google", 1, location=MONTREAL)
    with time_machine.travel(AFTERNOON, tick=False):  # clicked in Montréal, sent on as if from Québec City
        assert urlsplit(go(client, loc="G1R", geo=QUEBEC, gclid=gclid)["Location"]).path == "/alpha/f2/"
    bill(ads_url, pool, "google", "4.10", 1)

    run_daily_job(pool)

    assert Click.objects.get(pool=pool).platform_status == "elsewhere"
    assert charged(pool, world.F2) == Decimal("0.00")
    assert charged(pool, None) == Decimal("4.10")


def test_a_click_the_platform_lists_as_invalid_is_not_charged(client, world, pool, ads_url, run_daily_job):
    (gclid,) = ad_clicks(ads_url, pool, "google", 1, billed=False)
    (good,) = ad_clicks(ads_url, pool, "google", 1)
    with time_machine.travel(AFTERNOON, tick=False):
        go(client, loc="H2X", gclid=gclid)
        go(client, loc="G1R", gclid=good)
    bill(ads_url, pool, "google", "2.00", 1)

    run_daily_job(pool)

    assert Click.objects.get(click_id=gclid).platform_status == "not_billed"
    assert (charged(pool, world.F1), charged(pool, world.F2)) == (Decimal("0.00"), Decimal("2.00"))


def test_a_day_whose_click_records_could_not_be_read_is_not_charged_yet(
    client, world, pool, ads_url, settings, run_daily_job
):
    (gclid,) = ad_clicks(ads_url, pool, "google", 1)
    with time_machine.travel(AFTERNOON, tick=False):
        go(client, loc="H2X", gclid=gclid)
    bill(ads_url, pool, "google", "2.00", 1)
    bill(ads_url, pool, "microsoft", "0", 0)
    settings.ADPLATFORM_GOOGLE_DEVELOPER_TOKEN = ""  # Google refuses every call: no records, no charge

    result = run_daily_job(pool)

    assert "developer token" in result["google_click_records"][str(DAY)]
    assert not DailyCharge.objects.filter(pool=pool).exists()
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("3000.00")
    settings.ADPLATFORM_GOOGLE_DEVELOPER_TOKEN = "simulator"
    run_daily_job(pool)  # the next run reads the records and charges the day
    assert charged(pool, world.F1) == Decimal("2.00")


def test_a_click_without_an_id_still_routes_with_the_single_insert(client, world, pool):
    with time_machine.travel(AFTERNOON, tick=False):
        go(client, loc="H2X", gclid="warm-up")
        with CaptureQueriesContext(connection) as queries:
            response = go(client, loc="H2X 1K4")
    assert urlsplit(response["Location"]).path == "/alpha/f1/"
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert Click.objects.get(pool=pool, click_id="").franchise == world.F1
