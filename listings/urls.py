"""Pages of listings under /listings/."""

from django.urls import path

from listings import views

urlpatterns = [
    path("", views.listing_list, name="listings-home"),
    path("stores/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("stores/<int:pk>/history/", views.listing_history, name="listing-history"),
    path("stores/<int:pk>/revert/<int:revision_pk>/", views.listing_revert, name="listing-revert"),
    path("batches/", views.batch_list, name="listing-batches"),
    path("batches/<int:pk>/", views.batch_detail, name="listing-batch"),
    path("batches/<int:pk>/progress.json", views.batch_progress, name="listing-batch-progress"),
    path("batches/<int:pk>/undo/", views.batch_undo, name="listing-batch-undo"),
    path("batches/<int:pk>/retry/", views.batch_retry, name="listing-batch-retry"),
    path("items/<int:pk>/retry/", views.item_retry, name="listing-item-retry"),
    path("bulk/holiday-hours/", views.bulk_hours, name="listing-bulk-hours"),
    path("export.csv", views.export_csv, name="listing-export-csv"),
    path("import/", views.import_csv, name="listing-import"),
    path("export/<int:pk>.json", views.export_json, name="listing-export-json"),
    path("suggestions/", views.suggestion_list, name="listing-suggestions"),
    path("suggestions/<int:pk>/<str:decision>/", views.suggestion_decide, name="listing-suggestion-decide"),
    path("drifts/", views.drift_list, name="listing-drifts"),
    path("drifts/<int:pk>/<str:decision>/", views.drift_decide, name="listing-drift-decide"),
]
