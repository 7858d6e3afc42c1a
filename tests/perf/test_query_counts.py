"""A page runs the same number of queries whatever the length of its lists: the pages the issue
measured as slow (a batch, a pool, the reports, the help centre, a region's budget) and the
main lists, with a small network and one three times bigger."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budgets.models import AccountKind, Click, Lead, TransactionKind
from listings.bulk import bulk_special_hours
from messaging.models import Notification
from reporting import rollups
from tests.factories import FranchiseFactory, LocationFactory
from tests.forum.world import _thread

pytestmark = pytest.mark.django_db

PAGES = {
    "franchisor": [
        "/",
        "/listings/",
        "/listings/batches/",
        "/listings/batches/{batch}/",
        "/budgets/pools/{pool}/",
        "/budgets/leads/",
        "/reports/",
        "/help/",
        "/members/",
        "/messages/notifications/",
        "/network/",
    ],
    "region": ["/", "/budgets/mine/", "/reports/", "/help/", "/listings/"],
    "franchisee": ["/", "/budgets/mine/", "/budgets/leads/", "/help/"],
}


def _grow(w, n: int, tag: str):
    """n more franchises with a store, a contribution, clicks and leads; n threads; one batch
    over every store of the brand."""
    from django.utils import timezone

    from budgets import ledger
    from budgets.services import period_for

    period = period_for(w.poolA, timezone.now().date())
    for i in range(n):
        franchise = FranchiseFactory(region=w.A1, slug=f"{tag}-{i}")
        location = LocationFactory(franchise=franchise)
        ledger.post(
            pool=w.poolA,
            kind=TransactionKind.CONTRIBUTION,
            key=f"grow:{tag}:{i}",
            legs=[
                ledger.Leg(ledger.account_for(w.poolA, AccountKind.FUNDING), -Decimal(50), period),
                ledger.Leg(ledger.account_for(w.poolA, AccountKind.FRANCHISE, franchise), Decimal(50), period),
            ],
        )
        Click.objects.create(pool=w.poolA, franchise=franchise, location=location, keyword_text="alpha assurance")
        Lead.objects.create(brand=w.A, franchise=franchise, location=location, name=f"{tag}{i}", email="x@e.test")
        Lead.objects.create(brand=w.A, franchise=w.F1, name=f"{tag}{i}", email="y@e.test")
        _thread(w.cat_A, w.users["franchisee"], f"{tag} {i}", w.A1)
        Notification.objects.create(user=w.users["franchisor"], kind="reply", title=f"{tag} {i}", url="/help/")
    locations = list(w.A.locations.all())
    batch = bulk_special_hours(
        user=w.users["listings"], locations=locations, entries=[{"date": "2026-12-31", "closed": True}]
    )
    rollups.refresh(full=True)
    return batch


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries.captured_queries)


def _measure(w, batch) -> dict:
    counts = {}
    for role, paths in PAGES.items():
        client = Client()
        client.force_login(w.users[role])
        for path in paths:
            url = path.format(batch=batch.pk, pool=w.poolA.pk)
            counts[(role, path)] = _count(client, url)
    return counts


def test_pages_run_a_constant_number_of_queries_whatever_the_size_of_their_lists(world):
    small = _measure(world, _grow(world, 2, "small"))
    big = _measure(world, _grow(world, 6, "big"))
    grew = {page: (small[page], big[page]) for page in small if big[page] != small[page]}
    assert not grew, f"queries grow with the data (small, big): {grew}"
