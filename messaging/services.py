"""Writes of the messaging app. The help forum (issue 6) builds its screens on these."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from franchise_platform.errors import DomainError
from messaging.models import Conversation, Message, Participant


@transaction.atomic
def conversation_start(
    *, sender, recipients, subject: str, body: str, brand, link_url: str = "", context: dict | None = None
) -> Conversation:
    """Open a conversation from `sender` to `recipients` with a first message."""
    recipients = [user for user in recipients if user.pk != sender.pk]
    if not recipients:
        raise DomainError(_("Nobody to send this to."), code="no_recipient")
    if not body.strip():
        raise DomainError(_("Write a message."), code="empty_message")
    conversation = Conversation.objects.create(
        subject=subject[:200], brand=brand, link_url=link_url[:500], context=context or {}, started_by=sender
    )
    now = timezone.now()
    Participant.objects.create(conversation=conversation, user=sender, last_read_at=now)
    Participant.objects.bulk_create([Participant(conversation=conversation, user=user) for user in recipients])
    Message.objects.create(conversation=conversation, author=sender, body=body)
    return conversation


@transaction.atomic
def message_send(*, conversation: Conversation, author, body: str) -> Message:
    if not conversation.participants.filter(user=author).exists():
        raise DomainError(_("You are not part of this conversation."), code="not_participant")
    if not body.strip():
        raise DomainError(_("Write a message."), code="empty_message")
    message = Message.objects.create(conversation=conversation, author=author, body=body)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    Participant.objects.filter(conversation=conversation, user=author).update(last_read_at=message.created_at)
    return message
