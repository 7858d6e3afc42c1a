"""API routes of this app under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from budgets.api import views

router = SimpleRouter()
router.register("pools", views.PoolViewSet, basename="pool")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("ledger", views.LedgerEntryViewSet, basename="ledger-entry")
router.register("clicks", views.ClickViewSet, basename="click")
router.register("leads", views.LeadViewSet, basename="lead")

urlpatterns = [
    *router.urls,
    # Under the network's franchises: closing is what a franchise does instead of being deleted.
    path("franchises/<int:pk>/close/", views.FranchiseCloseView.as_view(), name="franchise-close"),
]
