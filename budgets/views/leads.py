"""Leads: the franchisee works them through their statuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from budgets import leads, permissions, selectors
from budgets.forms import LeadStatusForm
from budgets.models import LeadStatus
from franchise_platform.views import run_service


@login_required
def lead_list(request):
    if not permissions.uses_budgets(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    rows = selectors.lead_list(user=request.user).order_by("-created_at")
    status = request.GET.get("status", "")
    if status in LeadStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "budgets/lead_list.html", {"page": page, "status": status, "statuses": LeadStatus.choices})


@login_required
def lead_detail(request, pk):
    lead = selectors.lead_list(user=request.user).filter(pk=pk).first()
    if lead is None:
        raise Http404
    can_work = permissions.can_work_lead(request.user, lead)
    form = LeadStatusForm(request.POST or None, initial={"status": lead.status, "revenue": lead.revenue})
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        if form.is_valid():
            result = run_service(
                request,
                form,
                lambda: leads.lead_update(
                    actor=request.user,
                    lead=lead,
                    status=form.cleaned_data["status"],
                    revenue=form.cleaned_data.get("revenue"),
                ),
            )
            if result is not None:
                messages.success(request, _("Lead updated."))
                return redirect("budgets-lead", pk=lead.pk)
    return render(request, "budgets/lead_detail.html", {"lead": lead, "form": form, "can_work": can_work})
