"""Every page of the web interface, for every role, in French and English, with 0, 1, 2 and 5
unread notifications and conversations, on an empty platform and a full one: no server error,
no text left in the other language, and the bell showing the right counts.

The pages come from the URL configuration (tests/i18n/sweep.py), so a new page is swept as soon
as it is routed.
"""

import datetime
import re

import pytest
from django.test import Client

from messaging.models import Conversation, Message, Notification, Participant
from tests.i18n import sweep
from tests.world import build_network, build_world

pytestmark = pytest.mark.django_db

ROLES = ("anon", "franchisor", "marketing", "region", "franchisee", "staff1", "listings")
LANGUAGES = ("fr", "en")
COUNTS = (0, 1, 2, 5)
BELL = re.compile(r'data-bell-notifications="(\d+)".*?data-bell-messages="(\d+)"', re.S)
FAR_FUTURE = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
# Data of the test world that happens to read like a message of the catalogue.
WORLD_TEXTS: set[str] = set()


def _full_world():
    from reporting import rollups
    from tests.i18n.world import add_sweep_records

    w = build_world()
    add_sweep_records(w)
    rollups.refresh(full=True)
    return w


def _unread(w, user, count: int) -> list[int]:
    """Give the user exactly `count` unread notifications and conversations; returns the seats to
    mark unread again before each page (opening a conversation reads it)."""
    Notification.objects.filter(user=user).delete()
    Participant.objects.filter(user=user).update(last_read_at=FAR_FUTURE)
    Notification.objects.bulk_create(
        Notification(user=user, kind=Notification.Kind.REPLY, title=f"Sweep {n}", url="/help/") for n in range(count)
    )
    other = w.users["franchisor"] if user != w.users["franchisor"] else w.users["region"]
    seats = []
    for n in range(count):
        conversation = Conversation.objects.create(subject=f"Sweep {n}", brand=w.A, started_by=other)
        Participant.objects.create(conversation=conversation, user=other)
        seats.append(Participant.objects.create(conversation=conversation, user=user).pk)
        Message.objects.create(conversation=conversation, author=other, body="…")
    return seats


def _sweep(w, counts, failures: list[str]) -> int:
    urls, unfilled = sweep.page_urls(w)
    assert not unfilled, f"pages the sweep cannot fill: add them to tests/i18n/sweep.py FILLERS: {unfilled}"
    ignore = WORLD_TEXTS | set(w.users)  # usernames are data
    checker = sweep.WrongLanguage(ignore=ignore)
    renders = 0
    for role in ROLES:
        user = None if role == "anon" else w.users[role]
        for count in counts if user is not None else (None,):
            seats = _unread(w, user, count) if user is not None else []
            for language in LANGUAGES:
                client = Client(HTTP_ACCEPT_LANGUAGE=language)
                if user is not None:
                    user.language = language
                    user.save(update_fields=["language"])
                    client.force_login(user)
                for url in urls:
                    if seats:
                        Participant.objects.filter(pk__in=seats).update(last_read_at=None)
                    response = client.get(url)
                    renders += 1
                    where = f"{url} as {role} in {language} with {count} unread"
                    if response.status_code >= 500:
                        failures.append(f"{where}: HTTP {response.status_code}")
                        continue
                    if response.get("Content-Type", "").startswith(sweep.NOT_HTML) or response.status_code in (
                        301,
                        302,
                        405,
                    ):
                        continue
                    html = response.content.decode()
                    if response.status_code >= 400 and "data-error-page" not in html:
                        failures.append(f"{where}: HTTP {response.status_code} outside the site's layout")
                    if f'<html lang="{language}"' not in html:
                        failures.append(f"{where}: the page is not in {language}")
                    for text in sweep.raw_texts(html, ignore):
                        failures.append(f"{where}: program text {text!r}")
                    for text in checker.find(html, language):
                        failures.append(f"{where}: {'English' if language == 'fr' else 'French'} text {text!r}")
                    bell = BELL.search(html)
                    if user is not None and bell and bell.groups() != (str(count), str(count)):
                        failures.append(f"{where}: the bell shows {bell.groups()}")
    return renders


@pytest.mark.parametrize("data", ["empty", "full"])
def test_every_page_renders_in_both_languages_for_every_role_and_unread_count(data, record_property):
    w = build_network() if data == "empty" else _full_world()
    failures: list[str] = []
    renders = _sweep(w, COUNTS, failures)
    record_property("renders", renders)
    print(f"\nSWEEP data={data} renders={renders} failures={len(failures)}")
    shown = sorted({re.sub(r" as \w+ in \w+ with \S+ unread", "", failure) for failure in failures})
    assert not failures, f"{len(failures)} problem(s), {len(shown)} kinds:\n" + "\n".join(shown[:300])


def test_the_program_text_check_sees_dicts_and_code_names():
    assert sweep.raw_texts("<td>{'brand': 1, 'region': 1}</td><td>special_hours</td><td>Horaires</td>") == [
        "{'brand': 1, 'region': 1}",
        "special_hours",
    ]


def test_the_wrong_language_check_sees_an_untranslated_text():
    checker = sweep.WrongLanguage()
    html = "<main><h1>History</h1><p>Historique</p><button title='Log out'>x</button></main>"
    assert checker.find(html, "fr") == ["History", "Log out"]
    assert checker.find(html, "en") == ["Historique"]
    assert checker.find("<p>42</p><script>var s = 'History';</script>", "fr") == []


def test_the_sweep_covers_every_routed_page():
    pages = {page.name for page in sweep.all_pages()}
    assert {"dashboard", "reports", "listing-history", "store-locator", "messaging-index", "members"} <= pages
    assert not any(page.route.startswith(("api/", "admin/")) for page in sweep.all_pages())
