"""The franchisee's screen: how my budget works for me."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from budgets import permissions, selectors
from budgets.models import Pledge, RoundStatus
from budgets.services import period_for
from network import selectors as network_selectors
from network.models import FRANCHISEE_ROLES


@login_required
def my_budget(request):
    user = request.user
    if not permissions.uses_budgets(user):
        raise PermissionDenied
    franchises = network_selectors.franchise_list(user=user).filter(
        pk__in=user.memberships.filter(role__in=FRANCHISEE_ROLES).values("franchise_id")
    )
    if not franchises.exists():
        franchises = network_selectors.franchise_list(user=user)[:10]
    today = timezone.now().date()
    blocks = []
    for franchise in franchises:
        for pool in selectors.pool_list(user=user).filter(brand_id=franchise.brand_id):
            period = period_for(pool, today)
            open_pledges = Pledge.objects.filter(
                franchise=franchise, round__period__pool=pool, round__status=RoundStatus.OPEN
            ).select_related("round__period")
            blocks.append(
                {
                    "franchise": franchise,
                    "pool": pool,
                    "period": period,
                    "figures": selectors.franchise_figures(pool=pool, franchise=franchise, period=period),
                    "open_pledges": open_pledges,
                }
            )
    return render(request, "budgets/my_budget.html", {"blocks": blocks})
