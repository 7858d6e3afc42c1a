from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from franchise_platform import stored_text
from franchise_platform.fields import ScopedPrimaryKeyRelatedField
from listings import selectors
from listings.models import Listing, ListingDrift, ListingRevision, ListingSuggestion, SyncBatch, SyncItem, SyncJob
from listings.payload import FIELDS


class StoredTextField(serializers.CharField):
    """A stored message, in the reader's language."""

    def to_representation(self, value):
        return stored_text.render(value)


class ListingSerializer(serializers.Serializer):
    location = serializers.IntegerField(source="location_id")
    payload = serializers.JSONField()
    sync_status = serializers.CharField()
    sync_reason = serializers.CharField(help_text="What happened, in the request's language.")
    sync_reason_code = serializers.CharField()
    sync_problems = serializers.ListField(child=serializers.DictField())
    current_revision = serializers.IntegerField(source="current_revision.number", allow_null=True)
    published_revision = serializers.IntegerField(source="published_revision.number", allow_null=True, default=None)
    pending_suggestions = serializers.IntegerField()


class ListingPatchSerializer(serializers.Serializer):
    """Any subset of the canonical payload's fields (photos are uploaded on their own)."""

    name = serializers.CharField(required=False, allow_blank=True)
    address = serializers.DictField(required=False)
    phone = serializers.CharField(required=False, allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True)
    categories = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    latitude = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    longitude = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    regular_hours = serializers.ListField(child=serializers.JSONField(), required=False)
    special_hours = serializers.ListField(child=serializers.JSONField(), required=False)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(FIELDS)
        if unknown or "photos" in self.initial_data:
            raise serializers.ValidationError(
                {field: ["Unknown or read-only field."] for field in unknown or {"photos"}}
            )
        if not attrs:
            raise serializers.ValidationError({"detail": "Nothing to change."})
        return attrs


class ListingPatchResultSerializer(ListingSerializer):
    revision = serializers.IntegerField(allow_null=True)
    suggestion = serializers.IntegerField(allow_null=True)
    sync_batch = serializers.IntegerField(allow_null=True)


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class PersonField(serializers.StringRelatedField):
    """Who did it, or null when nobody (or a deleted account)."""


@extend_schema_serializer(component_name="ListingRevision")
class RevisionSerializer(serializers.ModelSerializer):
    location = serializers.IntegerField(source="listing.location_id")
    created_by = PersonField()

    class Meta:
        model = ListingRevision
        fields = ["id", "location", "number", "kind", "created_by", "created_at", "fields", "diff", "note"]


@extend_schema_serializer(component_name="ListingRevisionDetail")
class RevisionDetailSerializer(RevisionSerializer):
    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "payload"]


@extend_schema_serializer(component_name="ListingSuggestion")
class SuggestionSerializer(serializers.ModelSerializer):
    location = serializers.IntegerField(source="listing.location_id")
    created_by = PersonField()
    decided_by = PersonField()

    class Meta:
        model = ListingSuggestion
        fields = [
            "id",
            "location",
            "created_by",
            "created_at",
            "fields",
            "diff",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "revision",
        ]


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class JobSerializer(serializers.ModelSerializer):
    error = serializers.CharField(source="error_text", help_text="What went wrong, in the request's language.")
    error_code = serializers.CharField(source="error")

    class Meta:
        model = SyncJob
        fields = ["directory", "external_id", "status", "error", "error_code", "unsupported_fields", "requests"]


class ItemSerializer(serializers.ModelSerializer):
    location_name = serializers.CharField(source="location.name")
    revision = serializers.IntegerField(source="revision.number")
    jobs = JobSerializer(many=True)
    reason = serializers.CharField(source="reason_text", help_text="What happened, in the request's language.")
    reason_code = serializers.CharField(source="reason")
    problems = serializers.SerializerMethodField()

    class Meta:
        model = SyncItem
        fields = [
            "id",
            "location",
            "location_name",
            "revision",
            "status",
            "reason",
            "reason_code",
            "problems",
            "attempts",
            "jobs",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_problems(self, item) -> list[dict]:
        return problems_out(item.problems)


class BatchSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()
    label = StoredTextField(read_only=True)

    class Meta:
        model = SyncBatch
        fields = [
            "id",
            "brand",
            "label",
            "kind",
            "all_or_nothing",
            "status",
            "created_by",
            "created_at",
            "finished_at",
            "undo_of",
        ]


class BatchDetailSerializer(BatchSerializer):
    items = ItemSerializer(many=True)

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "items"]


@extend_schema_serializer(component_name="SyncBatchProgress")
class ProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    locations = serializers.DictField(child=serializers.IntegerField())
    directories = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    finished_at = serializers.CharField(allow_null=True)


class DriftSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListingDrift
        fields = ["id", "location", "directory", "fields", "theirs", "status", "found_at", "resolved_at"]


class BulkSpecialHoursSerializer(serializers.Serializer):
    locations = ScopedPrimaryKeyRelatedField(selectors.listing_location_list, many=True)
    entries = serializers.ListField(child=serializers.JSONField(), allow_empty=False)
    label = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    all_or_nothing = serializers.BooleanField(required=False, default=False)
    preview = serializers.BooleanField(required=False, default=False)


class PreviewSerializer(serializers.Serializer):
    locations = serializers.IntegerField()
    entries = serializers.ListField(child=serializers.JSONField())
    checked = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.DictField())


def problems_out(problems) -> list[dict]:
    from listings.directories.messages import describe

    return [
        {**problem, "message": describe(problem.get("code", ""), problem.get("params"), problem.get("directory", ""))}
        for problem in problems or []
    ]


def listing_out(listing: Listing, **extra) -> dict:
    from listings.services import current_payload

    data = {
        "location": listing.location_id,
        "payload": current_payload(listing),
        "sync_status": listing.sync_status,
        "sync_reason": listing.sync_reason_text,
        "sync_reason_code": listing.sync_reason,
        "sync_problems": problems_out(listing.sync_problems),
        "current_revision": listing.current_revision.number if listing.current_revision_id else None,
        "published_revision": listing.published_revision.number if listing.published_revision_id else None,
        "pending_suggestions": listing.suggestions.filter(status="pending").count(),
    }
    data.update(extra)
    return data
