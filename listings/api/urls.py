"""API routes of listings under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from listings.api import views

router = SimpleRouter()
router.register("listing-revisions", views.RevisionViewSet, basename="listing-revision")
router.register("listing-suggestions", views.SuggestionViewSet, basename="listing-suggestion")
router.register("sync-batches", views.BatchViewSet, basename="sync-batch")
router.register("sync-items", views.ItemViewSet, basename="sync-item")
router.register("listing-drifts", views.DriftViewSet, basename="listing-drift")

urlpatterns = [
    path("locations/<int:pk>/listing/", views.ListingView.as_view(), name="api-location-listing"),
    path("listings/bulk-special-hours/", views.BulkSpecialHoursView.as_view(), name="api-listings-bulk-hours"),
    path("listings/export/<int:pk>/", views.BrandExportView.as_view(), name="api-listings-export"),
    *router.urls,
    path("", include("listings.directories.api")),
]
