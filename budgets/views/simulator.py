"""The pooling simulator for the franchisor's pitch."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from budgets import permissions
from budgets.forms import SimulatorForm
from budgets.simulation import PRESSURE_PER_DOUBLING, simulate


def _currency(user) -> str:
    """The currency of the user's brand (the simulator speaks in the brand's money)."""
    from network.models import Membership

    membership = Membership.objects.filter(user=user).select_related("brand").first()
    return membership.brand.currency if membership is not None else "CAD"


@login_required
def pooling_simulator(request):
    if not permissions.uses_budgets(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    form = SimulatorForm(request.GET or None)
    scenarios = None
    if form.is_valid():
        data = form.cleaned_data
        scenarios = simulate(
            cpc=data["cpc"],
            franchisees=data["franchisees"],
            budget=data["budget"],
            available_clicks=data.get("available_clicks") or 0,
        )
    return render(
        request,
        "budgets/simulator.html",
        {
            "form": form,
            "scenarios": scenarios,
            "pressure": int(PRESSURE_PER_DOUBLING * 100),
            "currency": _currency(request.user),
        },
    )
