"""API routes of the reports under /api/v1/."""

from django.urls import path

from reporting.api.views import PerformanceView

urlpatterns = [path("reports/performance/", PerformanceView.as_view(), name="api-reports-performance")]
