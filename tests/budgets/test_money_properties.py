"""A property of the pooled fund (issue 18, item 7): over random sequences of clicks (people,
automated visitors, billed or not by the platform), reads of the platform's click records, cost
imports and re-imports, pledges, top-ups, closing a month and closing a franchise,

- each pool's charges of a day equal, to the cent, that day's imported cost (of the platforms
  whose click records were read), split by the clicks the platform confirmed: a franchise is
  charged only for its own confirmed clicks of a keyword, never more than its share of that
  keyword's cost by those clicks, and the franchisor pays the rest;
- the ledger always balances: every transaction sums to zero, each account's balance is the sum
  of its entries, no franchise account is below zero, ad spend equals the day charges, a closed
  franchise holds nothing.

Each example runs in a savepoint rolled back at its end; the clock is pinned. Run it with
`--hypothesis-show-statistics` for the number of examples and their run times.
"""

import contextlib
import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import closing, ledger, services
from budgets.adplatform.clickrecords import ClickRecord
from budgets.adplatform.reports import google_csv
from budgets.charging import charge_day
from budgets.imports import import_costs
from budgets.models import (
    AccountKind,
    Click,
    ContributionRound,
    DailyCharge,
    KeywordDailyCost,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Pledge,
)
from budgets.money import split_cents
from budgets.reconciliation import reconcile_day
from budgets.services import period_close, period_for
from franchise_platform.errors import DomainError
from network.models import Franchise, Role
from tests.budgets.helpers import make_pool
from tests.factories import FranchiseFactory, RegionFactory, UserFactory, grant_role

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAYS = (date(2026, 10, 30), date(2026, 10, 31), date(2026, 11, 2), date(2026, 11, 24))
KEYWORDS = ("alpha assurance", "assurance auto")
SERIAL = itertools.count(1)  # each example's pool and franchises have slugs of their own
FRANCHISES = 3

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400.00"), places=2)
operation = st.one_of(
    st.tuples(
        st.just("click"),
        st.integers(0, FRANCHISES),  # FRANCHISES: the franchisor (no franchise took it)
        st.integers(0, len(KEYWORDS) - 1),
        st.integers(0, len(DAYS) - 1),
        st.booleans(),  # automated visitor
        st.booleans(),  # billed by the platform
        st.integers(1, 4),  # how many such clicks
    ),
    st.tuples(st.just("records"), st.integers(0, len(DAYS) - 1)),
    st.tuples(
        st.just("import"),
        st.integers(0, len(DAYS) - 1),
        st.lists(st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99.99"), places=2), min_size=2, max_size=2),
    ),
    st.tuples(st.just("fund"), st.integers(0, FRANCHISES - 1), amounts),
    st.tuples(st.just("pledge"), st.integers(0, FRANCHISES - 1), amounts),
    st.tuples(st.just("top_up"), amounts),
    st.tuples(
        st.just("close_month"),
    ),
    st.tuples(st.just("close_franchise"), st.integers(0, FRANCHISES - 1), st.sampled_from(["refund", "pool"])),
)


class World:
    def __init__(self, n: int):
        region = RegionFactory()
        self.franchises = [FranchiseFactory(region=region, slug=f"p{n}-f{i}") for i in range(FRANCHISES)]
        self.admin = UserFactory()
        grant_role(self.admin, Role.FRANCHISOR_ADMIN, region.brand)
        self.owners = []
        for franchise in self.franchises:
            owner = UserFactory()
            grant_role(owner, Role.FRANCHISEE_OWNER, franchise)
            self.owners.append(owner)
        self.pool = make_pool(region.brand, slug=f"prop-{n}", keywords=KEYWORDS)
        self.keywords = [self.pool.keywords.get(text=text) for text in KEYWORDS]
        december = period_for(self.pool, date(2026, 12, 1))
        self.round = ContributionRound.objects.create(
            period=december, suggested_amount=Decimal("100.00"), deadline=AT + timedelta(days=3)
        )
        self.pledges = [
            Pledge.objects.create(round=self.round, franchise=f, suggested_amount=Decimal("100.00"))
            for f in self.franchises
        ]
        self.clicks: list[tuple[Click, bool]] = []  # our click, billed by the platform
        self.read: dict[date, set[int]] = {}  # day -> ids of the clicks its last read of records saw
        self.serial = 0

    def run(self, op) -> None:
        kind = op[0]
        # A refusal is an answer too (a closed franchise's pledge, an empty report...).
        with contextlib.suppress(DomainError):
            getattr(self, "import_" if kind == "import" else kind)(*op[1:])

    def click(self, who, keyword, day, bot, billed, n):
        day = DAYS[day]
        franchise = self.franchises[who] if who < FRANCHISES else None
        for _ in range(n):
            self.serial += 1
            click = Click.objects.create(
                pool=self.pool,
                keyword=self.keywords[keyword],
                keyword_text=KEYWORDS[keyword],
                franchise=franchise,
                created_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
                click_id=f"gclid-{self.pool.slug}-{self.serial}",
                is_bot=bot,
            )
            self.clicks.append((click, billed))

    def records(self, day):
        """The platform's records of the day are read, then the day is charged (the daily job)."""
        day = DAYS[day]
        ours = [(c, billed) for c, billed in self.clicks if c.created_at.date() == day]
        records = [
            ClickRecord(click_id=c.click_id, day=day, keyword=c.keyword_text, match_type="exact", billed=billed)
            for c, billed in ours
        ]
        reconcile_day(pool=self.pool, source="google", day=day, records=records)
        self.read[day] = {c.pk for c, _billed in ours}
        charge_day(pool=self.pool, day=day)

    def import_(self, day, costs):
        day = DAYS[day]
        rows = [
            {"keyword": text, "impressions": 10, "clicks": 1, "cost": cost}
            for text, cost in zip(KEYWORDS, costs, strict=True)
        ]
        import_costs(actor=None, pool=self.pool, source="google", content=google_csv(day, rows, "CAD"))
        charge_day(pool=self.pool, day=day)  # as the import's job does once it commits

    def fund(self, who, amount):
        """Money paid in for this month (as a pledge of this month's round would post it)."""
        if Franchise.objects.get(pk=self.franchises[who].pk).closed_at is not None:
            raise DomainError("closed", code="franchise_closed")  # as pledge_answer refuses it
        self.serial += 1
        period = period_for(self.pool, AT.date())
        ledger.post(
            pool=self.pool,
            kind="contribution",
            key=f"prop-fund-{self.pool.pk}-{self.serial}",
            legs=[
                ledger.Leg(ledger.account_for(self.pool, AccountKind.FUNDING), -amount, period),
                ledger.Leg(ledger.account_for(self.pool, AccountKind.FRANCHISE, self.franchises[who]), amount, period),
            ],
        )

    def pledge(self, who, amount):
        services.pledge_answer(actor=self.owners[who], pledge=self.pledges[who], decision="change", amount=amount)

    def top_up(self, amount):
        self.serial += 1
        period = period_for(self.pool, AT.date())
        services.top_up(actor=self.admin, pool=self.pool, amount=amount, period=period, key=f"prop-{self.serial}")

    def close_month(self):
        period_close(actor=None, period=period_for(self.pool, date(2026, 10, 1)))

    def close_franchise(self, who, settlement):
        closing.franchise_close(actor=self.admin, franchise=self.franchises[who], settlement=settlement)


def assert_the_fund_holds(world: World) -> None:
    pool = world.pool
    for day in DAYS:
        costs = {
            row["keyword_id"]: row["cost"]
            for row in KeywordDailyCost.objects.filter(pool=pool, day=day, source="google").values("keyword_id", "cost")
        }
        charges = list(
            DailyCharge.objects.filter(pool=pool, day=day).values_list("keyword_id", "franchise_id", "amount")
        )
        if day not in world.read:
            assert not charges, (day, charges)  # no evidence read: nothing charged yet
            continue
        # The day's charges are its imported cost, to the cent, keyword by keyword.
        for keyword_id, cost in costs.items():
            charged = sum((a for k, _f, a in charges if k == keyword_id), Decimal("0.00"))
            assert charged == cost, (day, keyword_id, charged, cost)
            # Each franchise at most its share of the clicks the platform confirmed.
            weights = defaultdict(int)
            for click, billed in world.clicks:
                if click.pk in world.read[day] and billed and click.keyword_id == keyword_id:
                    weights[None if click.is_bot else click.franchise_id] += 1
            shares = split_cents(cost, weights) if weights and cost else {None: cost}
            for k, franchise_id, amount in charges:
                if k == keyword_id and franchise_id is not None:
                    assert amount <= shares.get(franchise_id, Decimal("0.00")), (day, franchise_id, amount, shares)
        assert not [c for c in charges if c[0] not in costs], charges
    # The ledger balances.
    for txn in LedgerTransaction.objects.filter(pool=pool).prefetch_related("entries"):
        assert sum(e.amount for e in txn.entries.all()) == 0, txn
    assert sum(LedgerEntry.objects.filter(account__pool=pool).values_list("amount", flat=True)) == 0
    for account in LedgerAccount.objects.filter(pool=pool).select_related("franchise"):
        assert account.balance == ledger.derived_balance(account), account
        if account.kind == AccountKind.FRANCHISE:
            assert account.balance >= 0, account
            if account.franchise.closed_at is not None:
                assert account.balance == 0, account
    spent = sum(DailyCharge.objects.filter(pool=pool).values_list("amount", flat=True), Decimal("0.00"))
    assert ledger.account_for(pool, AccountKind.AD_SPEND).balance == spent


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(st.lists(operation, min_size=4, max_size=14))
def test_charges_always_equal_the_confirmed_clicks_cost_and_the_ledger_balances(operations):
    with time_machine.travel(AT, tick=False), transaction.atomic():
        world = World(next(SERIAL))
        for op in operations:
            world.run(op)
            assert_the_fund_holds(world)
        transaction.set_rollback(True)
