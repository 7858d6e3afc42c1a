from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from messaging.models import Conversation, Participant


def conversation_list(*, user) -> QuerySet[Conversation]:
    """The conversations the user takes part in, with their unread count."""
    seat = Participant.objects.filter(conversation_id=OuterRef("pk"), user_id=user.pk)
    return Conversation.objects.filter(Exists(seat)).annotate(
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
