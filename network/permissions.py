"""Permission checks of the network: `can_*` booleans and `check_*` twins that raise.

They all ask the scoping module, so a page, the API and a task always agree.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from network.models import FRANCHISEE_ROLES, ROLE_LEVELS, Brand, Franchise, Level, Location, Region, Role
from network.scoping import node_covered, node_has_capability

ADMIN = [Role.FRANCHISOR_ADMIN]
MEMBER_MANAGERS = [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER]
STRUCTURE_EDITORS = {
    "brand": [Role.FRANCHISOR_ADMIN],
    "region": [Role.FRANCHISOR_ADMIN],
    "franchise": [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER],
    "location": [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.LISTINGS_EDITOR],
}


def _deny(message: str | None = None):
    raise PermissionDenied(message or _("You do not have permission to do this."))


def roles_of(user) -> set[str]:
    """The roles the user holds anywhere (cached on the user for the request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_fp_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._fp_roles = cached
    return cached


def has_any_role(user, *roles: str) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user) & set(roles)))


def can_manage_members(user, *, node, role: str | None = None) -> bool:
    """Franchisor admins manage every role in their brand; region managers invite and manage
    franchisee owners and staff of the franchises in their region."""
    if node_covered(user, node, ADMIN):
        return True
    if role is not None and role not in FRANCHISEE_ROLES:
        return False
    return isinstance(node, Franchise) and node_covered(user, node, [Role.REGION_MANAGER])


def check_manage_members(user, *, node, role: str | None = None) -> None:
    if not can_manage_members(user, node=node, role=role):
        _deny(_("You may not manage this role at this place of the network."))


def can_change_node(user, node) -> bool:
    kind = node._meta.model_name
    if node_covered(user, node, STRUCTURE_EDITORS[kind]):
        return True
    return kind == "location" and node_has_capability(user, node, "edit_profile")


def check_change_node(user, node) -> None:
    if not can_change_node(user, node):
        _deny()


def can_delete_node(user, node) -> bool:
    return node_covered(user, node, ADMIN)


def check_delete_node(user, node) -> None:
    if not can_delete_node(user, node):
        _deny()


def can_close_franchise(user, franchise) -> bool:
    """Closing a franchise (it leaves the network, its balance settled) is the franchisor
    admin's decision, like deleting one."""
    return node_covered(user, franchise, ADMIN)


def check_close_franchise(user, franchise) -> None:
    if not can_close_franchise(user, franchise):
        _deny(_("Only the franchisor's admins close a franchise."))


def check_create_child(user, parent) -> None:
    """Creating a region needs its brand's admin; a franchise, its region's editors; a store,
    its franchise's structure editors."""
    child_kind = {Brand: "region", Region: "franchise", Franchise: "location"}[type(parent)]
    if not node_covered(user, parent, STRUCTURE_EDITORS[child_kind]):
        _deny()


def can_grant_capabilities(user, *, node) -> bool:
    """Franchisor admins, region managers and listings editors grant listing rights on the
    nodes they cover (a store's rights are granted through its franchise's managers)."""
    target = node.franchise if isinstance(node, Location) else node
    return node_covered(user, target, [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.LISTINGS_EDITOR])


def check_grant_capabilities(user, *, node) -> None:
    if not can_grant_capabilities(user, node=node):
        _deny(_("You may not grant listing rights here."))


def level_of(node) -> str:
    return {Brand: Level.BRAND, Region: Level.REGION, Franchise: Level.FRANCHISE}[type(node)]


class NetworkRights:
    """`can_manage_members`, `can_grant_capabilities` and `check_create_child` for many rows at
    once: built from the user's memberships in one query, so a page shows each row's buttons in
    a constant number of queries. tests/network/test_permissions_rights.py checks that it answers
    exactly as those functions do, over every role and node of the test world."""

    def __init__(self, user):
        active = bool(user and user.is_authenticated and user.is_active)
        self.unrestricted = active and user.is_superuser
        self.rows = (
            list(user.memberships.values_list("role", "level", "brand_id", "region_id", "franchise_id"))
            if active
            else []
        )

    def covers(self, roles, *, brand_id, region_id=None, franchise_id=None) -> bool:
        """`scoping.node_covered` for a node given by its ids."""
        if self.unrestricted:
            return True
        for role, level, brand, region, franchise in self.rows:
            if role not in roles:
                continue
            if level == Level.BRAND and brand == brand_id:
                return True
            if level == Level.REGION and region_id is not None and region == region_id:
                return True
            if level == Level.FRANCHISE and franchise_id is not None and franchise == franchise_id:
                return True
        return False

    def may_manage_member(self, *, role, level, brand_id, region_id=None, franchise_id=None) -> bool:
        if self.covers(ADMIN, brand_id=brand_id, region_id=region_id, franchise_id=franchise_id):
            return True
        if role is not None and role not in FRANCHISEE_ROLES:
            return False
        return level == Level.FRANCHISE and self.covers(
            [Role.REGION_MANAGER], brand_id=brand_id, region_id=region_id, franchise_id=franchise_id
        )

    def roles_to_offer(self, *, level, brand_id, region_id=None, franchise_id=None) -> list[str]:
        """The roles one may give at a node of this level (the choices of a role select)."""
        return [
            role
            for role in Role.values
            if level in ROLE_LEVELS[role]
            and self.may_manage_member(
                role=role, level=level, brand_id=brand_id, region_id=region_id, franchise_id=franchise_id
            )
        ]

    def may_grant_capabilities(self, *, brand_id, region_id=None, franchise_id=None) -> bool:
        """On a node (a store: its franchise's ids)."""
        return self.covers(CAPABILITY_GRANTORS, brand_id=brand_id, region_id=region_id, franchise_id=franchise_id)

    def may_add_store(self, franchise) -> bool:
        return self.covers(
            STRUCTURE_EDITORS["location"],
            brand_id=franchise.brand_id,
            region_id=franchise.region_id,
            franchise_id=franchise.pk,
        )

    @property
    def manages_members(self) -> bool:
        return self.unrestricted or any(role in MEMBER_MANAGERS for role, *_ids in self.rows)

    @property
    def grants_capabilities(self) -> bool:
        return self.unrestricted or any(role in CAPABILITY_GRANTORS for role, *_ids in self.rows)


CAPABILITY_GRANTORS = [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.LISTINGS_EDITOR]


def row_ids(row) -> dict:
    """The ids NetworkRights takes, from a membership, an invitation or a capability grant
    (a grant on a store counts at its franchise)."""
    return {"brand_id": row.brand_id, "region_id": row.region_id, "franchise_id": row.franchise_id}
