"""Concurrent work never double-counts (issue 18, findings 3, 4 and 7, and the zero balance of 8).

Where concurrency is the point the work runs in several operating-system processes on
PostgreSQL (tests/budgets/processes.py), each with its own memory and connection, as web and
job workers do; the clock is pinned.
"""

import os
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test import Client

from budgets import router
from budgets.adplatform.reports import google_csv
from budgets.imports import import_costs
from budgets.models import Click, ImportBatch, KeywordDailyCost, LedgerTransaction, Pool, Territory
from network.models import Role
from tests.budgets.helpers import fund, make_pool, spend
from tests.budgets.processes import in_processes
from tests.factories import FranchiseFactory, LocationFactory, RegionFactory, UserFactory, grant_role
from tests.services import need
from tests.world import client_for

AT = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # the last day of its month: its whole balance is today's
DAY = date(2026, 11, 27)
needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.fixture(autouse=True)
def fresh_tables():
    router.reset()
    yield
    router.reset()


# --- Finding 3: imports of the same pool and day are serialised ------------------------------

KEYWORDS = ("alpha assurance", "assurance auto")


def _file(n: int) -> str:
    """Import n's report of DAY: one keyword of the two, its own cost (so a union shows)."""
    row = {"keyword": KEYWORDS[n % 2], "impressions": 100 + n, "clicks": 10 + n, "cost": Decimal(f"{n + 1}.{n:02d}")}
    return google_csv(DAY, [row], "CAD")


def _import(pool_pk: int, n: int) -> int:
    return import_costs(
        actor=None, pool=Pool.objects.get(pk=pool_pk), source="google", content=_file(n), filename=f"{n}.csv"
    ).pk


@needs_postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(AT, tick=False)
def test_ten_imports_of_the_same_day_in_ten_processes_keep_exactly_one():
    franchise = FranchiseFactory()
    pool = make_pool(franchise.brand, slug="imports-race", keywords=KEYWORDS)
    runs = 2
    for run in range(runs):
        outcomes = in_processes(_import, [(pool.pk, n) for n in range(10)])
        assert [kind for kind, _ in outcomes] == ["ok"] * 10, outcomes
        last = ImportBatch.objects.filter(pool=pool).order_by("-created_at", "-id").first()
        n = int(last.filename.split(".")[0])
        kept = list(KeywordDailyCost.objects.filter(pool=pool, day=DAY).values_list("keyword__text", "cost", "clicks"))
        # Exactly the file imported last, not the union of two nor a mix.
        assert kept == [(KEYWORDS[n % 2], Decimal(f"{n + 1}.{n:02d}"), 10 + n)], (run, kept)
    assert ImportBatch.objects.filter(pool=pool).count() == 10 * runs


# --- Finding 4: the daily click cap holds whatever the number of web processes ---------------


def _shared_cache(settings):
    url = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL", "")
    need(url.startswith("redis://"), "a Redis server (REDIS_URL or CELERY_BROKER_URL) for the shared cache")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


def _clicks_from_a_web_process(slug: str, n: int, prefix: str) -> list[str]:
    client = Client()
    return [
        urlsplit(
            client.get(f"/go/{slug}/", {"loc": "H2X", "gclid": f"{prefix}-{i}"}, HTTP_USER_AGENT="Mozilla/5.0").url
        ).path
        for i in range(n)
    ]


@needs_postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(AT, tick=False)
def test_three_web_processes_together_keep_a_franchise_within_its_daily_click_cap(settings):
    _shared_cache(settings)
    franchise = FranchiseFactory(slug="capped")
    LocationFactory(franchise=franchise)
    Territory.objects.create(franchise=franchise, kind="postal_prefix", value="H2X")
    pool = make_pool(franchise.brand, slug="cap-race")
    # 6.00 to spend on the month's last day at the default 1.50 a click: a cap of 4 clicks today.
    fund(pool, franchise, "6.00")
    outcomes = in_processes(_clicks_from_a_web_process, [("cap-race", 8, f"w{w}") for w in range(3)])
    assert [kind for kind, _ in outcomes] == ["ok"] * 3, outcomes
    paths = [path for _kind, result in outcomes for path in result]
    assert len(paths) == 24
    assert paths.count(f"/{pool.brand.slug}/capped/") == 4  # not 4 per process
    assert Click.objects.filter(pool=pool, franchise=franchise).count() == 4
    assert Click.objects.filter(pool=pool, franchise__isnull=True).count() == 20


@pytest.mark.django_db
@time_machine.travel(AT, tick=False)
def test_a_franchise_whose_balance_reaches_zero_gets_no_further_click_at_once(
    client, world, django_capture_on_commit_callbacks
):
    pool = make_pool(world.A)
    fund(pool, world.F1, "100.00")
    Territory.objects.create(franchise=world.F1, kind="postal_prefix", value="H2X")

    def path():
        return urlsplit(client.get("/go/t-pool/", {"loc": "H2X"}, HTTP_USER_AGENT="Mozilla/5.0").url).path

    assert path() == "/alpha/f1/"  # the routing table is built, with F1's 100.00
    with django_capture_on_commit_callbacks(execute=True):
        spend(pool, world.F1, "100.00")  # the day's charge empties the account
    # The same table (fresh for another 30 s) no longer sends it anything.
    assert [path() for _ in range(3)] == ["/alpha/"] * 3
    with django_capture_on_commit_callbacks(execute=True):
        fund(pool, world.F1, "30.00", key="back")  # money again: clicks again from the next rebuild
    router.forget("t-pool")  # (every TABLE_TTL seconds)
    assert path() == "/alpha/f1/"


# --- Finding 7: an idempotency key reused with another amount is refused ---------------------


def _franchisor(world):
    return world.users["franchisor"]


@pytest.mark.django_db
@time_machine.travel(AT, tick=False)
def test_a_top_up_resubmitted_with_the_same_key_and_another_amount_is_refused_on_the_page(client, world):
    pool = make_pool(world.A)
    admin = _franchisor(world)
    admin.language = "fr"
    admin.save(update_fields=["language"])
    client.force_login(admin)
    first = client.post(f"/budgets/pools/{pool.pk}/top-up/", {"amount": "100.00", "key": "k-1"}, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["Complément enregistré."]
    again = client.post(f"/budgets/pools/{pool.pk}/top-up/", {"amount": "9000.00", "key": "k-1"}, follow=True)
    shown = [str(m) for m in again.context["messages"]]
    assert shown == [
        "Ce complément est déjà enregistré, pour 100,00\u00a0$ : le nouveau montant n’a pas été "
        "enregistré. Rechargez la page pour faire un autre complément."
    ], shown
    top_ups = LedgerTransaction.objects.filter(pool=pool, kind="top_up")
    assert top_ups.count() == 1
    assert sum(e.amount for e in top_ups.get().entries.all() if e.amount > 0) == Decimal("100.00")


@pytest.mark.django_db
@time_machine.travel(AT, tick=False)
def test_the_api_answers_409_for_a_reused_key_and_the_first_top_up_for_a_retry(world):
    pool = make_pool(world.A)
    api = client_for(world, "franchisor")
    url = f"/api/v1/pools/{pool.pk}/top-up/"
    first = api.post(url, {"amount": "250.00", "key": "pay-1"}, format="json")
    assert first.status_code == 201, first.content
    retry = api.post(url, {"amount": "250.00", "key": "pay-1"}, format="json")
    assert retry.status_code == 201 and retry.json()["transaction"] == first.json()["transaction"]
    other = api.post(url, {"amount": "251.00", "key": "pay-1"}, format="json")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert "250" in other.json()["detail"]
    assert LedgerTransaction.objects.filter(pool=pool, kind="top_up").count() == 1


def _admin_of(brand):
    admin = UserFactory()
    grant_role(admin, Role.FRANCHISOR_ADMIN, brand)
    return admin


@needs_postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(AT, tick=False)
def test_the_same_top_up_key_sent_by_five_processes_with_different_amounts_posts_once():
    region = RegionFactory()
    pool = make_pool(region.brand, slug="topup-race")
    admin = _admin_of(region.brand)

    def top_up(amount):
        from budgets import services

        pool_now = Pool.objects.get(pk=pool.pk)
        try:
            services.top_up(
                actor=admin,
                pool=pool_now,
                amount=Decimal(amount),
                period=services.period_for(pool_now, AT.date()),
                key="race",
            )
            return "posted"
        except Exception as error:
            return getattr(error, "code", repr(error))

    outcomes = in_processes(top_up, [(f"{10 + n}.00",) for n in range(5)])
    results = sorted(result for _kind, result in outcomes)
    assert results == ["idempotency_key_reused"] * 4 + ["posted"], outcomes
    assert LedgerTransaction.objects.filter(pool=pool, kind="top_up").count() == 1
