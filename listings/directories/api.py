"""API of the directory-facing features: reviews (list, reply), duplicates (list, request
suppression, dismiss) and directory links (list, search a directory, link, create a listing).

Included under /api/v1/ by `listings.api.urls`.
"""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from franchise_platform.fields import ScopedPrimaryKeyRelatedField
from listings.directories import categories, permissions, selectors, services
from listings.directories.base import DIRECTORIES
from listings.models import (
    Directory,
    DirectoryCategory,
    DirectoryLink,
    DuplicateCandidate,
    DuplicateStatus,
    LinkStatus,
    Review,
)
from network.api.views import ScopedViewSet
from network.models import Brand, Role
from network.scoping import covered


# -- Serializers -------------------------------------------------------------------------------
class ReviewSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField(help_text="No reply for more than 48 hours.")

    class Meta:
        model = Review
        fields = [
            "id",
            "location",
            "directory",
            "external_review_id",
            "author",
            "rating",
            "text",
            "created_at",
            "reply_text",
            "replied_at",
            "replied_by",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, review) -> bool:
        return selectors.review_is_overdue(review)


class ReviewReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_REPLY_LENGTH)


class DuplicateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuplicateCandidate
        fields = ["id", "location", "directory", "external_id", "score", "payload", "status", "found_at"]
        read_only_fields = fields


class DirectoryLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DirectoryLink
        fields = ["id", "location", "directory", "external_id", "status", "linked_at"]
        read_only_fields = fields


class LocationDirectorySerializer(serializers.Serializer):
    location = ScopedPrimaryKeyRelatedField(selector=selectors.location_choices)
    directory = serializers.ChoiceField(choices=Directory.choices)


class DirectoryLinkCreateSerializer(LocationDirectorySerializer):
    external_id = serializers.CharField(max_length=128)


class SearchResultSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    score = serializers.DecimalField(max_digits=4, decimal_places=3)
    linked_location = serializers.IntegerField(allow_null=True, help_text="The store it is already linked to.")
    payload = serializers.JSONField(help_text="What the directory shows, in the canonical listing format.")


class DirectoryCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = DirectoryCategory
        fields = ["id", "brand", "name", "google_id", "facebook_id", "pagesjaunes_code"]
        read_only_fields = fields


def administered_brands(*, user):
    return Brand.objects.filter(covered(user, brand="pk", roles=[Role.FRANCHISOR_ADMIN]))


class DirectoryCategoryInputSerializer(serializers.Serializer):
    brand = ScopedPrimaryKeyRelatedField(selector=administered_brands, help_text="A brand you administer.")
    name = serializers.CharField(max_length=120)
    google_id = serializers.CharField(max_length=120, required=False, allow_blank=True, help_text="categories/gcid:...")
    facebook_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    pagesjaunes_code = serializers.CharField(max_length=40, required=False, allow_blank=True)


class DirectoryCategoryPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    google_id = serializers.CharField(max_length=120, required=False, allow_blank=True)
    facebook_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    pagesjaunes_code = serializers.CharField(max_length=40, required=False, allow_blank=True)


# -- Filters -----------------------------------------------------------------------------------
class ReviewFilter(django_filters.FilterSet):
    location = django_filters.NumberFilter(field_name="location_id")
    directory = django_filters.ChoiceFilter(choices=Directory.choices)
    answered = django_filters.BooleanFilter(method="filter_answered")

    class Meta:
        model = Review
        fields = ["location", "directory", "rating", "answered"]

    def filter_answered(self, queryset, name, value):
        return queryset.exclude(reply_text="") if value else queryset.filter(reply_text="")


class DuplicateFilter(django_filters.FilterSet):
    location = django_filters.NumberFilter(field_name="location_id")
    directory = django_filters.ChoiceFilter(choices=Directory.choices)
    status = django_filters.ChoiceFilter(choices=DuplicateStatus.choices)

    class Meta:
        model = DuplicateCandidate
        fields = ["location", "directory", "status"]


class DirectoryLinkFilter(django_filters.FilterSet):
    location = django_filters.NumberFilter(field_name="location_id")
    directory = django_filters.ChoiceFilter(choices=Directory.choices)
    status = django_filters.ChoiceFilter(choices=LinkStatus.choices)

    class Meta:
        model = DirectoryLink
        fields = ["location", "directory", "status"]


# -- Views -------------------------------------------------------------------------------------
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.review_list)
    serializer_class = ReviewSerializer
    input_serializers = {"reply": ReviewReplySerializer}
    object_checks = {"reply": permissions.check_reply_review}
    filterset_class = ReviewFilter
    ordering_fields = ["created_at", "rating"]

    @extend_schema(request=ReviewReplySerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        review = self.get_object()
        data = self._input()
        return self._output(services.review_reply(user=request.user, review=review, text=data["text"]))


class DuplicateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.duplicate_list)
    serializer_class = DuplicateSerializer
    object_checks = {
        "request_suppression": permissions.check_manage_duplicate,
        "dismiss": permissions.check_manage_duplicate,
    }
    filterset_class = DuplicateFilter
    ordering_fields = ["score", "found_at"]

    @extend_schema(request=None, responses=DuplicateSerializer)
    @action(detail=True, methods=["post"], url_path="request-suppression")
    def request_suppression(self, request, pk=None):
        duplicate = self.get_object()
        return self._output(services.duplicate_request_suppression(user=request.user, duplicate=duplicate))

    @extend_schema(request=None, responses=DuplicateSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        duplicate = self.get_object()
        return self._output(services.duplicate_dismiss(user=request.user, duplicate=duplicate))


class DirectoryLinkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.directory_link_list)
    serializer_class = DirectoryLinkSerializer
    input_serializers = {
        "create": DirectoryLinkCreateSerializer,
        "search": LocationDirectorySerializer,
        "create_listing": LocationDirectorySerializer,
    }
    filterset_class = DirectoryLinkFilter
    ordering_fields = ["linked_at", "directory"]

    @extend_schema(
        request=DirectoryLinkCreateSerializer,
        responses={201: DirectoryLinkSerializer},
        description="Link a store to its existing listing on a directory.",
    )
    def create(self, request):
        data = self._input()
        link = services.directory_link(
            user=request.user, location=data["location"], directory=data["directory"], external_id=data["external_id"]
        )
        return self._output(link, status.HTTP_201_CREATED)

    @extend_schema(
        request=LocationDirectorySerializer,
        responses=SearchResultSerializer(many=True),
        description="Listings on the directory that may be the store (name, address, phone), best first.",
    )
    @action(detail=False, methods=["post"])
    def search(self, request):
        data = self._input()
        found = services.directory_search(user=request.user, location=data["location"], directory=data["directory"])
        return Response(SearchResultSerializer(found, many=True).data)

    @extend_schema(
        request=LocationDirectorySerializer,
        responses={201: DirectoryLinkSerializer},
        description="Create the store's listing on the directory and link it.",
    )
    @action(detail=False, methods=["post"], url_path="create-listing")
    def create_listing(self, request):
        data = self._input()
        link = services.directory_create(user=request.user, location=data["location"], directory=data["directory"])
        return self._output(link, status.HTTP_201_CREATED)


def _check_category(user, category) -> None:
    categories.check_manage_categories(user, category.brand)


class DirectoryCategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The category lookup of the brands you administer: our category names and their ids on
    Google, Facebook and Pages Jaunes, used when a listing's categories are written."""

    selector = staticmethod(categories.category_list)
    serializer_class = DirectoryCategorySerializer
    input_serializers = {"create": DirectoryCategoryInputSerializer, "partial_update": DirectoryCategoryPatchSerializer}
    object_checks = {"partial_update": _check_category, "destroy": _check_category}
    ordering_fields = ["name"]

    @extend_schema(request=DirectoryCategoryInputSerializer, responses={201: DirectoryCategorySerializer})
    def create(self, request):
        data = self._input()
        return self._output(categories.category_save(user=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=DirectoryCategoryPatchSerializer, responses=DirectoryCategorySerializer)
    def partial_update(self, request, pk=None):
        category = self.get_object()
        data = self._input()
        values = {
            key: data.get(key, getattr(category, key))
            for key in ("name", "google_id", "facebook_id", "pagesjaunes_code")
        }
        return self._output(
            categories.category_save(user=request.user, brand=category.brand, category=category, **values)
        )

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request, pk=None):
        categories.category_delete(user=request.user, category=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


assert set(DIRECTORIES) == set(Directory.values)

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")
router.register("duplicates", DuplicateViewSet, basename="duplicate")
router.register("directory-links", DirectoryLinkViewSet, basename="directory-link")
router.register("directory-categories", DirectoryCategoryViewSet, basename="directory-category")
urlpatterns = router.urls
