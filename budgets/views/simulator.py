"""The pooling simulator for the franchisor's pitch."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from budgets import permissions
from budgets.forms import SimulatorForm
from budgets.simulation import PRESSURE_PER_DOUBLING, simulate


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
        {"form": form, "scenarios": scenarios, "pressure": int(PRESSURE_PER_DOUBLING * 100)},
    )
