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
    # A fixed number of queries per pool, whatever the number of franchises shown.
    franchises = list(franchises)
    today = timezone.now().date()
    pools = list(selectors.pool_list(user=user).filter(brand_id__in={f.brand_id for f in franchises}))
    pledges: dict = {}
    for pledge in Pledge.objects.filter(
        franchise__in=franchises, round__period__pool__in=pools, round__status=RoundStatus.OPEN
    ).select_related("round__period"):
        pledges.setdefault((pledge.franchise_id, pledge.round.period.pool_id), []).append(pledge)
    figures, periods = {}, {}
    for pool in pools:
        periods[pool.pk] = period_for(pool, today)
        mine = [f for f in franchises if f.brand_id == pool.brand_id]
        figures[pool.pk] = selectors.franchises_figures(pool=pool, franchises=mine, period=periods[pool.pk])
    blocks = [
        {
            "franchise": franchise,
            "pool": pool,
            "period": periods[pool.pk],
            "figures": figures[pool.pk][franchise.pk],
            "open_pledges": pledges.get((franchise.pk, pool.pk), []),
        }
        for franchise in franchises
        for pool in pools
        if pool.brand_id == franchise.brand_id
    ]
    return render(request, "budgets/my_budget.html", {"blocks": blocks})
