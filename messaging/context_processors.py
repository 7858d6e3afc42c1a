"""The bell: unread notifications and messages, for templates/base.html's user menu
(`{% include "messaging/_bell.html" %}`)."""

from functools import cache

from messaging import selectors


def notifications(request):
    """Counts computed on first use and once per request. They are plain callables, which the
    template engine calls and gets an `int` from: a lazy proxy object would reach the plural
    formula of `{% blocktranslate count %}` unevaluated (French computes `n % 1000000`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": cache(lambda: selectors.unread_notification_count(user=user)),
        "unread_messages": cache(lambda: selectors.unread_message_count(user=user)),
    }
