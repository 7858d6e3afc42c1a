"""Who may see and do what with pools, rounds, pledges, the ledger, clicks and leads.

Franchisor admins and marketing run the pools of their brand; region managers follow their
region's franchises; franchisees see the pool they fund, their own ledger, clicks and leads, and
answer their own pledges. Listings editors have no part in budgets.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from network.models import Role
from network.permissions import has_any_role
from network.scoping import node_covered

POOL_MANAGERS = [Role.FRANCHISOR_ADMIN, Role.FRANCHISOR_MARKETING]
BUDGET_ROLES = [
    Role.FRANCHISOR_ADMIN,
    Role.FRANCHISOR_MARKETING,
    Role.REGION_MANAGER,
    Role.FRANCHISEE_OWNER,
    Role.FRANCHISEE_STAFF,
]
PLEDGERS = [Role.FRANCHISOR_ADMIN, Role.FRANCHISEE_OWNER]
LEAD_WORKERS = [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.FRANCHISEE_OWNER, Role.FRANCHISEE_STAFF]


def _deny(message: str | None = None):
    raise PermissionDenied(message or _("You do not have permission to do this."))


def uses_budgets(user) -> bool:
    return has_any_role(user, *BUDGET_ROLES)


def is_pool_manager(user) -> bool:
    return has_any_role(user, *POOL_MANAGERS)


def can_manage_pool(user, pool) -> bool:
    return node_covered(user, pool.brand, POOL_MANAGERS)


def check_manage_pool(user, pool) -> None:
    if not can_manage_pool(user, pool):
        _deny(_("Only the franchisor's admins and marketing team manage this pool."))


def check_manage_round(user, contribution_round) -> None:
    check_manage_pool(user, contribution_round.period.pool)


def can_answer_pledge(user, pledge) -> bool:
    return node_covered(user, pledge.franchise, PLEDGERS)


def answerable_franchise_ids(user) -> set[int]:
    """The franchises whose pledges the user may answer (one query, for a whole round)."""
    from network.models import Franchise
    from network.scoping import visible_franchises

    return set(Franchise.objects.filter(visible_franchises(user, roles=PLEDGERS)).values_list("pk", flat=True))


def check_answer_pledge(user, pledge) -> None:
    if not can_answer_pledge(user, pledge):
        _deny(_("Only the franchise's owner answers its pledge."))


def can_work_lead(user, lead) -> bool:
    return node_covered(user, lead.franchise, LEAD_WORKERS)


def check_work_lead(user, lead) -> None:
    if not can_work_lead(user, lead):
        _deny(_("You may not work this lead."))
