"""New stores through the listings CSV import: a row without a store id and with the franchise
adds the store, through the same service and rights as the form; one bad row and none is added."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from listings.csv_io import CSV_COLUMNS
from listings.payload import listing_payload
from network.models import AuditLog, Location

NEW = {
    "location_id": "",
    "franchise": "f3",
    "name": "Grande Assurance Laval",
    "street": "1 boulevard Le Corbusier",
    "city": "Laval",
    "postal_code": "H7S 1Z2",
    "region": "QC",
    "country": "CA",
    "phone": "+14505550100",
    "website": "https://laval.example.test/",
    "regular_hours": "MONDAY 09:00-17:00",
}


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def upload(client, *rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return client.post(reverse("listing-import"), {"file": SimpleUploadedFile("stores.csv", out.getvalue().encode())})


def test_the_export_names_each_stores_franchise(world, directories):
    rows = list(
        csv.DictReader(io.StringIO(login(world, "listings").get(reverse("listing-export-csv")).content.decode()))
    )
    assert {row["location_id"]: row["franchise"] for row in rows}[str(world.L3.pk)] == "f3"


def test_a_row_without_a_store_id_adds_the_store_with_its_listing(
    world, directories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(login(world, "region"), NEW)
    assert response.status_code == 302
    store = Location.objects.get(name="Grande Assurance Laval")
    assert (store.franchise, store.region, store.city) == (world.F3, world.A1, "Laval")
    payload = listing_payload(store)
    assert payload["website"] == "https://laval.example.test/"
    assert payload["regular_hours"] == [{"day": "MONDAY", "open": "09:00", "close": "17:00"}]
    assert AuditLog.objects.filter(action="location.create", target_id=str(store.pk)).exists()


@pytest.mark.parametrize(
    ("who", "row", "field"),
    [
        ("region", {**NEW, "franchise": "f2"}, "franchise"),  # region A1 manager, F2 is in A2
        ("franchisee", {**NEW, "franchise": "f1"}, "franchise"),  # owners do not add stores
        ("region", {**NEW, "franchise": ""}, "franchise"),
        ("region", {**NEW, "city": ""}, "city"),
        ("region", {**NEW, "phone": "12"}, "phone"),
    ],
)
def test_a_new_store_row_outside_ones_rights_or_incomplete_is_refused_with_its_field(
    world, directories, who, row, field
):
    response = upload(login(world, who), row)
    assert response.status_code == 200
    assert (2, field) in {(error["row"], error["field"]) for error in response.context["errors"]}
    assert not Location.objects.filter(name="Grande Assurance Laval").exists()


def test_one_bad_row_and_the_new_store_of_the_file_is_not_added_either(world, directories):
    unknown = {"location_id": "999999", "name": "Inconnu"}
    response = upload(login(world, "listings"), NEW, unknown)
    assert (3, "location_id") in {(error["row"], error["field"]) for error in response.context["errors"]}
    assert not Location.objects.filter(name="Grande Assurance Laval").exists()
