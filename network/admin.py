from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from network.models import AuditLog, Brand, CapabilityGrant, Franchise, Invitation, Location, Membership, Region


@admin.register(Brand)
class BrandAdmin(GuardedModelAdmin):
    list_display = ("name", "slug", "default_language", "currency", "requires_listing_approval")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Region)
class RegionAdmin(GuardedModelAdmin):
    list_display = ("name", "brand", "slug")
    list_filter = ("brand",)
    search_fields = ("name", "slug")


@admin.register(Franchise)
class FranchiseAdmin(GuardedModelAdmin):
    list_display = ("name", "brand", "region", "slug", "is_active")
    list_filter = ("brand", "region", "is_active")
    search_fields = ("name", "slug", "legal_name", "email")
    list_select_related = ("brand", "region")


@admin.register(Location)
class LocationAdmin(GuardedModelAdmin):
    list_display = ("name", "franchise", "city", "postal_code", "country", "phone", "is_active")
    list_filter = ("brand", "region", "country", "is_active")
    search_fields = ("name", "city", "postal_code", "street_address", "phone")
    list_select_related = ("franchise",)
    raw_id_fields = ("franchise",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "level", "brand", "region", "franchise", "created_at")
    list_filter = ("role", "level", "brand")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user", "region", "franchise", "granted_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "role", "level", "brand", "created_at", "sent_at", "accepted_at", "cancelled_at")
    list_filter = ("role", "brand")
    search_fields = ("email",)
    readonly_fields = ("token",)
    raw_id_fields = ("franchise", "invited_by", "accepted_by")


@admin.register(CapabilityGrant)
class CapabilityGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "capability", "level", "brand", "region", "franchise", "location", "created_at")
    list_filter = ("capability", "level", "brand")
    search_fields = ("user__username",)

    def has_add_permission(self, request):  # grants go through the service (guardian mirror)
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "summary")
    list_filter = ("action", "brand")
    search_fields = ("summary", "actor__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
