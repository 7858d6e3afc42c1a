"""Reads of the budgets domain, scoped to the requester."""

from django.db.models import Q, QuerySet

from budgets.models import Click, ContributionRound, Lead, LedgerEntry, Pledge, Pool
from budgets.permissions import BUDGET_ROLES, POOL_MANAGERS
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
