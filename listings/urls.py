"""Pages of listings under /listings/."""

from django.urls import include, path

from listings.views import batches, stores, tools

urlpatterns = [
    path("", stores.listing_list, name="listings-home"),
    path("stores/<int:pk>/", stores.listing_detail, name="listing-detail"),
    path("stores/<int:pk>/history/", stores.listing_history, name="listing-history"),
    path("stores/<int:pk>/revert/<int:revision_pk>/", stores.listing_revert, name="listing-revert"),
    path("batches/", batches.batch_list, name="listing-batches"),
    path("batches/<int:pk>/", batches.batch_detail, name="listing-batch"),
    path("batches/<int:pk>/progress.json", batches.batch_progress, name="listing-batch-progress"),
    path("batches/<int:pk>/undo/", batches.batch_undo, name="listing-batch-undo"),
    path("batches/<int:pk>/retry/", batches.batch_retry, name="listing-batch-retry"),
    path("items/<int:pk>/retry/", batches.item_retry, name="listing-item-retry"),
    path("bulk/holiday-hours/", tools.bulk_hours, name="listing-bulk-hours"),
    path("export.csv", tools.export_csv, name="listing-export-csv"),
    path("import/", tools.import_csv, name="listing-import"),
    path("export/<int:pk>.json", tools.export_json, name="listing-export-json"),
    path("suggestions/", tools.suggestion_list, name="listing-suggestions"),
    path("suggestions/<int:pk>/<str:decision>/", tools.suggestion_decide, name="listing-suggestion-decide"),
    path("drifts/", tools.drift_list, name="listing-drifts"),
    path("drifts/<int:pk>/<str:decision>/", tools.drift_decide, name="listing-drift-decide"),
    path("", include("listings.directories.urls")),
]
