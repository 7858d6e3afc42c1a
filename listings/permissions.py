"""Who may edit, approve and sync listings: every rule asks network.scoping."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from listings.payload import FIELD_CAPABILITY
from network.models import Capability, Role
from network.permissions import has_any_role
from network.scoping import node_covered, node_has_capability, with_capability

APPROVERS = [Role.FRANCHISOR_ADMIN, Role.LISTINGS_EDITOR, Role.REGION_MANAGER]


def any_capability(user, **paths) -> Q:
    """Rows (locations by default) where the user holds at least one listing capability."""
    parts = [with_capability(user, capability, **paths) for capability in Capability.values]
    if any(not part for part in parts):  # an empty Q means "everything" (a superuser)
        return Q()
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def has_listing_role(user) -> bool:
    """Shows the Listings entry: roles that come with a capability, or an explicit grant."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or has_any_role(user, *APPROVERS, Role.FRANCHISEE_OWNER):
        return True
    return user.capability_grants.exists()


def can_edit_fields(user, location, fields) -> bool:
    capabilities = {FIELD_CAPABILITY[field] for field in fields if field in FIELD_CAPABILITY}
    return all(node_has_capability(user, location, capability) for capability in capabilities)


def check_edit_fields(user, location, fields) -> None:
    if not fields:
        return
    if not can_edit_fields(user, location, fields):
        raise PermissionDenied(_("You may not change these listing fields of this store."))


def can_edit_any(user, location) -> bool:
    return any(node_has_capability(user, location, capability) for capability in Capability.values)


def check_edit_any(user, location) -> None:
    if not can_edit_any(user, location):
        raise PermissionDenied(_("You may not change this store's listing."))


def is_approver(user, location) -> bool:
    return user.is_superuser or node_covered(user, location, APPROVERS)


def needs_approval(user, location) -> bool:
    return location.brand.requires_listing_approval and not is_approver(user, location)


def check_decide_suggestion(user, suggestion) -> None:
    if not is_approver(user, suggestion.listing.location):
        raise PermissionDenied(_("Only a listings editor or the region manager may decide on this suggestion."))


def can_manage_batch(user, batch) -> bool:
    try:
        check_manage_batch(user, batch)
    except PermissionDenied:
        return False
    return True


def check_manage_batch(user, batch) -> None:
    """Undo or retry a batch: the user must hold the capabilities it touched on every store."""
    from listings.models import SyncItem

    fields = set()
    for revision_fields in SyncItem.objects.filter(batch=batch).values_list("revision__fields", flat=True).distinct():
        fields.update(revision_fields or [])
    capabilities = {FIELD_CAPABILITY[f] for f in fields if f in FIELD_CAPABILITY} or {"edit_hours"}
    items = SyncItem.objects.filter(batch=batch)
    for capability in capabilities:
        allowed = with_capability(
            user,
            capability,
            brand="location__brand_id",
            region="location__region_id",
            franchise="location__franchise_id",
            location="location_id",
        )
        if items.exclude(allowed).exists():
            raise PermissionDenied(_("This batch changed stores you may not change."))


def check_manage_item(user, item) -> None:
    check_edit_any(user, item.location)


def editable_location_ids(user, location_ids) -> set[int]:
    """Of these stores, those whose listing the user may change (one query, for a page's buttons)."""
    from network.models import Location

    editable = Location.objects.filter(pk__in=list(location_ids)).filter(any_capability(user))
    return set(editable.values_list("pk", flat=True))


def locations_by_capability(user, location_ids) -> dict[str, set[int]]:
    """For each capability, the stores (of these) where the user holds it: one query each, so a
    page can show every row's buttons in a constant number of queries."""
    from network.models import Location

    ids = list(location_ids)
    return {
        capability: set(
            Location.objects.filter(pk__in=ids).filter(with_capability(user, capability)).values_list("pk", flat=True)
        )
        for capability in Capability.values
    }


def fields_allowed(capabilities: dict[str, set[int]], location_id: int, fields) -> bool:
    """`can_edit_fields` from `locations_by_capability`'s answer."""
    needed = {FIELD_CAPABILITY[field] for field in fields if field in FIELD_CAPABILITY}
    return all(location_id in capabilities[capability] for capability in needed)
