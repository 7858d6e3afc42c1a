from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from franchise_platform.fields import ScopedPrimaryKeyRelatedField
from network import selectors
from network.models import (
    AuditLog,
    Brand,
    Capability,
    CapabilityGrant,
    Franchise,
    Invitation,
    Location,
    Membership,
    Region,
    Role,
)
from network.validation import normalise_phone

User = get_user_model()


class UserSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email"]


class BrandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["id", "name", "slug", "default_language", "currency", "website", "requires_listing_approval"]
        read_only_fields = ["slug"]


class RegionSerializer(serializers.ModelSerializer):
    brand = ScopedPrimaryKeyRelatedField(selectors.brand_list)

    class Meta:
        model = Region
        fields = ["id", "brand", "name", "slug"]


class RegionUpdateSerializer(RegionSerializer):
    brand = serializers.PrimaryKeyRelatedField(read_only=True)


class FranchiseSerializer(serializers.ModelSerializer):
    region = ScopedPrimaryKeyRelatedField(selectors.region_list)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Franchise
        fields = [
            "id",
            "brand",
            "region",
            "name",
            "slug",
            "legal_name",
            "email",
            "phone",
            "is_active",
            "closed_at",
            "page_url",
        ]
        read_only_fields = ["brand", "closed_at"]


class LocationSerializer(serializers.ModelSerializer):
    franchise = ScopedPrimaryKeyRelatedField(selectors.franchise_list)

    class Meta:
        model = Location
        fields = [
            "id",
            "brand",
            "region",
            "franchise",
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
        ]
        read_only_fields = ["brand", "region"]

    def validate(self, attrs):
        country = attrs.get("country") or getattr(self.instance, "country", "")
        if attrs.get("phone"):
            try:
                attrs["phone"] = normalise_phone(attrs["phone"], country)
            except Exception as exc:  # django ValidationError with a per-field dict
                raise serializers.ValidationError(getattr(exc, "message_dict", {"phone": [str(exc)]})) from None
        return attrs


class LocationUpdateSerializer(LocationSerializer):
    franchise = serializers.PrimaryKeyRelatedField(read_only=True)


class NodeInputMixin(serializers.Serializer):
    """Exactly one of brand, region, franchise names the node."""

    brand = ScopedPrimaryKeyRelatedField(selectors.brand_list, required=False)
    region = ScopedPrimaryKeyRelatedField(selectors.region_list, required=False)
    franchise = ScopedPrimaryKeyRelatedField(selectors.franchise_list, required=False)

    node_fields = ("brand", "region", "franchise")

    def validate(self, attrs):
        given = [name for name in self.node_fields if attrs.get(name) is not None]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"node": _("Give exactly one of: %(fields)s.") % {"fields": ", ".join(self.node_fields)}}
            )
        attrs["node"] = attrs.pop(given[0])
        for name in self.node_fields:
            attrs.pop(name, None)
        return attrs


class MembershipSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)
    granted_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "level", "brand", "region", "franchise", "granted_by", "created_at"]
        read_only_fields = fields


class MembershipCreateSerializer(NodeInputMixin):
    user = ScopedPrimaryKeyRelatedField(selectors.people_list)
    role = serializers.ChoiceField(choices=Role.choices)


class MembershipUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class InvitationSerializer(serializers.ModelSerializer):
    invited_by = UserSummarySerializer(read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "level",
            "brand",
            "region",
            "franchise",
            "invited_by",
            "created_at",
            "expires_at",
            "sent_at",
            "accepted_at",
            "cancelled_at",
            "is_open",
        ]
        read_only_fields = fields


class InvitationCreateSerializer(NodeInputMixin):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)


class CapabilityGrantSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = CapabilityGrant
        fields = ["id", "user", "capability", "level", "brand", "region", "franchise", "location", "created_at"]
        read_only_fields = fields


class CapabilityGrantCreateSerializer(NodeInputMixin):
    user = ScopedPrimaryKeyRelatedField(selectors.people_list)
    capability = serializers.ChoiceField(choices=Capability.choices)
    location = ScopedPrimaryKeyRelatedField(selectors.location_list, required=False)

    node_fields = ("brand", "region", "franchise", "location")


class AuditLogSerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = AuditLog
        fields = ["id", "created_at", "actor", "action", "brand", "target_type", "target_id", "summary", "data"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "language", "is_staff", "memberships"]
        read_only_fields = ["id", "username", "is_staff", "memberships"]
