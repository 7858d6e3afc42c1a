"""Issue 18, finding 2: money history is never erased; a franchise leaves the network by being closed.

`DELETE /api/v1/franchises/<id>/` used to answer 204 and cascade: the franchise's account stayed
with no owner, its daily charges and pledges were deleted, and later re-charges refunded money
into the ownerless account. Now no path deletes ledger entries, accounts, daily charges, pledges
or imported costs; a franchise with money history is closed instead (its balance settled by a
ledger transaction the franchisor chooses), and a closed month is corrected in the open one.
"""

import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection, connections
from django.db.models import ProtectedError, Sum

from budgets import closing, ledger, router
from budgets.charging import charge_day
from budgets.models import (
    AccountKind,
    Click,
    DailyCharge,
    FranchiseClosure,
    KeywordDailyCost,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Pledge,
    Territory,
)
from budgets.services import period_close, period_for
from franchise_platform.errors import DomainError
from network.models import Franchise, Role
from tests.budgets.helpers import fund, make_pool, platform_lists, routed_clicks, spend
from tests.factories import FranchiseFactory, RegionFactory, UserFactory, grant_role
from tests.world import client_for

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def history(franchise) -> dict:
    return {
        "accounts": LedgerAccount.objects.filter(franchise=franchise).count(),
        "entries": LedgerEntry.objects.filter(account__franchise=franchise).count(),
        "balance": LedgerAccount.objects.filter(franchise=franchise).aggregate(total=Sum("balance"))["total"],
        "pledges": Pledge.objects.filter(franchise=franchise).count(),
        "charges": DailyCharge.objects.filter(franchise=franchise).count(),
        "clicks": Click.objects.filter(franchise=franchise).count(),
    }


def a_charge(world, franchise, amount="12.34"):
    return DailyCharge.objects.create(
        pool=world.poolA, keyword=world.kwA, franchise=franchise, day=date(2026, 11, 2), amount=Decimal(amount)
    )


def assert_balanced(pool):
    """The pool's ledger: every transaction balances, every cached balance is its entries' sum."""
    for txn in LedgerTransaction.objects.filter(pool=pool):
        assert sum(e.amount for e in txn.entries.all()) == 0, txn
    for account in LedgerAccount.objects.filter(pool=pool):
        assert account.balance == ledger.derived_balance(account), account
    assert sum(a.balance for a in LedgerAccount.objects.filter(pool=pool)) == 0


# --- Nothing deletes money history ------------------------------------------------------------


def test_deleting_a_franchise_with_money_history_is_refused_and_its_history_is_intact(world):
    a_charge(world, world.F1)
    before = history(world.F1)
    assert before == {
        "accounts": 1,
        "entries": 1,
        "balance": Decimal("200.00"),
        "pledges": 1,
        "charges": 1,
        "clicks": 1,
    }

    response = client_for(world, "franchisor").delete(f"/api/v1/franchises/{world.F1.pk}/")

    assert response.status_code == 400
    assert response.json()["code"] == "has_money_history"
    assert "clôturez-la plutôt" in response.json()["detail"]
    assert Franchise.objects.filter(pk=world.F1.pk).exists()
    assert history(world.F1) == before
    assert not LedgerAccount.objects.filter(kind=AccountKind.FRANCHISE, franchise__isnull=True).exists()


def test_a_franchise_with_no_money_history_can_still_be_deleted(world):
    empty = FranchiseFactory(region=world.A1, slug="typo")
    assert client_for(world, "franchisor").delete(f"/api/v1/franchises/{empty.pk}/").status_code == 204
    assert not Franchise.objects.filter(pk=empty.pk).exists()


def test_no_cascade_nor_bulk_delete_removes_money_history(world):
    charge = a_charge(world, world.F1)
    KeywordDailyCost.objects.create(pool=world.poolA, keyword=world.kwA, day=charge.day, cost=Decimal("12.34"))
    before = history(world.F1)
    for node in (world.F1, world.poolA, world.kwA, world.A, world.roundA):
        with pytest.raises(ProtectedError):
            node.delete()
    for rows in (
        DailyCharge.objects.all(),
        KeywordDailyCost.objects.all(),
        Pledge.objects.filter(franchise=world.F1),
        LedgerAccount.objects.all(),
        LedgerEntry.objects.all(),
        LedgerTransaction.objects.all(),
    ):
        with pytest.raises(TypeError):
            rows.delete()
    for row in (charge, world.pledge_F1, LedgerAccount.objects.filter(franchise=world.F1).get()):
        with pytest.raises(TypeError):
            row.delete()
    assert history(world.F1) == before
    assert KeywordDailyCost.objects.count() == 1


def test_the_admin_deletes_neither_a_franchise_with_money_nor_money_rows(client, world):
    charge = a_charge(world, world.F1)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = f"/admin/network/franchise/{world.F1.pk}/delete/"
    page = client.get(url)
    assert page.status_code == 200 and page.context["protected"]
    assert client.post(url, {"post": "yes"}).status_code == 200  # the same refusal, nothing deleted
    assert Franchise.objects.filter(pk=world.F1.pk).exists()
    account = LedgerAccount.objects.filter(franchise=world.F1).get()
    for model, pk in (("dailycharge", charge.pk), ("pledge", world.pledge_F1.pk), ("ledgeraccount", account.pk)):
        assert client.post(f"/admin/budgets/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert DailyCharge.objects.filter(pk=charge.pk).exists()


# --- Closing instead --------------------------------------------------------------------------


@time_machine.travel(AT, tick=False)
def test_closing_a_franchise_refunds_its_balance_to_the_cent_and_keeps_its_history(world):
    pool = make_pool(world.A, slug="close-refund")
    fund(pool, world.F1, "250.00", day=date(2026, 11, 3))
    fund(pool, world.F1, "300.00", day=date(2026, 12, 1))  # next month's contribution, already paid
    spend(pool, world.F1, "33.33", day=date(2026, 11, 10))
    before = LedgerEntry.objects.filter(account__franchise=world.F1).count()

    response = client_for(world, "franchisor").post(
        f"/api/v1/franchises/{world.F1.pk}/close/", {"settlement": "refund", "reason": "sold"}, format="json"
    )

    assert response.status_code == 200
    settled = {row["pool"]: Decimal(row["amount"]) for row in response.json()["settled"]}
    assert settled == {pool.pk: Decimal("516.67"), world.poolA.pk: Decimal("200.00")}
    account = ledger.account_for(pool, AccountKind.FRANCHISE, world.F1)
    assert account.balance == Decimal("0.00")
    for month in (date(2026, 11, 1), date(2026, 12, 1)):
        assert ledger.derived_balance(account, period_for(pool, month)) == Decimal("0.00")
    assert ledger.account_for(pool, AccountKind.FUNDING).balance == Decimal("-33.33")  # 550.00 in, 516.67 back
    assert LedgerTransaction.objects.get(pool=pool, kind="settlement").memo == f"{world.F1}: Rembourser le franchisé"
    assert_balanced(pool)
    assert_balanced(world.poolA)

    world.F1.refresh_from_db()
    assert world.F1.closed_at == AT and world.F1.is_active is False
    assert FranchiseClosure.objects.get(franchise=world.F1).closed_by == world.users["franchisor"]
    world.pledge_F1.refresh_from_db()
    assert world.pledge_F1.status == "declined"
    # Nothing was removed, and those who read it still do.
    settled_legs = 3  # one per month with money: November and December here, this month in pool A
    assert LedgerEntry.objects.filter(account__franchise=world.F1).count() == before + settled_legs
    ledger_page = client_for(world, "franchisee").get(f"/api/v1/ledger/?account__franchise={world.F1.pk}")
    assert ledger_page.status_code == 200 and ledger_page.json()["count"] == before + settled_legs
    assert client_for(world, "franchisee").get(f"/api/v1/franchises/{world.F1.pk}/").json()["closed_at"]


def test_closing_can_keep_the_balance_in_the_pool(world):
    franchisor_before = ledger.account_for(world.poolA, AccountKind.FRANCHISOR).balance
    response = client_for(world, "franchisor").post(
        f"/api/v1/franchises/{world.F1.pk}/close/", {"settlement": "pool"}, format="json"
    )
    assert response.status_code == 200
    assert ledger.account_for(world.poolA, AccountKind.FRANCHISE, world.F1).balance == Decimal("0.00")
    assert ledger.account_for(world.poolA, AccountKind.FRANCHISOR).balance == franchisor_before + Decimal("200.00")
    assert_balanced(world.poolA)


def test_a_closed_franchise_is_closed_once_never_reactivated_nor_pledging_nor_deleted(world):
    admin = client_for(world, "franchisor")
    url = f"/api/v1/franchises/{world.F1.pk}"
    assert admin.post(f"{url}/close/", {"settlement": "refund"}, format="json").status_code == 200
    again = admin.post(f"{url}/close/", {"settlement": "pool"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_closed"
    assert admin.patch(f"{url}/", {"is_active": True}, format="json").status_code == 400
    assert admin.delete(f"{url}/").status_code == 400
    answer = client_for(world, "franchisee").post(
        f"/api/v1/pledges/{world.pledge_F1.pk}/answer/", {"decision": "accept"}, format="json"
    )
    assert answer.status_code == 400 and answer.json()["code"] == "franchise_closed"
    assert FranchiseClosure.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind="settlement").count() == 1


def test_a_closed_franchise_receives_no_further_clicks(client, world, django_capture_on_commit_callbacks):
    router.reset()
    pool = make_pool(world.A, slug="close-route")
    for franchise in (world.F1, world.F2):
        fund(pool, franchise, "3000.00")
        Territory.objects.create(franchise=franchise, kind="postal_prefix", value="H2X")

    def paths(n):
        return {
            urlsplit(client.get("/go/close-route/", {"loc": "H2X"}, HTTP_USER_AGENT="Mozilla/5.0")["Location"]).path
            for _ in range(n)
        }

    assert paths(6) == {"/alpha/f1/", "/alpha/f2/"}
    with django_capture_on_commit_callbacks(execute=True):
        closing.franchise_close(actor=world.users["franchisor"], franchise=world.F1, settlement="refund")
    assert paths(10) == {"/alpha/f2/"}
    router.reset()  # every other process's table, once rebuilt
    assert world.F1.pk not in router.build_table("close-route").routes
    assert paths(4) == {"/alpha/f2/"}
    router.reset()


@time_machine.travel(AT, tick=False)
def test_a_day_charged_again_after_closing_moves_no_money_into_a_closed_or_ownerless_account(world):
    pool = make_pool(world.A, slug="close-recharge", keywords=("assurance auto",))
    keyword = pool.keywords.get()
    day = date(2026, 11, 19)
    for franchise in (world.F1, world.F2):
        fund(pool, franchise, "100.00", day=day)
    clicks = [*routed_clicks(pool, keyword, world.F1, 2, day), *routed_clicks(pool, keyword, world.F2, 2, day)]
    platform_lists(pool, day, clicks)

    def imported(cost):
        KeywordDailyCost.objects.filter(pool=pool, day=day).supersede()
        KeywordDailyCost.objects.create(pool=pool, keyword=keyword, day=day, clicks=4, cost=Decimal(cost))
        charge_day(pool=pool, day=day)

    imported("8.00")
    closing.franchise_close(actor=world.users["franchisor"], franchise=world.F1, settlement="refund")
    imported("6.00")  # the platform revised the day: 4.00 refunded to each, 3.00 charged to each

    f1 = ledger.account_for(pool, AccountKind.FRANCHISE, world.F1)
    assert f1.balance == Decimal("0.00") and ledger.derived_balance(f1) == Decimal("0.00")
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F2).balance == Decimal("97.00")
    assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == Decimal("6.00")
    assert ledger.account_for(pool, AccountKind.FUNDING).balance == Decimal("-200.00") + Decimal("96.00") + Decimal(
        "1.00"
    )  # refunded at closing, then what came back with the revised day
    assert LedgerTransaction.objects.filter(pool=pool, kind="settlement").count() == 2
    assert not LedgerAccount.objects.filter(kind=AccountKind.FRANCHISE, franchise__isnull=True).exists()
    assert_balanced(pool)


@time_machine.travel(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False)
def test_a_closed_month_is_corrected_by_an_adjustment_in_the_open_month(world):
    pool = make_pool(world.A, slug="closed-month", keywords=("assurance auto",))
    keyword = pool.keywords.get()
    day = date(2026, 10, 20)
    fund(pool, world.F1, "100.00", day=day)
    platform_lists(pool, day, routed_clicks(pool, keyword, world.F1, 1, day))
    KeywordDailyCost.objects.create(pool=pool, keyword=keyword, day=day, clicks=1, cost=Decimal("10.00"))
    charge_day(pool=pool, day=day)
    october, november = period_for(pool, day), period_for(pool, date(2026, 11, 1))
    period_close(actor=None, period=october)
    frozen = sorted(LedgerEntry.objects.filter(period=october).values_list("id", "account_id", "amount"))

    KeywordDailyCost.objects.filter(pool=pool, day=day).update(cost=Decimal("7.00"))  # re-imported
    charge_day(pool=pool, day=day)

    assert sorted(LedgerEntry.objects.filter(period=october).values_list("id", "account_id", "amount")) == frozen
    refund = LedgerTransaction.objects.get(pool=pool, kind="refund", day=day)
    recharge = LedgerTransaction.objects.get(pool=pool, kind="charge", day=day, key__endswith=":1")
    for adjustment in (refund, recharge):
        assert {entry.period_id for entry in adjustment.entries.all()} == {november.pk}
    f1 = ledger.account_for(pool, AccountKind.FRANCHISE, world.F1)
    assert f1.balance == Decimal("93.00")
    assert ledger.derived_balance(f1, october) == Decimal("0.00")
    assert ledger.derived_balance(f1, november) == Decimal("93.00")
    assert_balanced(pool)


# --- The page ---------------------------------------------------------------------------------


def test_the_franchisor_closes_a_franchise_from_its_page_after_confirming_in_french(client, world):
    admin = world.users["franchisor"]
    admin.language = "fr"
    admin.save(update_fields=["language"])
    client.force_login(admin)
    page = client.get(f"/network/franchises/{world.F1.pk}/").content.decode()
    assert "Clôturer cette franchise…" in page
    url = f"/budgets/franchises/{world.F1.pk}/close/"
    form = client.get(url).content.decode()
    assert "200,00" in form and "Rembourser le franchisé" in form

    unconfirmed = client.post(url, {"settlement": "refund"})
    assert unconfirmed.status_code == 200 and "Ce champ est obligatoire" in unconfirmed.content.decode()
    world.F1.refresh_from_db()
    assert world.F1.closed_at is None

    done = client.post(url, {"settlement": "refund", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == f"/network/franchises/{world.F1.pk}/"
    world.F1.refresh_from_db()
    assert world.F1.closed_at is not None
    assert "Clôturée le" in client.get(done["Location"]).content.decode()


@pytest.mark.parametrize(("role", "status"), [("region", 403), ("franchisee", 403), ("franchisee2", 404)])
def test_only_the_franchisor_admin_may_open_the_closing_page(client, world, role, status):
    client.force_login(world.users[role])
    assert client.get(f"/budgets/franchises/{world.F1.pk}/close/").status_code == status
    assert (
        client.post(f"/budgets/franchises/{world.F1.pk}/close/", {"settlement": "refund", "confirm": "on"}).status_code
        == status
    )
    world.F1.refresh_from_db()
    assert world.F1.closed_at is None


# --- On PostgreSQL, at the same time ----------------------------------------------------------

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _franchisor_and_franchise(slug):
    region = RegionFactory()
    franchise = FranchiseFactory(region=region, slug=slug)
    admin = UserFactory()
    grant_role(admin, Role.FRANCHISOR_ADMIN, region.brand)
    return admin, franchise


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # the outcome is asserted below
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_closing_at_once_settle_the_balance_once():
    for attempt in range(5):
        admin, franchise = _franchisor_and_franchise(f"twice-{attempt}")
        pool = make_pool(franchise.brand, slug=f"twice-{attempt}")
        fund(pool, franchise, "123.45")
        outcomes = _together(
            *(
                lambda admin=admin, franchise=franchise: closing.franchise_close(
                    actor=admin, franchise=franchise, settlement="refund"
                )
                for _ in range(2)
            )
        )
        refused = [o for o in outcomes if isinstance(o, DomainError)]
        assert len(refused) == 1 and refused[0].code == "already_closed", outcomes
        assert FranchiseClosure.objects.filter(franchise=franchise).count() == 1
        assert LedgerTransaction.objects.filter(pool=pool, kind="settlement").count() == 1
        assert ledger.account_for(pool, AccountKind.FUNDING).balance == Decimal("0.00")
        assert_balanced(pool)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(AT, tick=False)
def test_closing_while_its_day_is_being_charged_ends_at_zero_to_the_cent():
    day = date(2026, 11, 19)
    for attempt in range(5):
        admin, franchise = _franchisor_and_franchise(f"race-{attempt}")
        other = FranchiseFactory(region=franchise.region, slug=f"race-other-{attempt}")
        pool = make_pool(franchise.brand, slug=f"race-{attempt}", keywords=("assurance auto",))
        keyword = pool.keywords.get()
        fund(pool, franchise, "50.00", day=day)
        fund(pool, other, "50.00", day=day)
        clicks = [*routed_clicks(pool, keyword, franchise, 3, day), *routed_clicks(pool, keyword, other, 1, day)]
        platform_lists(pool, day, clicks)
        KeywordDailyCost.objects.create(pool=pool, keyword=keyword, day=day, clicks=4, cost=Decimal("10.01"))

        outcomes = _together(
            lambda pool=pool: charge_day(pool=pool, day=day),
            lambda admin=admin, franchise=franchise: closing.franchise_close(
                actor=admin, franchise=franchise, settlement="pool"
            ),
        )

        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        account = ledger.account_for(pool, AccountKind.FRANCHISE, franchise)
        assert account.balance == Decimal("0.00") and ledger.derived_balance(account) == Decimal("0.00")
        assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == Decimal("10.01")
        # Whichever came first, the franchise paid its 7.51 share or, closed first, nothing.
        franchise_paid = -sum(e.amount for e in LedgerEntry.objects.filter(account=account, transaction__kind="charge"))
        assert franchise_paid in (Decimal("7.51"), Decimal("0.00"))
        assert_balanced(pool)
