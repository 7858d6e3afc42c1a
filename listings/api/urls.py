"""API routes of this app under /api/v1/ (filled by its issue)."""

from django.urls import include, path

urlpatterns: list = [path("", include("listings.directories.api"))]
