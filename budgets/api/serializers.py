from rest_framework import serializers

from budgets import selectors
from budgets.models import (
    Click,
    ContributionRound,
    FranchiseClosure,
    Keyword,
    KeywordGroup,
    Lead,
    LeadStatus,
    LedgerEntry,
    Pledge,
    Pool,
    Settlement,
)
from franchise_platform.fields import ScopedPrimaryKeyRelatedField
from network import selectors as network_selectors


class KeywordSerializer(serializers.ModelSerializer):
    class Meta:
        model = Keyword
        fields = ["id", "text", "group", "is_active"]


class PoolSerializer(serializers.ModelSerializer):
    keywords = KeywordSerializer(many=True, read_only=True)
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Pool
        fields = ["id", "brand", "name", "slug", "currency", "regions", "is_active", "created_at", "keywords"]


class PoolCreateSerializer(serializers.Serializer):
    brand = ScopedPrimaryKeyRelatedField(network_selectors.brand_list)
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
    regions = ScopedPrimaryKeyRelatedField(network_selectors.region_list, many=True, required=False)


class KeywordCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=200)
    group = serializers.ChoiceField(choices=KeywordGroup.choices, default=KeywordGroup.BROAD)


class TopUpSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    key = serializers.CharField(
        max_length=80,
        help_text="Idempotency key chosen by the client: the same key posts once; reused with another "
        "amount it is refused (409).",
    )


class TopUpResultSerializer(serializers.Serializer):
    transaction = serializers.IntegerField(source="pk")
    key = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    created_at = serializers.DateTimeField()


class RoundSerializer(serializers.ModelSerializer):
    pool = serializers.IntegerField(source="period.pool_id", read_only=True)
    period_start = serializers.DateField(source="period.start", read_only=True)
    period_end = serializers.DateField(source="period.end", read_only=True)

    class Meta:
        model = ContributionRound
        fields = ["id", "pool", "period_start", "period_end", "suggested_amount", "deadline", "status", "created_at"]


class RoundCreateSerializer(serializers.Serializer):
    pool = ScopedPrimaryKeyRelatedField(selectors.pool_list)
    month = serializers.DateField()
    suggested_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    deadline = serializers.DateTimeField(required=False)


class PledgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pledge
        fields = ["id", "round", "franchise", "suggested_amount", "amount", "status", "answered_at"]


class PledgeAnswerSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "change", "decline"])
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)


class LedgerEntrySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="transaction.kind", read_only=True)
    memo = serializers.CharField(source="transaction.memo", read_only=True)
    created_at = serializers.DateTimeField(source="transaction.created_at", read_only=True)
    account_kind = serializers.CharField(source="account.kind", read_only=True)
    franchise = serializers.IntegerField(source="account.franchise_id", read_only=True, allow_null=True)
    pool = serializers.IntegerField(source="account.pool_id", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "transaction",
            "kind",
            "memo",
            "created_at",
            "pool",
            "account_kind",
            "franchise",
            "period",
            "amount",
        ]


class ClickSerializer(serializers.ModelSerializer):
    class Meta:
        model = Click
        fields = [
            "id",
            "pool",
            "keyword",
            "keyword_text",
            "match_type",
            "franchise",
            "location",
            "created_at",
            "click_id",
            "device",
            "geo_criteria_id",
            "place",
            "is_bot",
        ]


class LeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lead
        fields = [
            "id",
            "brand",
            "franchise",
            "location",
            "click",
            "keyword",
            "created_at",
            "status",
            "revenue",
            "won_at",
            "name",
            "email",
            "phone",
            "message",
            "consent",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_term",
            "utm_content",
            "click_ref",
        ]


class LeadUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LeadStatus.choices)
    revenue = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)


class FranchiseCloseSerializer(serializers.Serializer):
    settlement = serializers.ChoiceField(
        choices=Settlement.choices, help_text="refund: back to the franchisee; pool: to the franchisor's account"
    )
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SettledBalanceSerializer(serializers.Serializer):
    pool = serializers.IntegerField(source="pool.pk")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class FranchiseClosureSerializer(serializers.ModelSerializer):
    settled = SettledBalanceSerializer(many=True, read_only=True)

    class Meta:
        model = FranchiseClosure
        fields = ["franchise", "settlement", "reason", "closed_by", "closed_at", "settled"]
        read_only_fields = fields
