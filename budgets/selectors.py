"""Reads of the budgets domain, scoped to the requester."""

from django.db.models import Q, QuerySet

from budgets.models import Click, ContributionRound, Lead, LedgerEntry, Pledge, Pool
from budgets.permissions import BUDGET_ROLES, POOL_MANAGERS
from budgets.reconciliation import confirmation_counts, confirmation_counts_by_franchise
from network.models import Membership
from network.scoping import NOTHING, covered


def in_brand(user, path: str) -> Q:
    """Brand-level rows (pools, rounds, pledges) for anyone holding a budgets role in the brand,
    at any depth: participation is shown to everyone who funds the pool."""
    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    brands = Membership.objects.filter(user_id=user.pk, role__in=BUDGET_ROLES).values("brand_id")
    return Q(**{f"{path}__in": brands})


def pool_list(*, user) -> QuerySet[Pool]:
    return Pool.objects.filter(in_brand(user, "brand_id")).select_related("brand")


def managed_pool_list(*, user) -> QuerySet[Pool]:
    return Pool.objects.filter(covered(user, brand="brand_id", roles=POOL_MANAGERS)).select_related("brand")


def round_list(*, user) -> QuerySet[ContributionRound]:
    return ContributionRound.objects.filter(in_brand(user, "period__pool__brand_id")).select_related(
        "period__pool__brand"
    )


def pledge_list(*, user) -> QuerySet[Pledge]:
    """Participation is public inside the brand: everyone who funds the pool sees who is in."""
    return Pledge.objects.filter(in_brand(user, "round__period__pool__brand_id")).select_related(
        "round__period__pool", "franchise"
    )


def _franchise_scoped(user, prefix: str) -> Q:
    """Rows of a franchise (seen by those covering it) or of the franchisor (brand roles only)."""
    return covered(
        user,
        brand=f"{prefix}brand_id",
        region=f"{prefix}franchise__region_id",
        franchise=f"{prefix}franchise_id",
        roles=BUDGET_ROLES,
    )


def ledger_entry_list(*, user) -> QuerySet[LedgerEntry]:
    scope = covered(
        user,
        brand="account__pool__brand_id",
        region="account__franchise__region_id",
        franchise="account__franchise_id",
        roles=BUDGET_ROLES,
    )
    return LedgerEntry.objects.filter(scope).select_related("transaction", "account__franchise", "period")


def click_list(*, user) -> QuerySet[Click]:
    scope = covered(
        user, brand="pool__brand_id", region="franchise__region_id", franchise="franchise_id", roles=BUDGET_ROLES
    )
    return Click.objects.filter(scope).select_related("pool", "franchise", "keyword")


def lead_list(*, user) -> QuerySet[Lead]:
    scope = covered(user, brand="brand_id", region="franchise__region_id", franchise="franchise_id", roles=BUDGET_ROLES)
    return Lead.objects.filter(scope).select_related("franchise", "location", "keyword", "click")


def pool_confirmation(*, pool, period) -> dict[str, int]:
    """The pool's clicks of the period by what the ad platforms say of them."""
    from budgets.services import day_bounds

    start, end = day_bounds(period.start)[0], day_bounds(period.end)[1]
    return confirmation_counts(Click.objects.filter(pool=pool, created_at__range=(start, end)))


def participation(contribution_round) -> dict:
    """Share of franchises in, and the money pledged: shown to everyone in the brand."""
    pledges = list(contribution_round.pledges.select_related("franchise").order_by("franchise__name"))
    answered_in = [p for p in pledges if p.is_in]
    return {
        "pledges": pledges,
        "count": len(pledges),
        "in": len(answered_in),
        "declined": sum(1 for p in pledges if p.status == "declined"),
        "pending": sum(1 for p in pledges if p.status == "pending"),
        "share": (len(answered_in) / len(pledges)) if pledges else 0,
        "total": sum((p.amount for p in answered_in), 0),
    }


def franchise_figures(*, pool, franchise, period) -> dict:
    """How the pool works for one franchise over a period: money, clicks, leads, customers."""
    return franchises_figures(pool=pool, franchises=[franchise], period=period)[franchise.pk]


def franchises_figures(*, pool, franchises, period) -> dict[int, dict]:
    """franchise_figures of many franchises of one pool, in a fixed number of queries."""
    from decimal import Decimal

    from django.db.models import Count, Q, Sum

    from budgets import pacing
    from budgets.models import AccountKind, DailyCharge, LedgerAccount
    from budgets.services import day_bounds

    ids = [franchise.pk for franchise in franchises]
    start, end = day_bounds(period.start)[0], day_bounds(period.end)[1]
    contributions = pacing.contributions(pool.pk, period)
    total_in = sum(contributions.values(), Decimal("0.00"))
    balances = dict(
        LedgerAccount.objects.filter(pool=pool, kind=AccountKind.FRANCHISE, franchise_id__in=ids).values_list(
            "franchise_id", "balance"
        )
    )
    clicks = Click.objects.filter(pool=pool, created_at__range=(start, end), is_bot=False, franchise__isnull=False)
    per_franchise = dict(clicks.values_list("franchise_id").annotate(n=Count("id")).order_by())
    routed = sum(per_franchise.values())
    costs = dict(
        DailyCharge.objects.filter(pool=pool, franchise_id__in=ids, day__range=(period.start, period.end))
        .values_list("franchise_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    leads = {
        row["franchise_id"]: row
        for row in Lead.objects.filter(franchise_id__in=ids, created_at__range=(start, end))
        .values("franchise_id")
        .annotate(
            n=Count("id"),
            won=Count("id", filter=Q(status="won")),
            revenue=Sum("revenue", filter=Q(status="won")),
        )
        .order_by()
    }
    platform = confirmation_counts_by_franchise(
        Click.objects.filter(pool=pool, franchise_id__in=ids, created_at__range=(start, end))
    )
    figures = {}
    for franchise_id in ids:
        mine = contributions.get(franchise_id, Decimal("0.00"))
        cost = costs.get(franchise_id) or Decimal("0.00")
        row = leads.get(franchise_id, {})
        lead_count, won_count = row.get("n", 0), row.get("won", 0)
        figures[franchise_id] = {
            "contribution": mine,
            "share": (mine / total_in) if total_in else Decimal(0),
            "balance": balances.get(franchise_id, Decimal("0.00")),
            "clicks": per_franchise.get(franchise_id, 0),
            "fair_clicks": round(routed * mine / total_in) if total_in else 0,
            "cost": cost,
            "leads": lead_count,
            "cost_per_lead": (cost / lead_count).quantize(Decimal("0.01")) if lead_count else None,
            "customers": won_count,
            "cost_per_customer": (cost / won_count).quantize(Decimal("0.01")) if won_count else None,
            "revenue": pacing.cents(row.get("revenue") or 0),
            "platform": platform.get(franchise_id, confirmation_counts(Click.objects.none())),
        }
    return figures
