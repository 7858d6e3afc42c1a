"""Destructive listing actions ask first: nothing changes until the person confirms."""

from django.test import Client
from django.urls import reverse

from listings.models import DriftStatus, ListingDrift, ListingRevision
from listings.payload import listing_payload


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def asks_first(response) -> bool:
    return response.status_code == 200 and 'data-page="confirm"' in response.content.decode()


def test_going_back_to_an_old_revision_asks_first(world, directories):
    client = login(world, "listings")
    url = reverse("listing-revert", args=[world.L1.pk, world.rev0_L1.pk])
    before = ListingRevision.objects.filter(listing__location=world.L1).count()
    assert asks_first(client.post(url))
    assert ListingRevision.objects.filter(listing__location=world.L1).count() == before
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert ListingRevision.objects.filter(listing__location=world.L1).count() == before + 1


def test_accepting_a_directorys_data_asks_first_and_republishing_ours_does_not(world, directories):
    client = login(world, "listings")
    accept = reverse("listing-drift-decide", args=[world.drift_L1.pk, "accept"])
    assert asks_first(client.post(accept))
    assert ListingDrift.objects.get(pk=world.drift_L1.pk).status == DriftStatus.OPEN
    client.post(accept, {"confirmed": "1"})
    assert ListingDrift.objects.get(pk=world.drift_L1.pk).status != DriftStatus.OPEN


def test_removing_special_hours_asks_first(world, directories):
    client = login(world, "listings")
    url = reverse("listing-detail", args=[world.L1.pk])
    form = {"section": "special_remove", "date": "2026-12-25"}
    assert asks_first(client.post(url, form))
    assert [e["date"] for e in listing_payload(world.L1)["special_hours"]] == ["2026-12-25"]
    client.post(url, {**form, "confirmed": "1"})
    assert listing_payload(world.L1)["special_hours"] == []
