"""Who may export or erase a lead's personal data: the brand's franchisor admins and the owners of
the lead's franchise (the data controller and the franchisee who answers the customer)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from budgets.models import Lead
from network.models import Role
from network.scoping import covered
from privacy.selectors import LEAD_SCOPE

PRIVACY_ROLES = (Role.FRANCHISOR_ADMIN, Role.FRANCHISEE_OWNER)


def can_handle_lead_data(user, lead: Lead) -> bool:
    return Lead.objects.filter(covered(user, roles=PRIVACY_ROLES, **LEAD_SCOPE), pk=lead.pk).exists()


def check_handle_lead_data(user, lead: Lead) -> None:
    if not can_handle_lead_data(user, lead):
        raise PermissionDenied(_("Only the brand's administrators and the franchise's owners handle personal data."))
