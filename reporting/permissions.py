"""Who may do what with reports. Reading a report is scoped by the node lookups in selectors."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from network.models import Role
from network.permissions import has_any_role
from network.scoping import node_covered


def can_set_goals(user, brand) -> bool:
    return node_covered(user, brand, [Role.FRANCHISOR_ADMIN])


def check_set_goals(user, brand) -> None:
    if not can_set_goals(user, brand):
        raise PermissionDenied(_("Only the franchisor's administrators set goals and alert thresholds."))


def can_ask(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_any_role(user, *Role.values))
