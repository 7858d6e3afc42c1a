"""The ledger: balanced, append-only, idempotent, never below zero, safe under concurrency."""

import itertools
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import ledger
from budgets.models import AccountKind, LedgerAccount, LedgerEntry, LedgerTransaction
from budgets.services import period_for
from franchise_platform.errors import DomainError
from tests.budgets.helpers import fund, make_pool
from tests.factories import FranchiseFactory, RegionFactory

pytestmark = pytest.mark.django_db
SEQUENCE = itertools.count()


def _charge(pool, franchise, amount, key):
    period = period_for(pool, __import__("datetime").date.today())
    return ledger.post(
        pool=pool,
        kind="charge",
        key=key,
        legs=[
            ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, franchise), -Decimal(amount), period),
            ledger.Leg(ledger.account_for(pool, AccountKind.AD_SPEND), Decimal(amount), period),
        ],
    )


def _assert_invariants(pool):
    for txn in LedgerTransaction.objects.filter(pool=pool):
        assert sum(e.amount for e in txn.entries.all()) == 0
    for account in LedgerAccount.objects.filter(pool=pool):
        account.refresh_from_db()
        assert account.balance == ledger.derived_balance(account)
        if account.kind == AccountKind.FRANCHISE:
            assert account.balance >= 0


def test_an_unbalanced_transaction_is_refused(world):
    pool = make_pool(world.A)
    account = ledger.account_for(pool, AccountKind.FRANCHISE, world.F1)
    with pytest.raises(DomainError):
        ledger.post(pool=pool, kind="charge", key="x", legs=[ledger.Leg(account, Decimal("1.00"))])


def test_a_retried_posting_with_the_same_key_counts_once(world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "50.00", key="same")
    fund(pool, world.F1, "50.00", key="same")
    assert ledger.account_for(pool, AccountKind.FRANCHISE, world.F1).balance == Decimal("50.00")


def test_a_franchise_can_never_spend_more_than_it_put_in(world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "10.00")
    _charge(pool, world.F1, "10.00", "c1")
    with pytest.raises(DomainError):
        _charge(pool, world.F1, "0.01", "c2")
    _assert_invariants(pool)


def test_entries_cannot_be_changed_or_deleted(world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "10.00")
    entry = LedgerEntry.objects.first()
    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=0)
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        entry.save()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operations=st.lists(
        st.tuples(
            st.sampled_from(["fund", "charge"]),
            st.integers(min_value=0, max_value=2),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2),
            st.integers(min_value=0, max_value=8),
        ),
        max_size=25,
    )
)
def test_any_sequence_of_postings_keeps_the_ledger_balanced_and_derivable(world, operations):
    pool = make_pool(world.A, slug=f"prop-{next(SEQUENCE)}")
    franchises = [world.F1, world.F2, world.F3]
    for kind, who, amount, key in operations:
        key = f"{pool.pk}:{kind}:{who}:{key}"
        try:
            if kind == "fund":
                fund(pool, franchises[who], amount, key=key)
            else:
                _charge(pool, franchises[who], amount, key)
        except DomainError:
            pass
    _assert_invariants(pool)


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under concurrent writers need PostgreSQL"
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(st.decimals(min_value=Decimal("1"), max_value=Decimal("40"), places=2), min_size=4, max_size=12),
    retries=st.integers(min_value=1, max_value=3),
)
def test_concurrent_charges_and_retries_never_overspend_or_double_post(amounts, retries):
    region = RegionFactory()
    franchise = FranchiseFactory(region=region)
    pool = make_pool(region.brand, slug=f"conc-{franchise.pk}")
    fund(pool, franchise, "100.00")
    barrier = threading.Barrier(len(amounts) * retries)
    errors = []

    def worker(index, amount):
        try:
            barrier.wait(timeout=10)
            _charge(pool, franchise, amount, f"conc:{pool.pk}:{index}")
        except DomainError:
            pass
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, amount))
        for index, amount in enumerate(amounts)
        for _ in range(retries)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert LedgerTransaction.objects.filter(pool=pool, kind="charge").count() <= len(amounts)
    account = ledger.account_for(pool, AccountKind.FRANCHISE, franchise)
    spent = Decimal("100.00") - account.balance
    charged = {t.key for t in LedgerTransaction.objects.filter(pool=pool, kind="charge")}
    assert spent == sum(amounts[int(k.rsplit(":", 1)[1])] for k in charged)
    _assert_invariants(pool)
