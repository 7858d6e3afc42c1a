"""Money validation in one place, and the remaining findings of issue 18 (6, 8; 7 is in
test_concurrency.py): a pledge spendable only in its month, bounds on amounts, counts and days,
every pledge path under one ceiling, automated visitors never charged, a closed month's day
re-imported into the open month, ties of the largest remainder by numeric id."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import translation

from budgets import ledger, router, services, validation
from budgets.adplatform.reports import google_csv
from budgets.charging import charge_day
from budgets.imports import ImportRejected, import_costs
from budgets.models import (
    AccountKind,
    Click,
    ContributionRound,
    DailyCharge,
    KeywordDailyCost,
    LedgerEntry,
    LedgerTransaction,
    Pledge,
    Territory,
    TransactionKind,
)
from budgets.money import split_cents
from budgets.services import period_close, period_for
from franchise_platform.errors import DomainError
from tests.budgets.helpers import fund, make_pool, platform_lists, routed_clicks
from tests.world import client_for

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TODAY = AT.date()
DECEMBER = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def pinned():
    router.reset()
    with time_machine.travel(AT, tick=False), translation.override("en"):  # messages asserted in English
        yield
    router.reset()


def _report(rows):
    return google_csv(
        TODAY,
        [{"keyword": k, "impressions": i, "clicks": c, "cost": Decimal(cost)} for k, i, c, cost in rows],
        "CAD",
    )


def _december_pledge(world, suggested="300.00"):
    pool = make_pool(world.A)
    contribution_round = ContributionRound.objects.create(
        period=period_for(pool, DECEMBER), suggested_amount=Decimal(suggested), deadline=AT + timedelta(days=5)
    )
    pledge = Pledge.objects.create(round=contribution_round, franchise=world.F1, suggested_amount=Decimal(suggested))
    return pool, pledge


# --- Finding 6: a pledge is spendable only in its own month ---------------------------------


def test_a_pledge_for_next_month_is_not_spendable_this_month(client, world):
    pool, pledge = _december_pledge(world)
    services.pledge_answer(actor=world.users["franchisee"], pledge=pledge, decision="accept")
    account = ledger.account_for(pool, AccountKind.FRANCHISE, world.F1)
    assert account.balance == Decimal("300.00")
    assert ledger.spendable_balances(pool, TODAY) == {world.F1.pk: Decimal("0.00")}
    Territory.objects.create(franchise=world.F1, kind="postal_prefix", value="H2X")

    # The router sends it nothing in November...
    response = client.get("/go/t-pool/", {"loc": "H2X", "gclid": "nov-1"}, HTTP_USER_AGENT="Mozilla/5.0")
    assert urlsplit(response.url).path == "/alpha/"
    # ...and a November day's cost of clicks it received is not taken from December's money.
    keyword = pool.keywords.get(text="assurance auto")
    day = date(2026, 11, 19)
    platform_lists(pool, day, routed_clicks(pool, keyword, world.F1, 2, day))
    KeywordDailyCost.objects.create(pool=pool, keyword=keyword, day=day, clicks=2, cost=Decimal("3.00"))
    charge_day(pool=pool, day=day)
    assert list(DailyCharge.objects.filter(pool=pool, day=day).values_list("franchise_id", "amount")) == [
        (None, Decimal("3.00"))
    ]
    account.refresh_from_db()
    assert account.balance == Decimal("300.00")

    # In December it is its month's money.
    router.reset()
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        response = client.get("/go/t-pool/", {"loc": "H2X", "gclid": "dec-1"}, HTTP_USER_AGENT="Mozilla/5.0")
        assert urlsplit(response.url).path == "/alpha/f1/"


# --- Finding 8 and item 5: bounds -------------------------------------------------------------


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1999, 12, 31), TODAY + timedelta(days=2)])
def test_a_cost_dated_outside_a_sane_range_is_refused_with_its_line(world, day):
    pool = make_pool(world.A)
    content = google_csv(
        day, [{"keyword": "assurance auto", "impressions": 1, "clicks": 1, "cost": Decimal("1.00")}], "CAD"
    )
    with pytest.raises(ImportRejected) as refused:
        import_costs(actor=None, pool=pool, source="google", content=content)
    assert "the day must be between 2000-01-01 and 2026-11-21" in refused.value.message
    assert not KeywordDailyCost.objects.filter(pool=pool).exists()


def test_tomorrow_is_accepted_for_time_zones_ahead_of_utc(world):
    pool = make_pool(world.A)
    day = TODAY + timedelta(days=1)
    content = google_csv(
        day, [{"keyword": "assurance auto", "impressions": 1, "clicks": 1, "cost": Decimal("1.00")}], "CAD"
    )
    import_costs(actor=None, pool=pool, source="google", content=content)
    assert KeywordDailyCost.objects.get(pool=pool).day == day


def test_oversized_counts_and_totals_in_an_import_are_refused_not_a_database_error(client, world):
    pool = make_pool(world.A)
    huge_count = _report([("assurance auto", 1, 99_999_999_999, "1.00")])
    with pytest.raises(ImportRejected) as refused:
        import_costs(actor=None, pool=pool, source="google", content=huge_count)
    assert "99999999999" in refused.value.message
    # Two rows each within bounds, whose day total for the keyword is not.
    summed = _report([("assurance auto", 1, 1_500_000_000, "1.00")] * 2)
    with pytest.raises(ImportRejected) as refused:
        import_costs(actor=None, pool=pool, source="google", content=summed)
    assert "a count may not exceed 2\u202f147\u202f483\u202f647" in refused.value.message
    # 1,001 rows of 10,000,000.00 for one keyword: a day's total beyond what the column holds.
    huge_total = _report([("assurance auto", 1, 1, "10000000.00")] * 1001)
    with pytest.raises(ImportRejected) as refused:
        import_costs(actor=None, pool=pool, source="google", content=huge_total)
    assert "the amount may not exceed" in refused.value.message

    # Through the page: a 302 back with the message, nothing stored.
    client.force_login(world.users["franchisor"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("huge.csv", huge_count.encode(), content_type="text/csv")
    response = client.post(f"/budgets/pools/{pool.pk}/costs/import/", {"source": "google", "file": upload})
    assert response.status_code == 302
    assert not KeywordDailyCost.objects.filter(pool=pool).exists()


def test_a_huge_top_up_is_refused_with_a_400_and_the_funding_account_never_overflows(world):
    pool = make_pool(world.A)
    api = client_for(world, "franchisor")
    url = f"/api/v1/pools/{pool.pk}/top-up/"
    too_many_digits = api.post(url, {"amount": "99999999999999.00", "key": "t1"}, format="json")
    assert too_many_digits.status_code == 400
    above_ceiling = api.post(url, {"amount": "9999999999.99", "key": "t2"}, format="json")
    assert above_ceiling.status_code == 400 and above_ceiling.json()["code"] == "amount_too_large"

    # The funding account near what its column holds: a posting beyond it is refused (400)...
    period = period_for(pool, TODAY)
    funding = ledger.account_for(pool, AccountKind.FUNDING)
    franchisor = ledger.account_for(pool, AccountKind.FRANCHISOR)
    ledger.post(
        pool=pool,
        kind=TransactionKind.TOP_UP,
        key="near-the-limit",
        legs=[
            ledger.Leg(funding, Decimal("-999999999000.00"), period),
            ledger.Leg(franchisor, Decimal("999999999000.00"), period),
        ],
    )
    refused = api.post(url, {"amount": "5000.00", "key": "t3"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "amount_too_large"
    funding.refresh_from_db()
    assert funding.balance == Decimal("-999999999000.00")
    # ...and a pledge still answers (no 500): the account was never taken beyond its column.
    contribution_round = ContributionRound.objects.create(
        period=period_for(pool, DECEMBER), suggested_amount=Decimal("300.00"), deadline=AT + timedelta(days=5)
    )
    pledge = Pledge.objects.create(round=contribution_round, franchise=world.F1, suggested_amount=Decimal("300.00"))
    answered = client_for(world, "franchisee").post(
        f"/api/v1/pledges/{pledge.pk}/answer/", {"decision": "change", "amount": "500.00"}, format="json"
    )
    assert answered.status_code == 200, answered.content
    funding.refresh_from_db()
    assert funding.balance == Decimal("-999999999500.00")


def test_accepting_a_huge_suggested_amount_is_under_the_same_ceiling_as_changing_it(world):
    pool, pledge = _december_pledge(world, suggested="5000000.00")  # a round from before the ceiling
    api = client_for(world, "franchisee")
    accepted = api.post(f"/api/v1/pledges/{pledge.pk}/answer/", {"decision": "accept"}, format="json")
    assert accepted.status_code == 400 and accepted.json()["code"] == "amount_too_large"
    changed = api.post(
        f"/api/v1/pledges/{pledge.pk}/answer/", {"decision": "change", "amount": "5000000.00"}, format="json"
    )
    assert changed.status_code == 400 and changed.json()["code"] == "amount_too_large"
    assert not LedgerEntry.objects.filter(account__franchise=world.F1, account__pool=pool).exists()
    # A round cannot be opened with it either.
    with pytest.raises(DomainError) as refused:
        services.round_open(
            actor=world.users["franchisor"], pool=pool, month=date(2027, 1, 1), suggested_amount=Decimal("1000000.01")
        )
    assert refused.value.code == "amount_too_large"
    assert Decimal("1000000.00") == validation.PLEDGE_CEILING


# --- Finding 8: automated visitors never charged ----------------------------------------------

AUTOMATED = [
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Selenium/4.27 (python linux)",
    "",
    "   ",
    "Wget/1.21.4",
    "Go-http-client/1.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Scrapy/2.11.0 (+https://scrapy.org)",
]


def test_automated_visitors_are_routed_but_never_charged_even_when_the_platform_bills_them(client, world):
    pool = make_pool(world.A, keywords=("assurance auto",))
    fund(pool, world.F1, "500.00")
    Territory.objects.create(franchise=world.F1, kind="postal_prefix", value="H2X")
    day = TODAY
    for n, agent in enumerate(AUTOMATED):
        response = client.get(
            "/go/t-pool/", {"kw": "assurance auto", "loc": "H2X", "gclid": f"auto-{n}"}, HTTP_USER_AGENT=agent
        )
        assert response.status_code == 302
    clicks = list(Click.objects.filter(pool=pool))
    assert len(clicks) == len(AUTOMATED) and all(click.is_bot for click in clicks)
    platform_lists(pool, day, clicks)  # the platform bills every one of them
    KeywordDailyCost.objects.create(
        pool=pool, keyword=pool.keywords.get(), day=day, clicks=len(clicks), cost=Decimal("18.00")
    )
    charge_day(pool=pool, day=day)
    assert list(DailyCharge.objects.filter(pool=pool, day=day).values_list("franchise_id", "amount")) == [
        (None, Decimal("18.00"))
    ]
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("500.00")


def test_a_browser_user_agent_is_not_taken_for_a_robot():
    for agent in (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ):
        assert router.is_automated(agent) is False


# --- Finding 8: a closed month's day re-imported goes into the open month ---------------------


def test_reimporting_a_day_of_a_closed_month_posts_an_adjustment_in_the_open_month(
    world, django_capture_on_commit_callbacks
):
    pool = make_pool(world.A, keywords=("assurance auto",))
    keyword = pool.keywords.get()
    day = date(2026, 10, 30)
    fund(pool, world.F1, "100.00", day=day)
    platform_lists(pool, day, routed_clicks(pool, keyword, world.F1, 2, day))

    def imported(cost):
        content = google_csv(
            day, [{"keyword": "assurance auto", "impressions": 9, "clicks": 2, "cost": Decimal(cost)}], "CAD"
        )
        with django_capture_on_commit_callbacks(execute=True):
            import_costs(actor=None, pool=pool, source="google", content=content)

    imported("10.00")
    october, november = period_for(pool, day), period_for(pool, date(2026, 11, 1))
    period_close(actor=None, period=october)
    frozen = sorted(LedgerEntry.objects.filter(period=october).values_list("id", "amount"))

    imported("6.50")  # the platform revised the day; the report is imported again

    assert sorted(LedgerEntry.objects.filter(period=october).values_list("id", "amount")) == frozen
    account = ledger.account_for(pool, AccountKind.FRANCHISE, world.F1)
    in_november = LedgerEntry.objects.filter(account=account, period=november).exclude(
        transaction__kind=TransactionKind.CARRY_OVER
    )
    assert sorted(in_november.values_list("transaction__kind", "amount")) == [
        ("charge", Decimal("-6.50")),
        ("refund", Decimal("10.00")),
    ]
    assert LedgerTransaction.objects.get(pool=pool, kind="refund", day=day).memo == "2026-10-30 → 2026-11"
    assert account.balance == Decimal("93.50")
    assert ledger.derived_balance(account) == Decimal("93.50")


# --- Finding 8: ties of the largest remainder by numeric id -----------------------------------


def test_ties_of_the_largest_remainder_go_to_the_smaller_numeric_id_and_the_franchisor_last():
    # One cent between franchises 9 and 10 with the same claim: 9 (as text, "10" sorted first).
    assert split_cents(Decimal("0.01"), {10: 1, 9: 1}) == {10: Decimal("0.00"), 9: Decimal("0.01")}
    assert split_cents(Decimal("0.02"), {100: 1, 99: 1, 2: 1}) == {
        100: Decimal("0.00"),
        99: Decimal("0.01"),
        2: Decimal("0.01"),
    }
    assert split_cents(Decimal("0.01"), {None: 1, 12: 1}) == {None: Decimal("0.00"), 12: Decimal("0.01")}
    # The split does not depend on the order the weights come in.
    assert split_cents(Decimal("0.01"), {9: 1, 10: 1}) == split_cents(Decimal("0.01"), {10: 1, 9: 1})
