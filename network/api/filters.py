import django_filters

from network.models import Franchise, Invitation, Location, Membership, Region


class RegionFilter(django_filters.FilterSet):
    class Meta:
        model = Region
        fields = ["brand"]


class FranchiseFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Franchise
        fields = ["brand", "region", "is_active", "name"]


class LocationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    city = django_filters.CharFilter(lookup_expr="iexact")
    postal_code = django_filters.CharFilter(lookup_expr="istartswith")

    class Meta:
        model = Location
        fields = ["brand", "region", "franchise", "country", "is_active", "name", "city", "postal_code"]


class MembershipFilter(django_filters.FilterSet):
    class Meta:
        model = Membership
        fields = ["user", "role", "level", "brand", "region", "franchise"]


class InvitationFilter(django_filters.FilterSet):
    class Meta:
        model = Invitation
        fields = ["role", "level", "brand", "region", "franchise"]
