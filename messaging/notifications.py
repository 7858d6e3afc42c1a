"""Putting items in people's bells. Other apps call `notify`; e-mail comes later as a digest."""

from collections.abc import Iterable

from franchise_platform import stored_text
from messaging.models import Notification


def notify(*, users: Iterable, kind: str, title: str | dict, url: str = "", exclude=None) -> int:
    """One unread notification per distinct active user (minus `exclude`). The title is a stored
    message (`stored_text.message(...)`), so each reader sees it in their own language."""
    title = stored_text.dumps(title, 300) if isinstance(title, dict) else title[:300]
    seen = {exclude.pk} if exclude is not None else set()
    rows = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, kind=kind, title=title, url=url[:500]))
    Notification.objects.bulk_create(rows)
    return len(rows)
