from django.urls import path
from rest_framework.routers import SimpleRouter

from network.api import views

router = SimpleRouter()
router.register("brands", views.BrandViewSet, basename="brand")
router.register("regions", views.RegionViewSet, basename="region")
router.register("franchises", views.FranchiseViewSet, basename="franchise")
router.register("locations", views.LocationViewSet, basename="location")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("capability-grants", views.CapabilityGrantViewSet, basename="capability-grant")
router.register("audit-log", views.AuditLogViewSet, basename="audit-log")

urlpatterns = [path("me/", views.MeView.as_view(), name="api-me"), *router.urls]
