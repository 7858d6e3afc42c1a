"""Demo conversations and notifications, in French. Idempotent (keyed by subject)."""

from django.utils import timezone

from messaging.models import Conversation, Message, Notification, Participant


def seed(network) -> None:
    """`network` is network.demo.DemoNetwork; must be idempotent."""
    users = network.users
    franchisee, region = users["franchisee"], users["region"]
    conversation, created = Conversation.objects.get_or_create(
        brand=network.brand,
        subject="Coût par lead en hausse en mars",
        defaults={
            "started_by": franchisee,
            "link_url": "/reports/",
            "context": {"indicateur": "coût par lead", "mois": "2026-03"},
        },
    )
    if created:
        Participant.objects.create(conversation=conversation, user=franchisee, last_read_at=timezone.now())
        Participant.objects.create(conversation=conversation, user=region)
        Message.objects.create(
            conversation=conversation,
            author=franchisee,
            body="Bonjour Sophie, mon coût par lead a augmenté de 20 % en mars. Est-ce la même chose ailleurs ?",
        )
        Notification.objects.create(
            user=region,
            kind=Notification.Kind.MESSAGE,
            title="Marc Gagnon vous a écrit : « Coût par lead en hausse en mars »",
            url=f"/messages/{conversation.pk}/",
        )
