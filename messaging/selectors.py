from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from messaging.models import Conversation, Message, Notification, Participant
from network.models import Level, Membership
from network.selectors import people_list


def conversation_list(*, user) -> QuerySet[Conversation]:
    """The conversations the user takes part in, with their unread count."""
    seat = Participant.objects.filter(conversation_id=OuterRef("pk"), user_id=user.pk)
    return (
        Conversation.objects.filter(Exists(seat))
        .annotate(
            unread=Count(
                "messages",
                filter=~Q(messages__author_id=user.pk)
                & (
                    Q(participants__user_id=user.pk, participants__last_read_at__isnull=True)
                    | Q(participants__user_id=user.pk, messages__created_at__gt=F("participants__last_read_at"))
                ),
                distinct=True,
            )
        )
        .order_by("-last_message_at", "-id")
    )


def message_list(*, user) -> QuerySet[Message]:
    return Message.objects.filter(conversation_id__in=conversation_list(user=user).values("pk")).select_related(
        "author"
    )


def unread_message_count(*, user) -> int:
    """Conversations with at least one message the user has not read."""
    if not user.is_authenticated:
        return 0
    return conversation_list(user=user).filter(unread__gt=0).count()


def contact_list(*, user) -> QuerySet:
    """People the user may write to: those in the part of the network they cover (a
    franchisee: their own franchise), and the managers above them (region manager, head office)."""
    mine = Membership.objects.filter(user_id=user.pk)
    above = Membership.objects.filter(user_id=OuterRef("pk")).filter(
        Q(level=Level.BRAND, brand_id__in=mine.values("brand_id"))
        | Q(level=Level.REGION, region_id__in=mine.exclude(region_id=None).values("region_id"))
    )
    below = people_list(user=user).values("pk")
    return get_user_model().objects.filter(Q(pk__in=below) | Q(Exists(above)), is_active=True).exclude(pk=user.pk)


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user.pk)


def unread_notification_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, is_read=False).count()
