"""Filters of the network API. References are plain ids (NumberFilter), never model choices:
a model choice would answer differently for another tenant's id and an unknown one, an oracle
for guessing what exists outside one's scope."""

import django_filters

from network.models import AuditLog, CapabilityGrant, Franchise, Invitation, Location, Membership, Region


def by_id(field: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=f"{field}_id")


class RegionFilter(django_filters.FilterSet):
    brand = by_id("brand")

    class Meta:
        model = Region
        fields = ["brand"]


class FranchiseFilter(django_filters.FilterSet):
    brand = by_id("brand")
    region = by_id("region")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Franchise
        fields = ["brand", "region", "is_active", "name"]


class LocationFilter(django_filters.FilterSet):
    brand = by_id("brand")
    region = by_id("region")
    franchise = by_id("franchise")
    name = django_filters.CharFilter(lookup_expr="icontains")
    city = django_filters.CharFilter(lookup_expr="iexact")
    postal_code = django_filters.CharFilter(lookup_expr="istartswith")

    class Meta:
        model = Location
        fields = ["brand", "region", "franchise", "country", "is_active", "name", "city", "postal_code"]


class MembershipFilter(django_filters.FilterSet):
    user = by_id("user")
    brand = by_id("brand")
    region = by_id("region")
    franchise = by_id("franchise")

    class Meta:
        model = Membership
        fields = ["user", "role", "level", "brand", "region", "franchise"]


class InvitationFilter(django_filters.FilterSet):
    brand = by_id("brand")
    region = by_id("region")
    franchise = by_id("franchise")

    class Meta:
        model = Invitation
        fields = ["role", "level", "brand", "region", "franchise"]


class CapabilityGrantFilter(django_filters.FilterSet):
    user = by_id("user")
    brand = by_id("brand")
    region = by_id("region")
    franchise = by_id("franchise")
    location = by_id("location")

    class Meta:
        model = CapabilityGrant
        fields = ["user", "capability", "level", "brand", "region", "franchise", "location"]


class AuditLogFilter(django_filters.FilterSet):
    brand = by_id("brand")
    actor = by_id("actor")

    class Meta:
        model = AuditLog
        fields = ["action", "brand", "actor"]
