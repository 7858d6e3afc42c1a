"""API routes of messages and notifications under /api/v1/messages/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from messaging.api import views

router = SimpleRouter()
router.register("messages/conversations", views.ConversationViewSet, basename="messages-conversation")
router.register("messages/contacts", views.ContactViewSet, basename="messages-contact")
router.register("messages/notifications", views.NotificationViewSet, basename="messages-notification")

urlpatterns = [
    path("messages/unread/", views.UnreadView.as_view(), name="api-messages-unread"),
    path("messages/preferences/", views.PreferenceView.as_view(), name="api-messages-preferences"),
    *router.urls,
]
