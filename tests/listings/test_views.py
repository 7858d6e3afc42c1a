"""Listing pages: each role sees what it may use; forms show precise errors; bulk and undo."""

import pytest
from django.test import Client
from django.urls import reverse

from listings.models import SyncBatch
from listings.payload import listing_payload


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


@pytest.mark.parametrize(
    "name",
    [
        "listings-home",
        "listing-batches",
        "listing-bulk-hours",
        "listing-suggestions",
        "listing-drifts",
        "listing-import",
        "listing-export-csv",
    ],
)
def test_listing_pages_open_for_a_listings_editor(world, directories, name):
    assert login(world, "listings").get(reverse(name)).status_code == 200


def test_the_listings_entry_is_shown_only_to_roles_with_a_listing_capability(world):
    assert 'data-nav="listings"' in login(world, "listings").get("/").content.decode()
    assert 'data-nav="listings"' in login(world, "franchisee").get("/").content.decode()
    assert 'data-nav="listings"' not in login(world, "marketing").get("/").content.decode()
    assert login(world, "marketing").get(reverse("listings-home")).status_code == 403


def test_store_pages_are_scoped(world, directories):
    client = login(world, "franchisee")
    assert client.get(reverse("listing-detail", args=[world.L1.pk])).status_code == 200
    assert client.get(reverse("listing-detail", args=[world.L2.pk])).status_code == 404
    assert client.get(reverse("listing-history", args=[world.L1.pk])).status_code == 200
    assert client.get(reverse("listing-batch", args=[world.batch_M1.pk])).status_code == 404
    body = client.get(reverse("listing-detail", args=[world.L1.pk])).content.decode()
    assert 'data-form="hours"' in body and 'data-form="profile"' not in body


def test_overlapping_hours_show_an_error_next_to_the_period_and_save_nothing(world, directories):
    client = login(world, "listings")
    response = client.post(
        reverse("listing-detail", args=[world.L1.pk]),
        {
            "section": "hours",
            "MONDAY_0_open": "09:00",
            "MONDAY_0_close": "12:00",
            "MONDAY_1_open": "11:00",
            "MONDAY_1_close": "14:00",
            "TUESDAY_0_open": "22:00",
            "TUESDAY_0_close": "02:00",
        },
    )
    assert response.status_code == 200
    form = response.context["hours"]
    assert form.errors["MONDAY_1_open"] and form.errors["TUESDAY_0_close"]
    assert listing_payload(world.L1)["regular_hours"] == []


def test_hours_with_an_overnight_period_are_saved(world, directories, django_capture_on_commit_callbacks):
    client = login(world, "franchisee")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listing-detail", args=[world.L1.pk]),
            {"section": "hours", "FRIDAY_0_open": "22:00", "FRIDAY_0_close": "02:00", "FRIDAY_0_overnight": "on"},
        )
    assert response.status_code == 302
    assert listing_payload(world.L1)["regular_hours"] == [{"day": "FRIDAY", "open": "22:00", "close": "02:00"}]


def test_bulk_holiday_hours_for_a_region_then_undo(world, directories, linked, django_capture_on_commit_callbacks):
    for location in (world.L1, world.L3):
        linked(location)
    client = login(world, "listings")
    data = {
        "scope": "region",
        "region": world.A1.pk,
        "start": "2026-12-24",
        "closed": "",
        "open": "09:00",
        "close": "14:00",
        "label": "Veille de Noël",
    }
    preview = client.post(reverse("listing-bulk-hours"), {**data, "preview": "1"})
    # Google and Pages Jaunes check the change by a dry run; Facebook has no holiday hours: said, not sent.
    assert preview.context["preview"]["checked"] == 4 and not preview.context["preview"]["problems"]
    assert [u["directory"] for u in preview.context["preview"]["unsupported"]] == ["facebook"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listing-bulk-hours"), {**data, "apply": "1"})
    batch = SyncBatch.objects.get(label="Veille de Noël")
    assert response.url == reverse("listing-batch", args=[batch.pk])
    assert batch.items.count() == 2 and set(batch.items.values_list("status", flat=True)) == {"synced"}
    progress = client.get(reverse("listing-batch-progress", args=[batch.pk])).json()
    assert progress["done"] == 2 and progress["directories"]["google"]["verified"] == 2
    assert progress["directories"]["facebook"]["not_supported"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("listing-batch-undo", args=[batch.pk]), {"confirmed": "1"})
    assert all(e["date"] != "2026-12-24" for loc in (world.L1, world.L3) for e in listing_payload(loc)["special_hours"])


def test_csv_export_then_import_with_an_error_imports_nothing(world, directories):
    client = login(world, "listings")
    text = client.get(reverse("listing-export-csv")).content.decode()
    lines = text.splitlines()
    bad = lines[0] + "\n" + lines[1].replace("+15145550123", "12") + "\n" + "999999,Inconnu\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("listing-import"), {"file": SimpleUploadedFile("l.csv", bad.encode())})
    rows = {(e["row"], e["field"]) for e in response.context["errors"]}
    assert (2, "phone") in rows and (3, "location_id") in rows


def test_brand_json_export_holds_every_listing_with_its_history(world, directories):
    response = login(world, "franchisor").get(reverse("listing-export-json", args=[world.A.pk]))
    data = response.json()
    assert {row["location_id"] for row in data["listings"]} == {world.L1.pk, world.L2.pk, world.L3.pk}
    assert login(world, "franchisee").get(reverse("listing-export-json", args=[world.A.pk])).status_code == 403


def test_listing_pages_speak_french(world, directories):
    client = login(world, "listings")
    world.users["listings"].language = "fr"
    world.users["listings"].save()
    body = client.get(reverse("listing-bulk-hours"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Horaires de fêtes pour plusieurs points de vente" in body


def test_a_superuser_sees_every_store_in_the_listings(world, directories):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("listings-home")).context["page"]
    assert page.paginator.count >= 4


def test_a_csv_import_of_an_edited_export_changes_every_row_in_one_batch(
    world, directories, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world, "listings")
    text = client.get(reverse("listing-export-csv")).content.decode()
    edited = text.replace("\r\n", "\n").replace(",,,,,", ",,,,,")
    header, *rows = edited.strip().split("\n")
    rows = [row.replace("+15145550123", "+15145550199") for row in rows]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listing-import"), {"file": SimpleUploadedFile("l.csv", "\n".join([header, *rows]).encode())}
        )
    assert response.status_code == 302
    batch = SyncBatch.objects.get(kind="import")
    assert batch.items.count() == len(rows)
    assert [listing_payload(loc)["phone"] for loc in (world.L1, world.L2, world.L3)] == ["+15145550199"] * 3
