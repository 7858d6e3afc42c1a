"""Pages of the directory side, under /listings/ (included by `listings.urls`)."""

from django.urls import path

from listings.directories import views

urlpatterns = [
    path("reviews/", views.reviews_page, name="listings-reviews"),
    path("reviews/<int:pk>/reply/", views.review_reply, name="listings-review-reply"),
    path("duplicates/", views.duplicates_page, name="listings-duplicates"),
    path("duplicates/<int:pk>/<slug:verb>/", views.duplicate_action, name="listings-duplicate-action"),
    path("categories/", views.categories_page, name="listings-categories"),
]
