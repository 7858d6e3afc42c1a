"""Conversations, unread counts, notifications and the e-mail digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from franchise_platform.errors import DomainError
from messaging import digest, selectors, services
from messaging.models import Notification, NotificationPreference
from messaging.tasks import send_digests

pytestmark = pytest.mark.django_db


def test_ask_about_a_kpi_opens_a_conversation_carrying_the_kpi_and_the_link(world):
    franchisee, region = world.users["franchisee"], world.users["region"]
    conversation = services.conversation_start(
        sender=franchisee,
        recipients=[region],
        subject="Cost per lead in March",
        body="Why did it rise?",
        brand=world.A,
        link_url="/reports/budgets/?month=2026-03#cpl",
        context={"kpi": "cost_per_lead", "value": "42.10"},
    )
    assert conversation.context["kpi"] == "cost_per_lead"
    assert conversation.link_url == "/reports/budgets/?month=2026-03#cpl"
    assert selectors.conversation_list(user=region).get(pk=conversation.pk).unread == 1
    assert selectors.conversation_list(user=franchisee).get(pk=conversation.pk).unread == 0
    assert Notification.objects.filter(user=region, kind="message").exists()


def test_unread_counts_fall_when_read_and_rise_on_reply(world):
    franchisee, region = world.users["franchisee"], world.users["region"]
    assert selectors.unread_message_count(user=region) == 1  # conv_A from the world
    services.conversation_mark_read(conversation=world.conv_A, user=region)
    assert selectors.unread_message_count(user=region) == 0
    services.message_send(conversation=world.conv_A, author=franchisee, body="Any news?")
    assert selectors.unread_message_count(user=region) == 1
    services.message_send(conversation=world.conv_A, author=region, body="Yes")
    assert selectors.unread_message_count(user=region) == 0
    assert selectors.unread_message_count(user=franchisee) == 1


def test_a_franchisee_writes_to_their_region_manager_and_head_office_not_to_a_neighbour(world):
    contacts = set(selectors.contact_list(user=world.users["franchisee"]))
    assert world.users["region"] in contacts and world.users["franchisor"] in contacts
    assert world.users["staff1"] in contacts
    assert world.users["franchisee2"] not in contacts and world.users["beta_admin"] not in contacts
    with pytest.raises(DomainError):
        services.conversation_start(
            sender=world.users["franchisee"],
            recipients=[world.users["franchisee2"]],
            subject="Hi",
            body="Hello",
            brand=world.A,
        )


def test_an_outside_link_is_refused(world):
    with pytest.raises(DomainError):
        services.conversation_start(
            sender=world.users["franchisee"],
            recipients=[world.users["region"]],
            subject="x",
            body="y",
            brand=world.A,
            link_url="javascript:alert(1)",
        )


def test_only_participants_write_in_a_conversation(world):
    with pytest.raises(DomainError):
        services.message_send(conversation=world.conv_A, author=world.users["franchisee2"], body="Let me in")


def test_the_digest_sends_unread_notifications_once_with_an_unsubscribe_link(world, django_capture_on_commit_callbacks):
    user = world.users["franchisee"]
    assert user.pk in digest.users_due()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() >= 1
    sent = [m for m in mail.outbox if m.to == [user.email]]
    assert len(sent) == 1 and "A reply" in sent[0].body
    token = digest.unsubscribe_token(user)
    assert token in sent[0].body
    assert digest.digest_send(user_id=user.pk) == 0  # nothing new: no second e-mail
    assert user.pk not in digest.users_due()


def test_weekly_digests_wait_a_week(world):
    user = world.users["franchisee"]
    services.preference_update(user=user, digest="weekly")
    NotificationPreference.objects.filter(user=user).update(last_digest_at=timezone.now() - timedelta(days=2))
    assert user.pk not in digest.users_due()
    assert user.pk in digest.users_due(now=timezone.now() + timedelta(days=6))


def test_the_unsubscribe_link_turns_the_digest_off_without_logging_in(world, client):
    user = world.users["franchisee"]
    url = f"/messages/unsubscribe/{digest.unsubscribe_token(user)}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert NotificationPreference.objects.get(user=user).digest == "never"
    assert user.pk not in digest.users_due()
    assert client.get("/messages/unsubscribe/forged-token/").status_code == 404


def test_a_full_platform_link_is_kept_as_a_path(world, settings):
    settings.SITE_URL = "https://app.example.test"
    conversation = services.conversation_start(
        sender=world.users["franchisee"],
        recipients=[world.users["region"]],
        subject="x",
        body="y",
        brand=world.A,
        link_url="https://app.example.test/reports/kpi/?m=3",
    )
    assert conversation.link_url == "/reports/kpi/?m=3"


def test_the_bell_api_counts_unread_items(world):
    from tests.world import client_for

    body = client_for(world, "region").get("/api/v1/messages/unread/").json()
    assert body == {"notifications": 1, "conversations": 1}
