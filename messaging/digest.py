"""The e-mail digest of unread notifications, per the user's preference, with an unsubscribe
link that needs no login (a signed token)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from messaging.models import Notification, NotificationPreference

SALT = "messaging.unsubscribe"
PERIODS = {
    NotificationPreference.Digest.DAILY: timedelta(days=1),
    NotificationPreference.Digest.WEEKLY: timedelta(days=7),
}


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=SALT)


def user_from_token(token: str):
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=SALT, max_age=60 * 60 * 24 * 90)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u")).first()


def users_due(now=None) -> list[int]:
    """Ids of users with unread, not yet e-mailed notifications whose digest period has passed."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    candidates = (
        get_user_model()
        .objects.filter(notifications__is_read=False, notifications__emailed_at__isnull=True, is_active=True)
        .exclude(email="")
        .distinct()
    )
    due = []
    for user in candidates.select_related("notification_preference"):
        preference = getattr(user, "notification_preference", None)
        digest = preference.digest if preference else NotificationPreference.Digest.DAILY
        if digest == NotificationPreference.Digest.NEVER:
            continue
        last = preference.last_digest_at if preference else None
        if last is None or now - last >= PERIODS[digest] - timedelta(minutes=5):
            due.append(user.pk)
    return due


@transaction.atomic
def digest_send(*, user_id: int, now=None) -> int:
    """Send one user's digest; idempotent: what was e-mailed is marked and never sent twice."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    user = get_user_model().objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    if preference.digest == NotificationPreference.Digest.NEVER:
        return 0
    items = list(Notification.objects.filter(user=user, is_read=False, emailed_at__isnull=True).order_by("created_at"))
    if not items:
        return 0
    site = settings.SITE_URL.rstrip("/")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "items": items,
            "site": site,
            "unsubscribe_url": site + reverse("messaging-unsubscribe", args=[unsubscribe_token(user)]),
        }
        subject = ngettext(
            "%(count)s new notification on the franchise platform",
            "%(count)s new notifications on the franchise platform",
            len(items),
        ) % {"count": len(items)}
        body = render_to_string("messaging/email/digest.txt", context)
    send_mail(subject, body, None, [user.email])
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(emailed_at=now)
    preference.last_digest_at = now
    preference.save(update_fields=["last_digest_at"])
    return len(items)
