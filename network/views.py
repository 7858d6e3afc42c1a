from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import run_service, unconfirmed
from network import pages, permissions, selectors, services
from network.actions import actions_for
from network.forms import AcceptInvitationForm, ChangeRoleForm, InviteForm
from network.models import Invitation, Role


@login_required
def dashboard(request):
    user = request.user
    memberships = user.memberships.select_related("brand", "region", "franchise")
    context = {
        "memberships": memberships,
        "counts": {
            "regions": selectors.region_list(user=user).count(),
            "franchises": selectors.franchise_list(user=user).count(),
            "locations": selectors.location_list(user=user).count(),
        },
        "roles": permissions.roles_of(user),
        "Role": Role,
        **dict(zip(("actions", "more_actions"), actions_for(user), strict=True)),
        "dashboard_sections": ["reporting/dashboard_section.html"],
    }
    return render(request, "network/dashboard.html", context)


@login_required
def franchise_list(request):
    franchises = (
        selectors.franchise_list(user=request.user)
        .annotate(location_count=Count("locations"))
        .order_by("region__name", "name")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        franchises = franchises.filter(name__icontains=query)
    page = Paginator(franchises, 25).get_page(request.GET.get("page"))
    rights = permissions.NetworkRights(request.user)
    context = {
        "page": page,
        "query": query,
        "policy_brands": [
            brand
            for brand in selectors.brand_list(user=request.user)
            if rights.covers(permissions.ADMIN, brand_id=brand.pk)
        ],
        "may_add_store": pages.store_franchises(request.user).exists(),
    }
    return render(request, "network/franchise_list.html", context)


@login_required
def franchise_detail(request, pk: int):
    franchise = selectors.franchise_list(user=request.user).filter(pk=pk).first()
    if franchise is None:
        raise Http404
    locations = selectors.location_list(user=request.user).filter(franchise=franchise)
    context = {
        "franchise": franchise,
        "locations": locations,
        "may_add_store": permissions.NetworkRights(request.user).may_add_store(franchise),
        "can_close": permissions.can_close_franchise(request.user, franchise),
    }
    return render(request, "network/franchise_detail.html", context)


@login_required
def members(request):
    user = request.user
    if not permissions.has_any_role(user, Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.LISTINGS_EDITOR):
        raise PermissionDenied
    extra = pages.members_context(user)
    rights = extra["rights"]
    form = InviteForm(request.POST or None, user=user) if rights.manages_members else None
    if request.method == "POST" and form is None:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        invitation = run_service(
            request,
            form,
            lambda: services.invitation_create(
                actor=user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                node=form.cleaned_data["node"],
            ),
        )
        if invitation:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("members")
    memberships = (
        selectors.membership_list(user=user).exclude(user=user).order_by("brand__name", "level", "user__username")
    )
    invitations = selectors.invitation_list(user=user).filter(accepted_at__isnull=True, cancelled_at__isnull=True)
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    labels = dict(Role.choices)
    rows = []
    for membership in page:  # each row's buttons: only what the viewer may do to it
        ids = permissions.row_ids(membership)
        offered = rights.roles_to_offer(level=membership.level, **ids)
        rows.append(
            {
                "membership": membership,
                "roles": [(role, labels[role]) for role in offered] if membership.role in offered else [],
                "may_revoke": rights.may_manage_member(role=membership.role, level=membership.level, **ids),
            }
        )
    invitation_rows = [
        (
            invitation,
            rights.may_manage_member(role=invitation.role, level=invitation.level, **permissions.row_ids(invitation)),
        )
        for invitation in invitations[:50]
    ]
    return render(
        request,
        "network/members.html",
        {**extra, "form": form, "page": page, "rows": rows, "invitations": invitation_rows},
    )


def _membership_or_404(user, pk):
    membership = selectors.membership_list(user=user).filter(pk=pk).first()
    if membership is None:
        raise Http404
    return membership


@login_required
@require_POST
def membership_revoke(request, pk: int):
    membership = _membership_or_404(request.user, pk)
    page = unconfirmed(
        request,
        title=_("Revoke this role?"),
        question=_("%(person)s will no longer be %(role)s at %(where)s.")
        % {"person": membership.user, "role": membership.get_role_display(), "where": membership.node},
        button=_("Revoke the role"),
        cancel_url=reverse("members"),
    )
    if page is not None:
        return page
    try:
        services.membership_revoke(actor=request.user, membership=membership)
        messages.success(request, _("Role revoked."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("members")


@login_required
@require_POST
def membership_change(request, pk: int):
    membership = _membership_or_404(request.user, pk)
    form = ChangeRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("members")
    try:
        services.membership_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        messages.success(request, _("Role changed."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("members")


@login_required
@require_POST
def invitation_cancel(request, pk: int):
    invitation = selectors.invitation_list(user=request.user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    page = unconfirmed(
        request,
        title=_("Cancel this invitation?"),
        question=_("The link sent to %(email)s will no longer work.") % {"email": invitation.email},
        button=_("Cancel the invitation"),
        cancel_url=reverse("members"),
    )
    if page is not None:
        return page
    try:
        services.invitation_cancel(actor=request.user, invitation=invitation)
        messages.success(request, _("Invitation cancelled."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("members")


def invitation_accept(request, token: str):
    invitation = Invitation.objects.select_related("brand", "region", "franchise").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return render(request, "network/invitation_closed.html", status=410 if invitation else 404)
    if request.user.is_authenticated:
        form = None
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, _("Welcome! Your new role is active."))
            return redirect("dashboard")
    else:
        form = AcceptInvitationForm(request.POST or None, initial={"username": invitation.email.split("@")[0]})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            membership = run_service(
                request,
                form,
                lambda: services.invitation_accept(
                    invitation=invitation,
                    username=data["username"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                ),
            )
            if membership:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("dashboard")
    return render(request, "network/invitation_accept.html", {"invitation": invitation, "form": form})


@login_required
def audit_log(request):
    if not permissions.has_any_role(request.user, Role.FRANCHISOR_ADMIN):
        raise PermissionDenied
    entries = selectors.audit_log_list(user=request.user)
    return render(request, "network/audit_log.html", {"page": Paginator(entries, 50).get_page(request.GET.get("page"))})
