"""Contribution rounds: participation for everyone, answers for each franchise's owner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import permissions, selectors, services
from budgets.forms import PledgeForm
from franchise_platform.views import run_service


@login_required
def round_detail(request, pk):
    contribution_round = selectors.round_list(user=request.user).filter(pk=pk).first()
    if contribution_round is None:
        raise Http404
    figures = selectors.participation(contribution_round)
    answerable = permissions.answerable_franchise_ids(request.user)
    for pledge in figures["pledges"]:
        pledge.can_answer = pledge.franchise_id in answerable
    context = {
        "round": contribution_round,
        "figures": figures,
        "manager": permissions.can_manage_pool(request.user, contribution_round.period.pool),
        "form": PledgeForm(),
    }
    return render(request, "budgets/round_detail.html", context)


@login_required
@require_POST
def round_close(request, pk):
    contribution_round = selectors.round_list(user=request.user).filter(pk=pk).first()
    if contribution_round is None:
        raise Http404
    services.round_close(actor=request.user, contribution_round=contribution_round)
    messages.success(request, _("The round is closed."))
    return redirect("budgets-round", pk=pk)


@login_required
@require_POST
def pledge_answer(request, pk):
    pledge = selectors.pledge_list(user=request.user).filter(pk=pk).first()
    if pledge is None:
        raise Http404
    permissions.check_answer_pledge(request.user, pledge)
    form = PledgeForm(request.POST)
    if form.is_valid():
        result = run_service(
            request,
            form,
            lambda: services.pledge_answer(
                actor=request.user,
                pledge=pledge,
                decision=form.cleaned_data["decision"],
                amount=form.cleaned_data.get("amount"),
            ),
        )
        if result is not None:
            messages.success(request, _("Your answer is recorded."))
            return redirect("budgets-round", pk=pledge.round_id)
    for error in form.non_field_errors() or [e for errs in form.errors.values() for e in errs]:
        messages.error(request, error)
    return redirect("budgets-round", pk=pledge.round_id)
