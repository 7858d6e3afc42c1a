"""The one place that answers "which part of the network may this user see or change".

Every answer is a `Q` built from `Exists` subqueries over the user's memberships (and, for
listing capabilities, guardian's object-permission tables), so it composes into any queryset as
a single SQL filter: no Python lists of ids, no per-row grants.

A membership at a node covers that node and everything below it. Rows are matched through the
paths to their `brand_id`, `region_id` and `franchise_id` columns, given by the caller.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from network.models import (
    ROLE_CAPABILITIES,
    BrandUserObjectPermission,
    FranchiseUserObjectPermission,
    Level,
    LocationUserObjectPermission,
    Membership,
    RegionUserObjectPermission,
)

NOTHING = Q(pk__in=[])


def _is_unrestricted(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def _memberships(user, roles: Iterable[str] | None):
    qs = Membership.objects.filter(user_id=user.pk)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs


def covered(
    user, *, brand: str, region: str | None = None, franchise: str | None = None, roles: Iterable[str] | None = None
) -> Q:
    """Rows whose node is covered by one of the user's memberships (optionally of given roles).

    `brand`, `region` and `franchise` are the lookups from the filtered model to those ids,
    e.g. `covered(user, brand="brand_id", region="region_id", franchise="franchise_id")` for a
    location, or `covered(user, brand="pool__brand_id")` for a brand-level row.
    """
    if _is_unrestricted(user):
        return Q()
    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    condition = Q(level=Level.BRAND, brand_id=OuterRef(brand))
    if region:
        condition |= Q(level=Level.REGION, region_id=OuterRef(region))
    if franchise:
        condition |= Q(level=Level.FRANCHISE, franchise_id=OuterRef(franchise))
    return Q(Exists(_memberships(user, roles).filter(condition)))


def visible_brands(user) -> Q:
    """Brands where the user holds any role (at any depth)."""
    if _is_unrestricted(user):
        return Q()
    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    return Q(Exists(_memberships(user, None).filter(brand_id=OuterRef("pk"))))


def visible_regions(user) -> Q:
    """Regions covered by the user's roles, plus the region of a franchise they belong to."""
    if _is_unrestricted(user):
        return Q()
    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    condition = Q(level=Level.BRAND, brand_id=OuterRef("brand_id")) | Q(region_id=OuterRef("pk"))
    return Q(Exists(_memberships(user, None).filter(condition)))


def visible_franchises(user, roles: Iterable[str] | None = None) -> Q:
    return covered(user, brand="brand_id", region="region_id", franchise="pk", roles=roles)


def visible_locations(user, roles: Iterable[str] | None = None) -> Q:
    return covered(user, brand="brand_id", region="region_id", franchise="franchise_id", roles=roles)


def with_capability(
    user,
    capability: str,
    *,
    brand: str = "brand_id",
    region: str = "region_id",
    franchise: str = "franchise_id",
    location: str | None = "pk",
) -> Q:
    """Rows (locations by default) on which the user holds a listing capability.

    A capability comes with a role (ROLE_CAPABILITIES) or is granted explicitly on a node with
    django-guardian; both cover everything below their node.
    """
    if _is_unrestricted(user):
        return Q()
    if not (user and user.is_authenticated and user.is_active):
        return NOTHING
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
    q = covered(user, brand=brand, region=region, franchise=franchise, roles=roles)
    grants = (
        (BrandUserObjectPermission, brand),
        (RegionUserObjectPermission, region),
        (FranchiseUserObjectPermission, franchise),
        (LocationUserObjectPermission, location),
    )
    for model, path in grants:
        if path:
            q |= Q(
                Exists(
                    model.objects.filter(
                        user_id=user.pk, permission__codename=capability, content_object_id=OuterRef(path)
                    )
                )
            )
    return q


# Lookups from each node model to the ids `covered` compares.
NODE_PATHS = {
    "brand": {"brand": "pk"},
    "region": {"brand": "brand_id", "region": "pk"},
    "franchise": {"brand": "brand_id", "region": "region_id", "franchise": "pk"},
    "location": {"brand": "brand_id", "region": "region_id", "franchise": "franchise_id"},
}


def node_covered(user, node, roles: Iterable[str] | None = None) -> bool:
    """True when one of the user's memberships (of the given roles) covers this node."""
    paths = NODE_PATHS[node._meta.model_name]
    return type(node).objects.filter(pk=node.pk).filter(covered(user, roles=roles, **paths)).exists()


def node_has_capability(user, node, capability: str) -> bool:
    """True when the user holds the capability on this node, by role or by a grant above it."""
    kind = node._meta.model_name
    paths = {
        "brand": {"brand": "pk", "region": None, "franchise": None, "location": None},
        "region": {"brand": "brand_id", "region": "pk", "franchise": None, "location": None},
        "franchise": {"brand": "brand_id", "region": "region_id", "franchise": "pk", "location": None},
        "location": {},
    }[kind]
    return type(node).objects.filter(pk=node.pk).filter(with_capability(user, capability, **paths)).exists()
