"""Closing a franchise: the franchisor admin's confirmation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from budgets import closing
from budgets.forms import FranchiseCloseForm
from budgets.models import AccountKind, FranchiseClosure, LedgerAccount
from franchise_platform.views import run_service
from network import permissions as network_permissions
from network import selectors as network_selectors


@login_required
def franchise_close(request, pk):
    franchise = network_selectors.franchise_list(user=request.user).filter(pk=pk).first()
    if franchise is None:
        raise Http404
    network_permissions.check_close_franchise(request.user, franchise)
    form = FranchiseCloseForm(request.POST or None)
    if request.method == "POST" and franchise.closed_at is None and form.is_valid():
        closure = run_service(
            request,
            form,
            lambda: closing.franchise_close(
                actor=request.user,
                franchise=franchise,
                settlement=form.cleaned_data["settlement"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if closure is not None:
            messages.success(request, _("%(franchise)s is closed and its balance settled.") % {"franchise": franchise})
            return redirect("network-franchise", pk=franchise.pk)
    context = {
        "franchise": franchise,
        "accounts": LedgerAccount.objects.filter(kind=AccountKind.FRANCHISE, franchise=franchise)
        .select_related("pool")
        .order_by("pool__name"),
        "closure": FranchiseClosure.objects.filter(franchise=franchise).select_related("closed_by").first(),
        "form": form,
    }
    return render(request, "budgets/franchise_close.html", context)
