"""API of listings: the listing of a store, its revisions, suggestions, sync batches, drifts and
the bulk holiday-hours tool. Reads through selectors (scoped), writes through services."""

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from franchise_platform.errors import DomainError
from listings import bulk, permissions, selectors, services
from listings.api import serializers as s
from listings.models import ListingDrift, ListingRevision, ListingSuggestion
from listings.sync import batches, verify
from network.api.views import ScopedViewSet
from network.models import Brand, Role
from network.scoping import node_covered, visible_brands


def _location(request, pk):
    location = selectors.listing_location_list(user=request.user).filter(pk=pk).first()
    if location is None:
        raise Http404
    return location


class ListingView(APIView):
    """The listing of one store: its canonical data and sync state; PATCH any subset of fields."""

    @extend_schema(responses=s.ListingSerializer)
    def get(self, request, pk: int):
        listing = services.listing_for(_location(request, pk))
        return Response(s.listing_out(listing))

    @extend_schema(request=s.ListingPatchSerializer, responses=s.ListingPatchResultSerializer)
    def patch(self, request, pk: int):
        location = _location(request, pk)
        permissions.check_edit_any(request.user, location)
        serializer = s.ListingPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {field: request.data[field] for field in serializer.validated_data}
        result = services.listing_update(location=location, data=data, user=request.user)
        listing = services.listing_for(location)
        extra = {"revision": None, "suggestion": None, "sync_batch": None}
        if isinstance(result, ListingSuggestion):
            extra["suggestion"] = result.pk
        elif result is not None:
            extra["revision"] = result.number
            item = result.listing.location.sync_items.filter(revision=result).first()
            extra["sync_batch"] = item.batch_id if item else None
        return Response(s.listing_out(listing, **extra))


class RevisionFilter(django_filters.FilterSet):
    location = django_filters.NumberFilter(field_name="listing__location")

    class Meta:
        model = ListingRevision
        fields = ["location", "kind"]


class RevisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.revision_list)
    serializer_class = s.RevisionSerializer
    filterset_class = RevisionFilter
    ordering_fields = ["created_at", "number"]
    object_checks = {"revert": lambda user, revision: permissions.check_edit_any(user, revision.listing.location)}

    def get_serializer_class(self):
        return s.RevisionDetailSerializer if self.action == "retrieve" else s.RevisionSerializer

    @extend_schema(request=None, responses={201: s.RevisionSerializer})
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        revision = self.get_object()
        new = services.listing_revert(location=revision.listing.location, revision=revision, user=request.user)
        if new is None:
            raise DomainError(_("The listing already matches this revision."), code="unchanged")
        return Response(s.RevisionSerializer(new).data, status=status.HTTP_201_CREATED)


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.suggestion_list)
    serializer_class = s.SuggestionSerializer
    input_serializers = {"approve": s.DecisionSerializer, "reject": s.DecisionSerializer}
    filterset_fields = ["status"]
    ordering_fields = ["created_at"]
    object_checks = {"approve": permissions.check_decide_suggestion, "reject": permissions.check_decide_suggestion}

    @extend_schema(request=s.DecisionSerializer, responses=s.SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        suggestion = self.get_object()
        data = self._input()
        services.suggestion_approve(suggestion=suggestion, user=request.user, note=data["note"])
        return self._output(ListingSuggestion.objects.get(pk=suggestion.pk))

    @extend_schema(request=s.DecisionSerializer, responses=s.SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        suggestion = self.get_object()
        data = self._input()
        return self._output(services.suggestion_reject(suggestion=suggestion, user=request.user, note=data["note"]))


class BatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.batch_list)
    serializer_class = s.BatchSerializer
    filterset_fields = ["status", "kind", "brand"]
    ordering_fields = ["created_at"]
    object_checks = {"undo": permissions.check_manage_batch, "retry": permissions.check_manage_batch}

    def get_serializer_class(self):
        return s.BatchDetailSerializer if self.action == "retrieve" else s.BatchSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            # The stores listed are those the requester may see, like the lists themselves.
            visible = (
                selectors.item_list(user=self.request.user).select_related(None).select_related("location", "revision")
            )
            qs = qs.prefetch_related(Prefetch("items", queryset=visible.prefetch_related("jobs").order_by("id")))
        return qs

    @extend_schema(responses=s.ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        batch = self.get_object()
        return Response(batches.batch_progress(batch, selectors.batch_item_list(user=request.user, batch=batch)))

    @extend_schema(request=None, responses={201: s.BatchSerializer})
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        undo = batches.batch_undo(batch=self.get_object(), user=request.user)
        return Response(s.BatchSerializer(undo).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: s.BatchSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        retry = batches.batch_retry(batch=self.get_object(), user=request.user)
        return Response(s.BatchSerializer(retry).data, status=status.HTTP_201_CREATED)


class ItemViewSet(ScopedViewSet):
    """A location of a sync batch; POST retry to push it again after a rollback."""

    selector = staticmethod(selectors.item_list)
    serializer_class = s.ItemSerializer
    object_checks = {"retry": permissions.check_manage_item}

    @extend_schema(request=None, responses={201: s.BatchSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        retry = batches.item_retry(item=self.get_object(), user=request.user)
        return Response(s.BatchSerializer(retry).data, status=status.HTTP_201_CREATED)


class DriftViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.drift_list)
    serializer_class = s.DriftSerializer
    filterset_fields = ["status", "directory", "location"]
    ordering_fields = ["found_at"]
    object_checks = {
        "republish": lambda user, drift: permissions.check_edit_fields(user, drift.location, drift.fields),
        "accept": lambda user, drift: permissions.check_edit_fields(user, drift.location, drift.fields),
    }

    @extend_schema(request=None, responses=s.DriftSerializer)
    @action(detail=True, methods=["post"])
    def republish(self, request, pk=None):
        drift = self.get_object()
        verify.drift_republish(drift=drift, user=request.user)
        return self._output(ListingDrift.objects.get(pk=drift.pk))

    @extend_schema(request=None, responses=s.DriftSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        drift = self.get_object()
        verify.drift_accept(drift=drift, user=request.user)
        return self._output(ListingDrift.objects.get(pk=drift.pk))


class BulkSpecialHoursView(APIView):
    """Holiday hours for many stores at once; `preview` asks the directories' dry run first."""

    @extend_schema(request=s.BulkSpecialHoursSerializer, responses={200: s.PreviewSerializer, 201: s.BatchSerializer})
    def post(self, request):
        serializer = s.BulkSpecialHoursSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["preview"]:
            return Response(bulk.bulk_preview(user=request.user, locations=data["locations"], entries=data["entries"]))
        batch = bulk.bulk_special_hours(
            user=request.user,
            locations=data["locations"],
            entries=data["entries"],
            label=data["label"],
            all_or_nothing=data["all_or_nothing"],
        )
        return Response(s.BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


EXPORTERS = [Role.FRANCHISOR_ADMIN, Role.LISTINGS_EDITOR]


class BrandExportView(APIView):
    """Every listing of a brand with its history, as JSON (the data stays the customer's)."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk: int):
        brand = Brand.objects.filter(visible_brands(request.user)).filter(pk=pk).first()
        if brand is None:
            raise Http404
        if not node_covered(request.user, brand, EXPORTERS):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        locations = selectors.listing_location_list(user=request.user).filter(brand=brand)
        return Response(bulk.export_brand_json(brand=brand, locations=locations))
