from django.urls import path

from privacy.api import views

urlpatterns = [
    path("privacy/leads/<int:pk>/export/", views.LeadExportView.as_view(), name="privacy-lead-export"),
    path("privacy/leads/<int:pk>/erase/", views.LeadEraseView.as_view(), name="privacy-lead-erase"),
]
