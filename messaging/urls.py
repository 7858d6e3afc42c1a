"""Pages of messages and notifications under /messages/."""

from django.urls import path

from messaging import views

urlpatterns = [
    path("", views.inbox, name="messaging-index"),
    path("new/", views.conversation_new, name="messaging-new"),
    path("<int:pk>/", views.conversation_detail, name="messaging-conversation"),
    path("notifications/", views.notifications, name="messaging-notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="messaging-notification-open"),
    path("preferences/", views.preferences, name="messaging-preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="messaging-unsubscribe"),
]
