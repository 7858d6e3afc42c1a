"""Reads of the network, already scoped to the requester through the scoping module."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from network.models import AuditLog, Brand, CapabilityGrant, Franchise, Invitation, Location, Membership, Region, Role
from network.scoping import covered, visible_brands, visible_franchises, visible_locations, visible_regions

MANAGERS = [Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER]
ROW_PATHS = {"brand": "brand_id", "region": "region_id", "franchise": "franchise_id"}


def people_list(*, user) -> QuerySet:
    """People the requester may name (to grant a role or a right): themselves and those holding
    a role in the part of the network the requester covers."""
    in_scope = Membership.objects.filter(user_id=OuterRef("pk")).filter(covered(user, **ROW_PATHS))
    return get_user_model().objects.filter(Q(pk=user.pk) | Q(Exists(in_scope)))


def brand_list(*, user) -> QuerySet[Brand]:
    return Brand.objects.filter(visible_brands(user))


def region_list(*, user) -> QuerySet[Region]:
    return Region.objects.filter(visible_regions(user)).select_related("brand")


def franchise_list(*, user) -> QuerySet[Franchise]:
    return Franchise.objects.filter(visible_franchises(user)).select_related("brand", "region")


def location_list(*, user) -> QuerySet[Location]:
    return Location.objects.filter(visible_locations(user)).select_related("brand", "region", "franchise")


def membership_list(*, user) -> QuerySet[Membership]:
    """One's own roles, and the roles held in the part of the network one manages."""
    scope = Q(user_id=user.pk) | covered(user, roles=MANAGERS, **ROW_PATHS)
    return Membership.objects.filter(scope).select_related("user", "brand", "region", "franchise", "granted_by")


def invitation_list(*, user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(covered(user, roles=MANAGERS, **ROW_PATHS)).select_related(
        "brand", "region", "franchise", "invited_by"
    )


def capability_grant_list(*, user) -> QuerySet[CapabilityGrant]:
    scope = Q(user_id=user.pk) | covered(user, roles=[*MANAGERS, Role.LISTINGS_EDITOR], **ROW_PATHS)
    return CapabilityGrant.objects.filter(scope).select_related(
        "user", "brand", "region", "franchise", "location", "granted_by"
    )


def audit_log_list(*, user) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(covered(user, brand="brand_id", roles=[Role.FRANCHISOR_ADMIN])).select_related(
        "actor"
    )
