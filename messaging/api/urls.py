"""API routes of this app under /api/v1/ (filled by its issue)."""

urlpatterns: list = []
