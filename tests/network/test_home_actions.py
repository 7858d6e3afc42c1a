"""The home page asks for action (issue 14, item 3): each role sees what waits for them, newest
first, each item linking to where it is done; the neighbour's items never show; the number of
queries does not grow with the data."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from budgets.models import Lead
from listings.models import Listing, ListingDrift, ListingSuggestion, Review, SyncStatus
from listings.services import listing_for
from messaging.models import Conversation, Message, Participant
from network.actions import actions_for
from reporting.models import Goal

NOW = datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_clock():
    """Before the world is built: "48 hours" and "a day" are counted from here."""
    with time_machine.travel(NOW, tick=False):
        yield


def kinds(world, name, language="en") -> dict[str, list[str]]:
    with translation.override(language):
        actions, _more = actions_for(world.users[name])
    found: dict[str, list[str]] = {}
    for action in actions:
        found.setdefault(action.kind, []).append(action.title)
    return found


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def old_lead(world, franchise, name, hours):
    return Lead.objects.create(
        brand=franchise.brand,
        franchise=franchise,
        name=name,
        phone="+15145550111",
        created_at=NOW - datetime.timedelta(hours=hours),
    )


@pytest.fixture
def waiting(world):
    """One item of every kind in franchise F1 (store L1), and their neighbours elsewhere."""
    Listing.objects.filter(location=world.L1).update(
        sync_status=SyncStatus.NEEDS_ATTENTION, sync_reason="Google: refusé"
    )
    Listing.objects.filter(pk=listing_for(world.L2).pk).update(sync_status=SyncStatus.ROLLED_BACK)
    old_lead(world, world.F1, "Léa Tremblay", 30)
    old_lead(world, world.F1, "Appel récent", 2)  # came in two hours ago: not late yet
    old_lead(world, world.F2, "Voisin", 30)
    Goal.objects.create(
        brand=world.A,
        metric="leads",
        period_start=NOW.date().replace(day=1),
        period_end=datetime.date(2026, 11, 30),
        target=Decimal(600),
    )
    question = Conversation.objects.create(
        subject="Question sur Prospects · F1",
        brand=world.A,
        context={"kind": "kpi", "metric": "leads"},
        started_by=world.users["region"],
    )
    Participant.objects.create(conversation=question, user=world.users["region"], last_read_at=timezone.now())
    Participant.objects.create(conversation=question, user=world.users["franchisee"])
    Message.objects.create(conversation=question, author=world.users["region"], body="Pourquoi si peu ?")
    return question


EXPECTED = {
    # role: the kinds of action that wait for them with the fixture above
    "franchisor": {"approval", "sync", "drift", "review", "goal"},
    "marketing": {"goal"},
    "region": {"approval", "sync", "drift", "review"},
    "listings": {"approval", "sync", "drift", "review"},
    "franchisee": {"sync", "drift", "review", "pledge", "lead", "question"},
    "franchisee2": {"sync", "review", "pledge", "lead"},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_what_waits_for_them(world, waiting, role):
    assert set(kinds(world, role)) == EXPECTED[role]


def test_a_franchisee_sees_only_their_own_franchises_items(world, waiting):
    mine = kinds(world, "franchisee")
    assert mine["lead"] == ["Lead to call back: Léa Tremblay"]
    assert all(world.L1.name in title for title in mine["sync"] + mine["review"])
    assert kinds(world, "franchisee2")["lead"] == ["Lead to call back: Voisin"]


def test_a_change_waiting_for_approval_is_for_the_approvers_not_its_author(world, waiting):
    assert ListingSuggestion.objects.filter(pk=world.sug_L1.pk, created_by=world.users["franchisee"]).exists()
    assert "approval" not in kinds(world, "franchisee")
    assert kinds(world, "region")["approval"] == [f"Change to approve: {world.L1.name}"]


def test_a_kpi_behind_its_goal_is_shown_and_one_on_track_is_not(world, waiting):
    assert [title.split(":")[0] for title in kinds(world, "franchisor")["goal"]] == ["Leads behind its goal"]
    Goal.objects.update(target=Decimal(0))
    assert "goal" not in kinds(world, "franchisor")


def test_a_question_once_read_no_longer_waits(world, waiting):
    Participant.objects.filter(conversation=waiting, user=world.users["franchisee"]).update(last_read_at=timezone.now())
    assert "question" not in kinds(world, "franchisee")


def test_a_drift_accepted_or_a_review_answered_leaves_the_list(world, waiting):
    ListingDrift.objects.filter(pk=world.drift_L1.pk).update(status="accepted")
    Review.objects.filter(pk=world.review_L1.pk).update(reply_text="Merci !", replied_at=NOW)
    found = kinds(world, "franchisee")
    assert "drift" not in found and "review" not in found


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_item_links_to_a_page_the_user_may_open_and_the_list_is_newest_first(world, waiting, role):
    actions, _more = actions_for(world.users[role])
    client = login(world, role)
    home = client.get("/").content.decode()
    assert all(f'data-action-kind="{kind}"' in home for kind in EXPECTED[role])
    assert [a.when for a in actions] == sorted((a.when for a in actions), reverse=True)
    for action in actions:  # opening a question marks it read: the home page is checked first
        assert client.get(action.url).status_code == 200, (action.kind, action.url)


def test_nothing_waiting_says_so(world):
    ListingSuggestion.objects.all().delete()
    ListingDrift.objects.all().delete()
    Review.objects.all().delete()
    assert "data-empty" in login(world, "marketing").get("/").content.decode()


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("role", ["franchisor", "franchisee"])
def test_the_home_page_makes_as_many_queries_with_ten_times_the_data(world, waiting, role):
    client = login(world, role)
    _home_queries(client)  # warm the per-process caches (content types, permissions)
    before = _home_queries(client)
    for n in range(12):
        old_lead(world, world.F1, f"Prospect {n}", 40 + n)
        ListingDrift.objects.create(location=world.L1, directory="facebook", fields=["phone"], theirs={"phone": "+1"})
        Review.objects.create(
            location=world.L1,
            directory="facebook",
            external_review_id=f"extra-{n}",
            rating=3,
            created_at=NOW - datetime.timedelta(days=3 + n),
        )
        ListingSuggestion.objects.create(
            listing=world.sug_L1.listing,
            created_by=world.users["franchisee"],
            fields=["description"],
            data={"description": str(n)},
        )
        question = Conversation.objects.create(subject=f"KPI {n}", brand=world.A, context={"kind": "kpi"})
        Participant.objects.create(conversation=question, user=world.users[role])
        Message.objects.create(conversation=question, author=world.users["region"], body="?")
    after = _home_queries(client)
    assert after == before
    _actions, more = actions_for(world.users[role])
    assert {m.kind for m in more} >= {"drift", "review"}  # the list stops at 8 per kind and links to the rest


def test_the_home_page_asks_in_french(world, waiting):
    world.users["franchisee"].language = "fr"
    world.users["franchisee"].save(update_fields=["language"])
    client = login(world, "franchisee")
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ce qui vous attend" in body
    assert "Prospect à rappeler : Léa Tremblay" in body
    assert "Avis sans réponse depuis plus de 48 heures" in body
    assert f"Publication échouée : {world.L1.name}" in body
    goal = kinds(world, "franchisor", language="fr")["goal"][0]
    assert goal.startswith("Prospects en retard sur l'objectif")
