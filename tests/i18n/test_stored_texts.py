"""Texts written now and read later are shown in the reader's language; changes read as words."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import translation

from forum import services as forum_services
from franchise_platform import stored_text
from listings import changes
from listings.services import listing_update
from messaging.models import Notification
from reporting import services as reporting_services
from reporting.selectors import Node

pytestmark = pytest.mark.django_db


def _client(user, language):
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def test_a_notification_written_by_an_english_speaker_reads_in_french(world):
    with translation.override("en"):
        forum_services.post_create(thread=world.thread_A1, author=world.users["franchisee"], body="@region look")
    notification = Notification.objects.get(user=world.users["region"], kind="mention")
    page = _client(world.users["region"], "fr").get("/messages/notifications/").content.decode()
    assert "vous a mentionné" in page
    assert "mentioned you" not in page
    with translation.override("en"):
        assert notification.text.startswith(f"{world.users['franchisee']} mentioned you in")


def test_the_notification_api_answers_in_the_readers_language(world, api_client):
    with translation.override("fr"):
        forum_services.post_create(thread=world.thread_A1, author=world.users["franchisee"], body="@region vu")
    api_client.force_authenticate(world.users["region"])
    titles = [
        n["title"]
        for n in api_client.get("/api/v1/messages/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    ]
    assert any("mentioned you in" in title for title in titles)


def test_a_rollback_reason_reads_in_the_readers_language():
    from listings.models import SyncItem, SyncJob

    item = SyncItem(reason="batch_failed")
    job = SyncJob(directory="google", error="unavailable")
    with translation.override("fr"):
        assert item.reason_text == (
            "Un autre point de vente de ce lot « tout ou rien » a échoué : chaque annuaire a été remis comme avant."
        )
        assert job.error_text.startswith("Google est momentanément indisponible")
    with translation.override("en"):
        assert item.reason_text == "Another store of this all-or-nothing batch failed: every directory was put back."
        assert job.error_text == "Google is temporarily unavailable. Retry in a few minutes."


def test_plain_text_written_before_stored_messages_is_shown_as_it_is():
    assert stored_text.render("Ancien motif") == "Ancien motif"
    assert stored_text.render('{"msgid": broken') == '{"msgid": broken'


def test_a_long_stored_label_is_shortened_and_still_reads():
    value = stored_text.message("Retry: %(store)s", store="x" * 400)
    text = stored_text.dumps(value, 200)
    assert len(text) <= 200
    with translation.override("fr"):
        assert stored_text.render(text).startswith("Nouvel essai : xxx")


def test_history_reads_field_by_field_in_french_and_english(world):
    location = world.L1
    with translation.override("en"):
        listing_update(
            location=location,
            user=world.users["listings"],
            data={"regular_hours": [{"day": "MONDAY", "open": "09:00", "close": "17:00"}]},
        )
        listing_update(
            location=location,
            user=world.users["listings"],
            data={"regular_hours": [{"day": "MONDAY", "open": "09:00", "close": "18:00"}]},
        )
    french = _client(world.users["listings"], "fr").get(f"/listings/stores/{location.pk}/history/").content.decode()
    assert "Horaires d&#x27;ouverture, lundi</strong> <del>09:00–17:00</del> → <ins>09:00–18:00</ins>" in french
    assert "regular_hours" not in french and "{&#x27;day" not in french
    english = _client(world.users["listings"], "en").get(f"/listings/stores/{location.pk}/history/").content.decode()
    assert "Opening hours, Monday</strong> <del>09:00–17:00</del> → <ins>09:00–18:00</ins>" in english
    batch_page = _client(world.users["listings"], "fr").get("/listings/batches/").content.decode()
    assert "Horaires d&#x27;ouverture" in batch_page


def test_describe_reads_addresses_holiday_hours_and_photos():
    diff = {
        "address": [{"city": "Laval", "street": "1 rue A"}, {"city": "Montréal", "street": "1 rue A"}],
        "special_hours": [[], [{"date": "2026-12-25", "closed": True}]],
        "photos": [[{"sha256": "a"}], [{"sha256": "a"}, {"sha256": "b"}]],
        "phone": ["", "+15145550100"],
    }
    with translation.override("fr"):
        lines = [(c.label, c.before, c.after) for c in changes.describe(diff)]
    assert lines == [
        ("Ville", "Laval", "Montréal"),
        ("Téléphone", "—", "+15145550100"),
        ("Horaires de fêtes, 25/12/2026", "—", "Fermé"),
        ("Photos", "1 photo", "2 photos"),
    ]
    with translation.override("en"):
        assert changes.describe({"regular_hours": [[], [{"day": "SUNDAY", "open": "10:00", "close": "16:00"}]]}) == [
            changes.Change("Opening hours, Sunday", "Closed", "10:00–16:00")
        ]


def test_a_kpi_question_shows_the_kpi_and_the_region_not_ids(world):
    with translation.override("en"):
        conversation = reporting_services.kpi_question_ask(
            user=world.users["franchisee"],
            node=Node(brand=world.A, region=world.A1),
            metric="cost_per_customer",
            body="Why?",
            link_url="/reports/",
        )
    page = _client(world.users["region"], "fr").get(f"/messages/{conversation.pk}/").content.decode()
    assert "Coût par client · Région : North" in page
    assert "Question sur Coût par client · North" in page
    assert "{&#x27;brand&#x27;" not in page and "&#x27;region&#x27;: " not in page


def test_the_digest_subject_is_singular_for_one_notification(world):
    from messaging.digest import digest_send

    user = world.users["franchisee"]
    user.language = "fr"
    user.save(update_fields=["language"])
    Notification.objects.filter(user=user).delete()
    Notification.objects.create(user=user, kind="reply", title="x", url="/help/")
    assert digest_send(user_id=user.pk) == 1
    assert mail.outbox[-1].subject == "1 nouvelle notification sur la plateforme franchise"


# Error pages ---------------------------------------------------------------------------------


def test_a_missing_page_is_in_the_sites_layout_in_french(client, world):
    user = world.users["franchisee"]
    response = _client(user, "fr").get("/nowhere/at/all/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-error-page="404"' in page and 'class="topbar"' in page and 'lang="fr"' in page
    assert "Page introuvable" in page
    assert "Traceback" not in page and "URLconf" not in page


def test_a_forbidden_page_says_why_in_english(world):
    response = _client(world.users["franchisee"], "en").get("/members/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'data-error-page="403"' in page and "Access denied" in page and 'lang="en"' in page


def _boom(request):
    raise RuntimeError("boom")


def _database_gone(request):
    from django.db import OperationalError

    raise OperationalError("connection refused")


urlpatterns = []
handler500 = "franchise_platform.error_views.server_error"


@pytest.fixture
def failing_urls():
    from django.urls import include, path

    global urlpatterns
    urlpatterns = [
        path("boom/", _boom),
        path("gone/", _database_gone),
        path("", include("franchise_platform.urls")),
    ]
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        yield


@pytest.mark.parametrize(
    ("path", "status", "language", "text"),
    [
        ("/boom/", 500, "fr", "Une erreur s&#x27;est produite"),
        ("/boom/", 500, "en", "Something went wrong"),
        ("/gone/", 503, "fr", "Momentanément indisponible"),
        ("/gone/", 503, "en", "Briefly unavailable"),
    ],
)
def test_server_errors_are_in_the_sites_layout_never_the_debug_page(failing_urls, db, path, status, language, text):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == status
    assert f'data-error-page="{status}"' in page and 'class="topbar"' in page and f'lang="{language}"' in page
    assert text in page
    assert "boom" not in page and "Traceback" not in page


# Plurals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "language", "text"),
    [
        (1, "fr", "Le fichier contient 1 erreur ; rien n'a été importé."),
        (2, "fr", "Le fichier contient 2 erreurs ; rien n'a été importé."),
        (1, "en", "The file has 1 error; nothing was imported."),
    ],
)
def test_an_import_with_one_error_says_one_error(count, language, text):
    from listings.csv_io import ImportErrors

    with translation.override(language):
        assert ImportErrors([{"row": n} for n in range(count)]).message == text


def test_a_csv_import_batch_of_one_store_reads_in_the_singular():
    label = stored_text.dumps(stored_text.ngettext("CSV import (%(n)s store)", "CSV import (%(n)s stores)", 1), 200)
    with translation.override("fr"):
        assert stored_text.render(label) == "Import CSV (1 point de vente)"
    with translation.override("en"):
        assert stored_text.render(label) == "CSV import (1 store)"
