from django.contrib import admin

from budgets import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money history (the ledger, pledges, costs, charges, the platforms' click records) is shown
    by the admin, never edited nor deleted there: its services are the only writers."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KeywordInline(admin.TabularInline):
    model = models.Keyword
    extra = 0


@admin.register(models.Pool)
class PoolAdmin(admin.ModelAdmin):
    list_display = ["name", "brand", "slug", "currency", "is_active"]
    list_filter = ["brand", "is_active"]
    search_fields = ["name", "slug"]
    inlines = [KeywordInline]


@admin.register(models.Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["franchise", "kind", "value", "radius_km"]
    list_select_related = ["franchise"]
    raw_id_fields = ["franchise"]
    list_filter = ["kind"]
    search_fields = ["franchise__name", "value"]


@admin.register(models.GeoTarget)
class GeoTargetAdmin(admin.ModelAdmin):
    list_display = ["criteria_id", "name", "canonical_name", "target_type", "country_code"]
    search_fields = ["name", "canonical_name"]


@admin.register(models.ContributionRound)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["period", "suggested_amount", "deadline", "status"]
    list_select_related = ["period__pool"]
    raw_id_fields = ["period", "opened_by"]
    list_filter = ["status"]


@admin.register(models.Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["round", "franchise", "amount", "status", "answered_at"]
    list_filter = ["status"]


@admin.register(models.LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdmin):
    list_display = ["pool", "kind", "name", "balance"]
    list_filter = ["kind", "pool"]


@admin.register(models.LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "pool", "kind", "memo", "key"]
    list_filter = ["kind", "pool"]


@admin.register(models.Click)
class ClickAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "pool", "keyword_text", "franchise", "place", "is_bot", "platform_status"]
    list_select_related = ["pool", "franchise"]
    list_filter = ["pool", "is_bot", "platform_status"]


@admin.register(models.Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "franchise", "status", "revenue"]
    list_filter = ["status"]
    list_select_related = ["franchise"]
    search_fields = ["name", "email"]
    # A <select> of every click weighed 1.18 MB and took seconds: ids, with a lookup popup.
    raw_id_fields = ["franchise", "location", "click", "keyword"]


@admin.register(models.KeywordDailyCost)
class KeywordDailyCostAdmin(ReadOnlyAdmin):
    list_display = ["day", "pool", "source", "keyword", "clicks", "cost"]
    list_select_related = ["pool", "keyword"]
    list_filter = ["source", "pool"]


@admin.register(models.DailyCharge)
class DailyChargeAdmin(ReadOnlyAdmin):
    list_display = ["day", "pool", "keyword", "franchise", "clicks", "amount"]
    list_select_related = ["pool", "keyword", "franchise"]
    list_filter = ["pool"]


@admin.register(models.PlatformClick)
class PlatformClickAdmin(ReadOnlyAdmin):
    list_display = ["day", "pool", "source", "keyword_text", "billed", "franchise", "place"]
    list_select_related = ["pool", "franchise"]
    list_filter = ["source", "billed", "pool"]


@admin.register(models.ClickReconciliation)
class ClickReconciliationAdmin(ReadOnlyAdmin):
    list_display = ["day", "pool", "source", "records", "billed", "read_at"]
    list_select_related = ["pool"]
    list_filter = ["source", "pool"]


@admin.register(models.FranchiseClosure)
class FranchiseClosureAdmin(ReadOnlyAdmin):
    list_display = ["closed_at", "franchise", "settlement", "closed_by"]
    list_select_related = ["franchise", "closed_by"]
