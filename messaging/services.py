"""Writes of the messaging app: conversations, messages, notifications and their e-mail digest.

`conversation_start` is also called by the reports ("ask about this KPI"): keep its signature.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from forum.ratelimit import hit
from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from messaging.models import Conversation, Message, Notification, NotificationPreference, Participant
from messaging.notifications import notify
from network.models import Membership

MAX_RECIPIENTS = 8
MAX_BODY = 10_000


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a message."), code="empty_message")
    if len(body) > MAX_BODY:
        raise DomainError(_("The message is too long."), code="message_too_long")
    return body


def _link(link_url: str) -> str:
    # Only links inside the platform: a conversation never carries a javascript: or foreign URL.
    link_url = (link_url or "").strip()
    site = settings.SITE_URL.rstrip("/")
    if site and link_url.startswith(site + "/"):
        link_url = link_url[len(site) :]
    if link_url and not (link_url.startswith("/") and not link_url.startswith("//")):
        raise DomainError(_("The link must be a page of the platform."), code="bad_link")
    return link_url[:500]


def _notify_message(conversation, author, users) -> None:
    notify(
        users=users,
        kind=Notification.Kind.MESSAGE,
        title=stored_text.message(
            gettext_noop("%(name)s wrote to you: “%(subject)s”"),
            name=str(author),
            subject=stored_text.as_param(conversation.subject),
        ),
        url=reverse("messaging-conversation", args=[conversation.pk]),
        exclude=author,
    )


@transaction.atomic
def conversation_start(
    *, sender, recipients, subject: str, body: str, brand, link_url: str = "", context: dict | None = None
) -> Conversation:
    """Open a conversation from `sender` to `recipients` with a first message."""
    from messaging.selectors import contact_list

    recipients = list({user.pk: user for user in recipients if user.pk != sender.pk}.values())
    if not recipients:
        raise DomainError(_("Nobody to send this to."), code="no_recipient")
    if len(recipients) > MAX_RECIPIENTS:
        raise DomainError(_("A conversation has at most %(n)s recipients.") % {"n": MAX_RECIPIENTS}, code="too_many")
    body = _clean(body)
    subject = (subject or "").strip()
    if not subject:
        raise DomainError(_("Give the conversation a subject."), code="empty_subject")
    if not (sender.is_superuser or Membership.objects.filter(user_id=sender.pk, brand=brand).exists()):
        raise DomainError(_("Unknown brand."), code="unknown_brand")
    allowed = set(contact_list(user=sender).filter(pk__in=[u.pk for u in recipients]).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in recipients):
        raise DomainError(_("You cannot write to one of these people."), code="recipient_out_of_scope")
    hit(sender, "message")
    conversation = Conversation.objects.create(
        subject=subject[:200], brand=brand, link_url=_link(link_url), context=context or {}, started_by=sender
    )
    now = timezone.now()
    Participant.objects.create(conversation=conversation, user=sender, last_read_at=now)
    Participant.objects.bulk_create([Participant(conversation=conversation, user=user) for user in recipients])
    Message.objects.create(conversation=conversation, author=sender, body=body)
    _notify_message(conversation, sender, recipients)
    return conversation


@transaction.atomic
def message_send(*, conversation: Conversation, author, body: str) -> Message:
    if not conversation.participants.filter(user=author).exists():
        raise DomainError(_("You are not part of this conversation."), code="not_participant")
    body = _clean(body)
    hit(author, "message")
    message = Message.objects.create(conversation=conversation, author=author, body=body)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    Participant.objects.filter(conversation=conversation, user=author).update(last_read_at=message.created_at)
    others = [seat.user for seat in conversation.participants.select_related("user").exclude(user=author)]
    _notify_message(conversation, author, others)
    return message


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user) -> None:
    Participant.objects.filter(conversation=conversation, user=user).update(last_read_at=timezone.now())
    url = reverse("messaging-conversation", args=[conversation.pk])
    Notification.objects.filter(user=user, url=url, is_read=False).update(is_read=True)


@transaction.atomic
def notification_mark_read(*, user, notification: Notification | None = None) -> int:
    """One notification, or all of the user's when none is given."""
    qs = Notification.objects.filter(user_id=user.pk, is_read=False)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(is_read=True)


def preference_for(user) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def preference_update(*, user, digest: str) -> NotificationPreference:
    if digest not in NotificationPreference.Digest.values:
        raise DomainError(_("Unknown digest frequency."), code="digest")
    preference = preference_for(user)
    preference.digest = digest
    preference.save(update_fields=["digest"])
    return preference
