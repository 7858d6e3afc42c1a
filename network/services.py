"""Writes to the network: structure, memberships, invitations and capability grants.

Every function checks the actor's rights, validates, writes in one transaction and records the
audit log; views, the API, the admin and commands all come through here.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from franchise_platform import outbox
from franchise_platform.errors import DomainError
from network import permissions
from network.audit import audit
from network.models import (
    ROLE_LEVELS,
    Brand,
    CapabilityGrant,
    Franchise,
    Invitation,
    Level,
    Location,
    Membership,
    Region,
    Role,
)

User = get_user_model()

LOCATION_FIELDS = (
    "name",
    "street_address",
    "postal_code",
    "city",
    "state",
    "country",
    "phone",
    "latitude",
    "longitude",
    "time_zone",
    "is_active",
)


def _node_ids(node) -> dict:
    """brand/region/franchise columns for a membership-like row at `node`."""
    if isinstance(node, Brand):
        return {"level": Level.BRAND, "brand": node, "region": None, "franchise": None}
    if isinstance(node, Region):
        return {"level": Level.REGION, "brand": node.brand, "region": node, "franchise": None}
    if isinstance(node, Franchise):
        return {"level": Level.FRANCHISE, "brand": node.brand, "region": node.region, "franchise": node}
    raise DomainError(_("A role is held at a brand, a region or a franchise."), code="invalid_node")


def _check_role_level(role: str, node) -> None:
    level = _node_ids(node)["level"]
    if level not in ROLE_LEVELS[role]:
        raise DomainError(
            _("The role “%(role)s” cannot be held at a %(level)s.")
            % {"role": Role(role).label, "level": Level(level).label.lower()},
            code="invalid_level",
        )


def _save(obj, **kwargs):
    obj.full_clean(**kwargs)
    obj.save()
    return obj


# Structure ---------------------------------------------------------------------------------


@transaction.atomic
def brand_update(*, actor, brand: Brand, data: dict) -> Brand:
    permissions.check_change_node(actor, brand)
    for field in ("name", "default_language", "currency", "website", "requires_listing_approval"):
        if field in data:
            setattr(brand, field, data[field])
    _save(brand)
    audit(actor=actor, action="brand.update", target=brand, summary=str(brand), data={"fields": sorted(data)})
    return brand


@transaction.atomic
def region_create(*, actor, brand: Brand, name: str, slug: str) -> Region:
    permissions.check_create_child(actor, brand)
    region = _save(Region(brand=brand, name=name, slug=slug))
    audit(actor=actor, action="region.create", target=region, summary=name)
    return region


@transaction.atomic
def region_update(*, actor, region: Region, data: dict) -> Region:
    permissions.check_change_node(actor, region)
    for field in ("name", "slug"):
        if field in data:
            setattr(region, field, data[field])
    _save(region)
    audit(actor=actor, action="region.update", target=region, summary=str(region), data={"fields": sorted(data)})
    return region


@transaction.atomic
def region_delete(*, actor, region: Region) -> None:
    permissions.check_delete_node(actor, region)
    if region.franchises.exists():
        raise DomainError(_("Move or delete the region's franchises first."), code="region_not_empty")
    audit(actor=actor, action="region.delete", target=region, summary=str(region))
    region.delete()


@transaction.atomic
def franchise_create(*, actor, region: Region, data: dict) -> Franchise:
    permissions.check_create_child(actor, region)
    franchise = Franchise(brand=region.brand, region=region)
    for field in ("name", "slug", "legal_name", "email", "phone", "is_active"):
        if field in data:
            setattr(franchise, field, data[field])
    _save(franchise)
    audit(actor=actor, action="franchise.create", target=franchise, summary=franchise.name)
    return franchise


@transaction.atomic
def franchise_update(*, actor, franchise: Franchise, data: dict) -> Franchise:
    permissions.check_change_node(actor, franchise)
    new_region = data.get("region")
    if new_region is not None and new_region.pk != franchise.region_id:
        # Moving a franchise is a franchisor decision; its stores and roles move with it.
        permissions.check_delete_node(actor, franchise)
        if new_region.brand_id != franchise.brand_id:
            raise DomainError(_("The region belongs to another brand."), code="invalid_region")
        franchise.region = new_region
        franchise.locations.update(region=new_region)
        Membership.objects.filter(franchise=franchise).update(region=new_region)
        CapabilityGrant.objects.filter(franchise=franchise).update(region=new_region)
    if data.get("is_active") and franchise.closed_at is not None:
        raise DomainError(_("A closed franchise cannot be reactivated."), code="franchise_closed")
    for field in ("name", "slug", "legal_name", "email", "phone", "is_active"):
        if field in data:
            setattr(franchise, field, data[field])
    _save(franchise)
    audit(
        actor=actor, action="franchise.update", target=franchise, summary=str(franchise), data={"fields": sorted(data)}
    )
    return franchise


@transaction.atomic
def franchise_delete(*, actor, franchise: Franchise) -> None:
    """Only a franchise with no money history (ledger, charges, pledges, clicks) may be deleted;
    the others leave the network by being closed, which keeps their history."""
    permissions.check_delete_node(actor, franchise)
    audit(actor=actor, action="franchise.delete", target=franchise, summary=str(franchise))
    try:
        franchise.delete()
    except (ProtectedError, RestrictedError):
        raise DomainError(
            _(
                "This franchise has money history (ledger, charges, pledges or clicks) and cannot be deleted: "
                "close it instead; its balance is settled and its history kept."
            ),
            code="has_money_history",
        ) from None


@transaction.atomic
def location_create(*, actor, franchise: Franchise, data: dict) -> Location:
    permissions.check_create_child(actor, franchise)
    location = Location(franchise=franchise, brand_id=franchise.brand_id, region_id=franchise.region_id)
    for field in LOCATION_FIELDS:
        if field in data:
            setattr(location, field, data[field])
    _save(location)
    audit(actor=actor, action="location.create", target=location, summary=location.name)
    return location


@transaction.atomic
def location_update(*, actor, location: Location, data: dict) -> Location:
    permissions.check_change_node(actor, location)
    for field in LOCATION_FIELDS:
        if field in data:
            setattr(location, field, data[field])
    _save(location)
    audit(actor=actor, action="location.update", target=location, summary=str(location), data={"fields": sorted(data)})
    return location


@transaction.atomic
def location_delete(*, actor, location: Location) -> None:
    permissions.check_delete_node(actor, location)
    audit(actor=actor, action="location.delete", target=location, summary=str(location))
    location.delete()


# Memberships -------------------------------------------------------------------------------


@transaction.atomic
def membership_grant(*, actor, user, role: str, node) -> Membership:
    _check_role_level(role, node)
    permissions.check_manage_members(actor, node=node, role=role)
    ids = _node_ids(node)
    existing = Membership.objects.filter(user=user, role=role, **ids).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, role=role, granted_by=actor, **ids)
    except IntegrityError:
        return Membership.objects.get(user=user, role=role, **ids)
    audit(
        actor=actor,
        action="membership.grant",
        target=membership,
        summary=f"{user} · {Role(role).label} · {node}",
        data={"user": user.pk, "role": role, "level": ids["level"]},
    )
    return membership


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    node = membership.node
    _check_role_level(role, node)
    permissions.check_manage_members(actor, node=node, role=membership.role)
    permissions.check_manage_members(actor, node=node, role=role)
    if role == membership.role:
        return membership
    if Membership.objects.filter(user=membership.user, role=role, **_node_ids(node)).exists():
        raise DomainError(_("This person already holds that role here."), code="duplicate_role")
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit(
        actor=actor,
        action="membership.change",
        target=membership,
        summary=f"{membership.user} · {Role(old).label} → {Role(role).label} · {node}",
        data={"user": membership.user_id, "from": old, "to": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    permissions.check_manage_members(actor, node=membership.node, role=membership.role)
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.FRANCHISOR_ADMIN:
        raise DomainError(_("You cannot revoke your own franchisor admin role."), code="self_revoke")
    audit(
        actor=actor,
        action="membership.revoke",
        target=membership,
        summary=f"{membership.user} · {membership.get_role_display()} · {membership.node}",
        data={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()


# Invitations -------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, actor, email: str, role: str, node) -> Invitation:
    _check_role_level(role, node)
    permissions.check_manage_members(actor, node=node, role=role)
    invitation = Invitation(
        email=email.strip().lower(),
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
        **_node_ids(node),
    )
    _save(invitation)
    audit(
        actor=actor,
        action="invitation.create",
        target=invitation,
        summary=f"{invitation.email} · {Role(role).label} · {node}",
        data={"role": role},
    )
    # Written with the invitation, sent on commit; a crash in between is caught up by the sweep.
    outbox.enqueue("network.send_invitation", [invitation.pk])
    return invitation


@transaction.atomic
def invitation_cancel(*, actor, invitation: Invitation) -> Invitation:
    permissions.check_manage_members(actor, node=invitation.node, role=invitation.role)
    if invitation.accepted_at:
        raise DomainError(_("This invitation was already accepted."), code="already_accepted")
    if not invitation.cancelled_at:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        audit(actor=actor, action="invitation.cancel", target=invitation, summary=invitation.email)
    return invitation


@transaction.atomic
def invitation_mark_sent(*, invitation_id: int) -> Invitation | None:
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None or invitation.sent_at or not invitation.is_open:
        return invitation
    from network.emails import send_invitation_email

    send_invitation_email(invitation)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user=None,
    username: str = "",
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Accept with the signed-in `user`, or create the account from username and password."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise DomainError(_("This invitation has expired or was already used."), code="invitation_closed")
    if user is None:
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(_("This username is taken; choose another."), code="username_taken")
        user = User(
            username=username,
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            language=invitation.brand.default_language,
        )
        user.set_password(password)
        _save(user)
    ids = _node_ids(invitation.node)
    membership, _created = Membership.objects.get_or_create(
        user=user, role=invitation.role, **ids, defaults={"granted_by": invitation.invited_by}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(
        actor=user,
        action="membership.grant",
        target=membership,
        summary=f"{user} · {membership.get_role_display()} · {membership.node} (invitation)",
        data={"user": user.pk, "role": membership.role, "invitation": invitation.pk},
    )
    return membership


# Capability grants -------------------------------------------------------------------------


def _grant_columns(node) -> dict:
    if isinstance(node, Location):
        return {
            "level": "location",
            "brand": node.brand,
            "region": node.region,
            "franchise": node.franchise,
            "location": node,
        }
    return {**_node_ids(node), "location": None}


@transaction.atomic
def capability_grant(*, actor, user, capability: str, node) -> CapabilityGrant:
    permissions.check_grant_capabilities(actor, node=node)
    columns = _grant_columns(node)
    grant = CapabilityGrant.objects.filter(user=user, capability=capability, **columns).first()
    if grant:
        return grant
    grant = CapabilityGrant.objects.create(user=user, capability=capability, granted_by=actor, **columns)
    assign_perm(capability, user, node)
    audit(
        actor=actor,
        action="capability.grant",
        target=grant,
        summary=f"{user} · {grant.get_capability_display()} · {node}",
        data={"user": user.pk, "capability": capability},
    )
    return grant


@transaction.atomic
def capability_revoke(*, actor, grant: CapabilityGrant) -> None:
    node = grant.node
    permissions.check_grant_capabilities(actor, node=node)
    remove_perm(grant.capability, grant.user, node)
    audit(
        actor=actor,
        action="capability.revoke",
        target=grant,
        summary=f"{grant.user} · {grant.get_capability_display()} · {node}",
        data={"user": grant.user_id, "capability": grant.capability},
    )
    grant.delete()
