"""The bell: unread notifications and messages, for templates/base.html's user menu
(`{% include "messaging/_bell.html" %}`)."""

from django.utils.functional import SimpleLazyObject

from messaging import selectors


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(lambda: selectors.unread_notification_count(user=user)),
        "unread_messages": SimpleLazyObject(lambda: selectors.unread_message_count(user=user)),
    }
