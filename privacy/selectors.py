"""Leads as the privacy features see them: scoped to the user's network."""

from budgets.models import Lead
from network.scoping import covered

LEAD_SCOPE = {"brand": "brand_id", "region": "franchise__region_id", "franchise": "franchise_id"}


def lead_visible_list(*, user):
    """Leads of the brands, regions and franchises the user holds a role in."""
    return Lead.objects.filter(covered(user, **LEAD_SCOPE)).select_related("brand", "franchise", "location")
