"""Pages of the reports, under /reports/."""

from django.urls import path

from reporting import views

urlpatterns = [
    path("", views.dashboard, name="reports"),
    path("tv/", views.tv, name="reports-tv"),
    path("export.<str:fmt>", views.export, name="reports-export"),
    path("ask/", views.ask, name="reports-ask"),
    path("goals/", views.goals, name="reports-goals"),
]
