import pytest

from network.models import Location
from tests.factories import LocationFactory
from tests.world import client_for

pytestmark = pytest.mark.django_db

LISTS = ["brands", "regions", "franchises", "locations", "memberships", "invitations", "capability-grants", "audit-log"]


def test_a_token_is_issued_for_a_username_and_password(api_client, world):
    response = api_client.post("/api/v1/auth/token/", {"username": "franchisee", "password": "pass-word-2026"})
    assert response.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api_client.get("/api/v1/me/").json()["username"] == "franchisee"


def test_session_auth_works_for_the_api(client, world):
    client.force_login(world.users["franchisee"])
    assert client.get("/api/v1/locations/").status_code == 200


@pytest.mark.parametrize("endpoint", LISTS)
def test_scoped_lists_run_a_constant_number_of_queries_whatever_the_page_size(
    world, endpoint, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(30):
        LocationFactory(franchise=world.F1)
    client = client_for(world, "franchisor")
    counts = []
    for size in (2, 40):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/{endpoint}/?page_size={size}").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 6


def test_filters_narrow_the_scoped_list(world):
    client = client_for(world, "franchisor")
    rows = client.get(f"/api/v1/locations/?franchise={world.F2.pk}").json()["results"]
    assert {row["id"] for row in rows} == {world.L2.pk}


def test_filtering_on_another_tenants_id_answers_like_an_unknown_id(world):
    client = client_for(world, "franchisor")
    foreign = client.get(f"/api/v1/locations/?franchise={world.G1.pk}")
    unknown = client.get("/api/v1/locations/?franchise=987654")
    assert foreign.status_code == unknown.status_code == 200
    assert foreign.json()["results"] == unknown.json()["results"] == []


def test_lists_are_paginated(world):
    client = client_for(world, "franchisor")
    body = client.get("/api/v1/locations/?page_size=1").json()
    assert body["count"] == 3 and len(body["results"]) == 1 and body["next"]


def test_a_location_phone_is_stored_in_e164(world):
    client = client_for(world, "listings")
    response = client.patch(f"/api/v1/locations/{world.L1.pk}/", {"phone": "(514) 555-0177"}, format="json")
    assert response.status_code == 200
    assert Location.objects.get(pk=world.L1.pk).phone == "+15145550177"


@pytest.mark.parametrize(
    "payload",
    [
        {"time_zone": "Mars/Olympus"},
        {"latitude": "123"},
        {"name": ""},
        {"phone": "+1 514 555"},
    ],
)
def test_bad_location_data_gets_a_400_naming_the_field_and_saves_nothing(world, payload):
    client = client_for(world, "franchisor")
    response = client.patch(f"/api/v1/locations/{world.L1.pk}/", payload, format="json")
    assert response.status_code == 400
    assert set(payload) <= set(response.json())
    world.L1.refresh_from_db()
    assert world.L1.name and world.L1.time_zone == "America/Toronto"


def test_garbage_json_is_a_400_not_a_500(world):
    client = client_for(world, "franchisor")
    response = client.generic("POST", "/api/v1/regions/", "{not json", content_type="application/json")
    assert response.status_code == 400
