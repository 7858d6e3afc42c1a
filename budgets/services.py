"""Writes of the pool: pools, keywords, periods, contribution rounds, pledges and top-ups.

Contributions go to the ledger as soon as a franchisee answers: the ledger then always says
what each franchise put in, and a changed answer posts only the difference.
"""

import calendar
import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import ledger, permissions, validation
from budgets.keywords import normalise_keyword
from budgets.models import (
    AccountKind,
    ContributionRound,
    Keyword,
    KeywordGroup,
    LedgerEntry,
    Period,
    Pledge,
    PledgeStatus,
    Pool,
    RoundStatus,
    TransactionKind,
)
from franchise_platform.errors import DomainError
from franchise_platform.formats import money
from network.audit import audit
from network.models import Franchise


def pool_franchises(pool: Pool):
    franchises = Franchise.objects.filter(brand_id=pool.brand_id, is_active=True, closed_at__isnull=True)
    region_ids = list(pool.regions.values_list("pk", flat=True))
    if region_ids:
        franchises = franchises.filter(region_id__in=region_ids)
    return franchises


def period_for(pool: Pool, day: date) -> Period:
    start = day.replace(day=1)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    period, _created = Period.objects.get_or_create(pool=pool, start=start, defaults={"end": end})
    return period


def day_bounds(day: date):
    """The first and last instant of a UTC day (clicks are stored and charged in UTC)."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1) - timedelta(microseconds=1)


def current_period(pool: Pool, day: date | None = None) -> Period | None:
    day = day or timezone.now().date()
    return Period.objects.filter(pool=pool, start__lte=day, end__gte=day).first()


# --- Keywords --------------------------------------------------------------------------------


def _clean_keyword(text: str) -> str:
    return normalise_keyword(text)


@transaction.atomic
def keyword_add(*, actor, pool: Pool, text: str, group: str = KeywordGroup.BROAD) -> Keyword:
    permissions.check_manage_pool(actor, pool)
    cleaned = _clean_keyword(text)
    if not cleaned:
        raise DomainError(_("Enter a keyword."), code="empty_keyword")
    if group not in KeywordGroup.values:
        raise DomainError(_("Unknown keyword group."), code="bad_group")
    keyword, created = Keyword.objects.get_or_create(pool=pool, text=cleaned, defaults={"group": group})
    if not created and (keyword.group != group or not keyword.is_active):
        keyword.group, keyword.is_active = group, True
        keyword.save(update_fields=["group", "is_active"])
    return keyword


@transaction.atomic
def keyword_import_csv(*, actor, pool: Pool, content: str) -> list[Keyword]:
    """CSV with a `keyword` column and an optional `group` column (brand, broad, long_tail);
    all rows or none."""
    permissions.check_manage_pool(actor, pool)
    reader = csv.DictReader(io.StringIO(content))
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    if "keyword" not in fields:
        raise DomainError(_("The CSV needs a “keyword” column."), code="bad_csv")
    errors, rows = [], []
    for line, row in enumerate(reader, start=2):
        text = _clean_keyword(row.get(fields["keyword"]) or "")
        group = (row.get(fields.get("group", ""), "") or KeywordGroup.BROAD).strip().lower() or KeywordGroup.BROAD
        if not text:
            errors.append(_("line %(line)d: empty keyword") % {"line": line})
        elif group not in KeywordGroup.values:
            errors.append(_("line %(line)d: unknown group “%(group)s”") % {"line": line, "group": group[:30]})
        else:
            rows.append((text, group))
    if errors:
        raise DomainError("; ".join(errors[:20]), code="bad_csv")
    return [keyword_add(actor=actor, pool=pool, text=text, group=group) for text, group in rows]


# --- Rounds and pledges ------------------------------------------------------------------------


@transaction.atomic
def round_open(*, actor, pool: Pool, month: date, suggested_amount: Decimal, deadline=None) -> ContributionRound:
    permissions.check_manage_pool(actor, pool)
    # Under the pledge ceiling: accepting it is pledging it (budgets/validation.py).
    suggested_amount = validation.pledge_amount(suggested_amount, pool.currency)
    period = period_for(pool, month)
    if ContributionRound.objects.filter(period=period).exists():
        raise DomainError(_("This period already has a contribution round."), code="round_exists")
    deadline = deadline or datetime.combine(period.start - timedelta(days=1), time(23, 59), tzinfo=UTC)
    contribution_round = ContributionRound.objects.create(
        period=period, suggested_amount=suggested_amount, deadline=deadline, opened_by=actor
    )
    Pledge.objects.bulk_create(
        [
            Pledge(round=contribution_round, franchise=franchise, suggested_amount=suggested_amount)
            for franchise in pool_franchises(pool)
        ]
    )
    audit(actor=actor, action="budgets.round_open", target=pool, summary=f"{pool} {period}")
    return contribution_round


@transaction.atomic
def round_close(*, actor, contribution_round: ContributionRound) -> ContributionRound:
    permissions.check_manage_round(actor, contribution_round)
    if contribution_round.status == RoundStatus.CLOSED:
        return contribution_round
    contribution_round.status = RoundStatus.CLOSED
    contribution_round.closed_at = timezone.now()
    contribution_round.save(update_fields=["status", "closed_at"])
    audit(actor=actor, action="budgets.round_close", target=contribution_round.pool, summary=str(contribution_round))
    return contribution_round


def contributed(pledge: Pledge) -> Decimal:
    account = ledger.account_for(pledge.round.period.pool, AccountKind.FRANCHISE, pledge.franchise)
    total = LedgerEntry.objects.filter(
        account=account, period=pledge.round.period, transaction__kind=TransactionKind.CONTRIBUTION
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


@transaction.atomic
def pledge_answer(*, actor, pledge: Pledge, decision: str, amount: Decimal | None = None) -> Pledge:
    """Accept the suggested amount, change it, or decline; before the deadline, while open."""
    permissions.check_answer_pledge(actor, pledge)
    # The franchise first, as closing takes it: a pledge answered while it closes waits, then sees it closed.
    franchise = Franchise.objects.select_for_update().get(pk=pledge.franchise_id)
    if franchise.closed_at is not None:
        raise DomainError(_("This franchise is closed: it takes part in no further round."), code="franchise_closed")
    pledge = Pledge.objects.select_for_update().select_related("round__period__pool", "franchise").get(pk=pledge.pk)
    contribution_round = pledge.round
    if contribution_round.status != RoundStatus.OPEN or contribution_round.deadline < timezone.now():
        raise DomainError(_("This contribution round is closed."), code="round_closed")
    currency = contribution_round.period.pool.currency
    # Every path to a pledge is under the same ceiling (budgets/validation.py).
    if decision == "accept":
        status, new_amount = PledgeStatus.ACCEPTED, validation.pledge_amount(pledge.suggested_amount, currency)
    elif decision == "change":
        if amount is None or amount == "":
            raise DomainError(_("Enter an amount."), code="bad_amount")
        status, new_amount = PledgeStatus.CHANGED, validation.pledge_amount(amount, currency)
    elif decision == "decline":
        status, new_amount = PledgeStatus.DECLINED, Decimal("0.00")
    else:
        raise DomainError(_("Accept, change or decline."), code="bad_decision")
    pool, period = contribution_round.period.pool, contribution_round.period
    delta = new_amount - contributed(pledge)
    if delta:
        sequence = LedgerEntry.objects.filter(
            account__franchise=pledge.franchise,
            account__pool=pool,
            period=period,
            transaction__kind=TransactionKind.CONTRIBUTION,
        ).count()
        ledger.post(
            pool=pool,
            kind=TransactionKind.CONTRIBUTION,
            key=f"pledge:{pledge.pk}:{sequence}:{new_amount}",
            legs=[
                ledger.Leg(ledger.account_for(pool, AccountKind.FUNDING), -delta, period),
                ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISE, pledge.franchise), delta, period),
            ],
            memo=f"{pledge.franchise} {period}",
            user=actor,
        )
    pledge.status, pledge.amount = status, new_amount
    pledge.answered_by, pledge.answered_at = actor, timezone.now()
    pledge.save(update_fields=["status", "amount", "answered_by", "answered_at"])
    audit(actor=actor, action="budgets.pledge", target=pledge.franchise, summary=f"{status} {new_amount}")
    return pledge


@transaction.atomic
def top_up(*, actor, pool: Pool, amount: Decimal, period: Period, key: str):
    """The franchisor adds its own money to the pool (idempotent on `key`)."""
    permissions.check_manage_pool(actor, pool)
    amount = validation.top_up_amount(amount, pool.currency)
    try:
        txn = ledger.post(
            pool=pool,
            kind=TransactionKind.TOP_UP,
            key=f"top_up:{pool.pk}:{key}"[:120],
            legs=[
                ledger.Leg(ledger.account_for(pool, AccountKind.FUNDING), -amount, period),
                ledger.Leg(ledger.account_for(pool, AccountKind.FRANCHISOR), amount, period),
            ],
            memo=_("Franchisor top-up"),
            user=actor,
        )
    except ledger.IdempotencyConflict as conflict:
        recorded = sum((e.amount for e in conflict.transaction.entries.all() if e.amount > 0), Decimal(0))
        raise DomainError(
            _(
                "This top-up was already recorded, for %(amount)s: the new amount was not recorded. "
                "Reload the page to make another top-up."
            )
            % {"amount": money(recorded, pool.currency)},
            code="idempotency_key_reused",
            status=409,
        ) from None
    audit(actor=actor, action="budgets.top_up", target=pool, summary=f"{amount} {pool.currency}")
    return txn


@transaction.atomic
def period_close(*, actor, period: Period) -> Period:
    """Carry each franchise's unspent balance over to the next month (one balanced transaction
    per account: out of this period, into the next)."""
    pool = period.pool
    if actor is not None:
        permissions.check_manage_pool(actor, pool)
    if period.is_closed:
        return period
    following = period_for(pool, period.end + timedelta(days=1))
    for account in pool.accounts.filter(kind__in=[AccountKind.FRANCHISE, AccountKind.FRANCHISOR]):
        left = ledger.derived_balance(account, period)
        if left:
            ledger.post(
                pool=pool,
                kind=TransactionKind.CARRY_OVER,
                key=f"carry:{account.pk}:{period.pk}",
                legs=[ledger.Leg(account, -left, period), ledger.Leg(account, left, following)],
                memo=f"{period} → {following}",
                user=actor,
            )
    period.is_closed = True
    period.save(update_fields=["is_closed"])
    return period


@transaction.atomic
def pool_create(*, actor, brand, name: str, slug: str, currency: str = "", regions=()) -> Pool:
    from network.scoping import node_covered

    if not node_covered(actor, brand, permissions.POOL_MANAGERS):
        permissions._deny(_("Only the franchisor's admins and marketing team create pools."))
    if Pool.objects.filter(slug=slug).exists():
        raise DomainError(_("This address is already taken by another pool."), code="slug_taken")
    if any(region.brand_id != brand.pk for region in regions):
        raise DomainError(_("The regions must belong to the brand."), code="foreign_region")
    pool = Pool.objects.create(brand=brand, name=name, slug=slug, currency=(currency or brand.currency).upper())
    if regions:
        pool.regions.set(regions)
    audit(actor=actor, action="budgets.pool_create", target=pool, summary=pool.name)
    return pool
