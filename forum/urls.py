"""Pages of this app (filled by its issue)."""

urlpatterns: list = []
