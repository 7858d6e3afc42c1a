"""The directory API against the simulator: the paths the authorization matrix cannot reach."""

import pytest

from listings.models import DirectoryLink, Review
from tests.listings.directories.payloads import plateau
from tests.listings.native import native
from tests.world import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def l3_on_google(world, sim, directories):
    location = world.L3
    payload = plateau(
        name=location.name,
        address={**plateau()["address"], "street": location.street_address, "postal_code": location.postal_code},
        phone=location.phone,
    )
    (external_id,) = sim.seed(
        {
            "directory": "google",
            **native("google", payload),
            "reviews": [{"review_id": "rv1", "rating": 3, "text": "Bof"}],
        }
    )
    return external_id


def test_search_then_link_then_reply_to_a_review(world, l3_on_google):
    region = client_for(world, "region")
    found = region.post("/api/v1/directory-links/search/", {"location": world.L3.pk, "directory": "google"}).json()
    assert found[0]["external_id"] == l3_on_google
    assert found[0]["payload"]["name"] == world.L3.name
    response = region.post(
        "/api/v1/directory-links/", {"location": world.L3.pk, "directory": "google", "external_id": l3_on_google}
    )
    assert response.status_code == 201, response.json()
    link = DirectoryLink.objects.get(pk=response.json()["id"])
    from listings.directories.services import reviews_import

    reviews_import(link=link)
    review = Review.objects.get(location=world.L3)
    listed = region.get("/api/v1/reviews/", {"location": world.L3.pk, "answered": "false"}).json()
    assert [row["id"] for row in listed["results"]] == [review.pk]
    answer = region.post(f"/api/v1/reviews/{review.pk}/reply/", {"text": "Merci de votre retour"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["reply_text"] == "Merci de votre retour"
    assert region.get("/api/v1/reviews/", {"location": world.L3.pk, "answered": "false"}).json()["count"] == 0


def test_create_listing_publishes_the_store(world, sim, directories):
    response = client_for(world, "listings").post(
        "/api/v1/directory-links/create-listing/", {"location": world.L2.pk, "directory": "pagesjaunes"}
    )
    assert response.status_code == 201, response.json()
    shown = sim.state("pagesjaunes", response.json()["external_id"]).json()
    assert shown["denomination"] == world.L2.name


def test_an_unreachable_directory_is_a_400_with_a_code(world, sim, directories):
    sim.faults(directory="*", error_rate=1.0)
    response = client_for(world, "franchisor").post(
        "/api/v1/directory-links/search/", {"location": world.L1.pk, "directory": "pagesjaunes"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "directory_unavailable"


def test_duplicates_are_filtered_by_status(world):
    client = client_for(world, "franchisor")
    client.post(f"/api/v1/duplicates/{world.dup_L1.pk}/dismiss/")
    open_ids = [row["id"] for row in client.get("/api/v1/duplicates/", {"status": "open"}).json()["results"]]
    assert open_ids == [world.dup_L2.pk]
