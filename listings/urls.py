"""Pages of this app (filled by its issue)."""

from django.urls import include, path

urlpatterns: list = [path("", include("listings.directories.urls"))]
