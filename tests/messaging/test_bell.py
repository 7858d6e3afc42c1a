"""The bell in the page header: unread notifications and conversations, in both languages."""

import pytest

from messaging.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "count", "label"),
    [
        ("fr", 0, "0 notification non lue"),
        ("fr", 1, "1 notification non lue"),
        ("fr", 2, "2 notifications non lues"),
        ("fr", 5, "5 notifications non lues"),
        ("en", 1, "1 unread notification"),
        ("en", 5, "5 unread notifications"),
    ],
)
def test_every_page_shows_the_unread_count_in_the_readers_language(client, world, language, count, label):
    user = world.users["franchisee"]
    user.language = language
    user.save(update_fields=["language"])
    Notification.objects.filter(user=user).delete()
    Notification.objects.bulk_create(
        Notification(user=user, kind=Notification.Kind.REPLY, title=f"Réponse {n}", url="/help/") for n in range(count)
    )
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert f'aria-label="{label}"' in response.content.decode()


def test_two_unread_conversations_read_in_french(client, world):
    from messaging import services

    region = world.users["region"]
    region.language = "fr"
    region.save(update_fields=["language"])
    services.conversation_start(
        sender=world.users["franchisee"], recipients=[region], subject="Budget", body="Une question", brand=world.A
    )
    client.force_login(region)
    response = client.get("/messages/")
    assert response.status_code == 200
    assert 'aria-label="2 conversations non lues"' in response.content.decode()
