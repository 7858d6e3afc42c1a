"""Administration screens of the network that had none: listing rights per node (on the
members page), a brand's approval policy, and adding a store. Each one calls the existing
service, which checks the rights again and writes the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import run_service, unconfirmed
from network import permissions, selectors, services
from network.forms import ApprovalPolicyForm, CapabilityGrantForm, StoreForm
from network.models import Role


@login_required
@require_POST
def capability_grant(request):
    rights = permissions.NetworkRights(request.user)
    if not rights.grants_capabilities:
        raise PermissionDenied
    form = CapabilityGrantForm(request.POST, user=request.user, rights=rights)
    if form.is_valid():
        data = form.cleaned_data
        grant = run_service(
            request,
            form,
            lambda: services.capability_grant(
                actor=request.user, user=data["user"], capability=data["capability"], node=data["node"]
            ),
        )
        if grant is not None:
            messages.success(
                request,
                _("%(person)s may now: %(right)s · %(where)s.")
                % {"person": grant.user, "right": grant.get_capability_display(), "where": grant.node},
            )
            return redirect(reverse("members") + "#rights")
    for error in [*form.non_field_errors(), *(e for field in form for e in field.errors)]:
        messages.error(request, error)
    return redirect(reverse("members") + "#rights")


@login_required
@require_POST
def capability_revoke(request, pk: int):
    grant = selectors.capability_grant_list(user=request.user).filter(pk=pk).first()
    if grant is None:
        raise Http404
    page = unconfirmed(
        request,
        title=_("Take back this listing right?"),
        question=_("%(person)s will no longer have the right “%(right)s” at %(where)s.")
        % {"person": grant.user, "right": grant.get_capability_display(), "where": grant.node},
        button=_("Take back the right"),
        cancel_url=reverse("members") + "#rights",
    )
    if page is not None:
        return page
    try:
        services.capability_revoke(actor=request.user, grant=grant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Listing right taken back."))
    return redirect(reverse("members") + "#rights")


@login_required
def approval_policy(request, pk: int):
    """Whether franchisees' listing changes wait for approval: the brand's franchisor admins decide."""
    brand = selectors.brand_list(user=request.user).filter(pk=pk).first()
    if brand is None:
        raise Http404
    if not permissions.can_change_node(request.user, brand):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None  # an unticked box posts nothing
    form = ApprovalPolicyForm(data, initial={"requires_listing_approval": brand.requires_listing_approval})
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data["requires_listing_approval"]
        saved = run_service(
            request,
            form,
            lambda: services.brand_update(actor=request.user, brand=brand, data={"requires_listing_approval": value}),
        )
        if saved is not None:
            messages.success(
                request,
                _("Franchisees' listing changes now wait for approval.")
                if value
                else _("Franchisees' listing changes are now published at once."),
            )
            return redirect("approval-policy", pk=brand.pk)
    return render(request, "network/approval_policy.html", {"brand": brand, "form": form})


def store_franchises(user):
    """Franchises where the user may add a store (one query)."""
    rights = permissions.NetworkRights(user)
    franchises = selectors.franchise_list(user=user).order_by("name")
    allowed = [franchise.pk for franchise in franchises if rights.may_add_store(franchise)]
    return selectors.franchise_list(user=user).filter(pk__in=allowed).order_by("name")


@login_required
def store_create(request):
    franchises = store_franchises(request.user)
    if not franchises.exists():
        raise PermissionDenied
    initial = {"country": "CA", "time_zone": "America/Toronto"}
    chosen = request.GET.get("franchise", "")
    if chosen.isdigit() and franchises.filter(pk=int(chosen)).exists():
        initial["franchise"] = int(chosen)
    form = StoreForm(request.POST or None, franchises=franchises, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        franchise = data.pop("franchise")
        location = run_service(
            request, form, lambda: services.location_create(actor=request.user, franchise=franchise, data=data)
        )
        if location is not None:
            messages.success(request, _("Store “%(name)s” added. Fill in its listing below.") % {"name": location.name})
            return redirect("listing-detail", pk=location.pk)
    return render(request, "network/store_form.html", {"form": form})


def members_context(user) -> dict:
    """What the members page shows besides the roles: listing rights and their form."""
    rights = permissions.NetworkRights(user)
    grants = list(
        selectors.capability_grant_list(user=user).order_by("-created_at", "-pk")[:200]
        if rights.grants_capabilities
        else []
    )
    rows = [(grant, rights.may_grant_capabilities(**permissions.row_ids(grant))) for grant in grants]
    return {
        "rights": rights,
        "grant_form": CapabilityGrantForm(user=user, rights=rights) if rights.grants_capabilities else None,
        "grants": rows,
        "Role": Role,
    }
