"""Putting items in people's bells. Other apps call `notify`; e-mail comes later as a digest."""

from collections.abc import Iterable

from messaging.models import Notification


def notify(*, users: Iterable, kind: str, title: str, url: str = "", exclude=None) -> int:
    """One unread notification per distinct active user (minus `exclude`)."""
    seen = {exclude.pk} if exclude is not None else set()
    rows = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, kind=kind, title=title[:300], url=url[:500]))
    Notification.objects.bulk_create(rows)
    return len(rows)
