"""The official clients against the simulators, and the connectors' requests against the
official descriptions: google-api-python-client (its discovery documents) and facebook-business
(its Page object)."""

import json

import httplib2
import pytest
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError

from listings.directories.facebook import GRAPH_FIELDS, FacebookConnector
from tests.listings.conformance import DOCUMENTS, problems
from tests.listings.directories.test_connectors import ACCOUNT, golden, seed_golden


def request(method, host, path, query=(), body=None):
    return {"method": method, "host": host, "path": path, "query": list(query), "json": body}


INFO = "mybusinessbusinessinformation.googleapis.com"


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        (request("GET", INFO, "/v1/locations/12"), "required query parameter readMask missing"),
        (
            request(
                "PATCH",
                INFO,
                "/v1/locations/12",
                [("updateMask", "categories")],
                {"categories": {"primaryCategory": {"displayName": "Agence"}}},
            ),
            "output-only field written",
        ),
        (request("POST", INFO, "/v1/locations", body={"title": "x"}), "no such method"),
        (request("GET", "mybusiness.googleapis.com", "/v1/locations/12/reviews"), "no such My Business v4 method"),
        (
            request("GET", "businessprofileperformance.googleapis.com", "/v1/locations/12:getDailyMetrics"),
            "no such method",
        ),
        (
            request("PATCH", INFO, "/v1/locations/12", [("updateMask", "title")], {"title": "x", "colour": "red"}),
            "unknown field",
        ),
    ],
    ids=[
        "get without readMask",
        "category by displayName",
        "create at /locations",
        "v1 reviews",
        "getDailyMetrics",
        "unknown field",
    ],
)
def test_the_conformance_check_catches_the_old_mismatches(wrong, expected):
    assert any(expected in problem for problem in problems(wrong))


def test_a_request_as_the_connector_sends_it_conforms():
    assert problems(request("GET", INFO, "/v1/locations/12", [("readMask", "title,specialHours")])) == []


@pytest.fixture
def business_information(sim_url):
    doc = json.loads((DOCUMENTS / "mybusinessbusinessinformation.v1.json").read_text())
    doc["rootUrl"] = f"{sim_url}/{INFO}/"
    doc["baseUrl"] = f"{sim_url}/{INFO}/"
    return build_from_document(doc, http=httplib2.Http())


def test_the_official_google_client_gets_patches_creates_and_lists_locations(business_information, sim):
    external_id = seed_golden(sim, "google")
    locations = business_information.locations()
    got = locations.get(name=f"locations/{external_id}", readMask="title,categories").execute()
    assert got["title"] == "Grande Assurance Plateau"
    assert got["categories"]["primaryCategory"]["displayName"] == "Insurance agency"
    assert "regularHours" not in got  # only what readMask asks for
    assert (
        locations.patch(
            name=f"locations/{external_id}", updateMask="title", validateOnly=True, body={"title": "Nouveau"}
        ).execute()
        == {}
    )
    assert sim.state("google", external_id).json()["title"] == "Grande Assurance Plateau"
    patched = locations.patch(name=f"locations/{external_id}", updateMask="title", body={"title": "Nouveau"}).execute()
    assert patched["title"] == "Nouveau"
    with pytest.raises(HttpError) as refused:
        locations.get(name=f"locations/{external_id}").execute()  # no readMask
    assert refused.value.resp.status == 400
    accounts = business_information.accounts().locations()
    body = {k: v for k, v in golden("google_location.json").items() if k != "latlng"}
    created = accounts.create(parent=ACCOUNT, requestId="r-1", body=body).execute()
    listed = accounts.list(parent=ACCOUNT, readMask="name,title").execute()
    assert {loc["name"] for loc in listed["locations"]} == {f"locations/{external_id}", created["name"]}


def test_every_page_field_read_and_parameter_written_exists_in_the_sdk():
    from facebook_business.adobjects.page import Page

    fields = {value for key, value in vars(Page.Field).items() if not key.startswith("_")}
    assert set(GRAPH_FIELDS.values()) <= fields
    assert {"overall_star_rating", "rating_count"} <= fields
    source = __import__("inspect").getsource(Page.api_update)
    for parameter in ("location", "phone", "website", "category_list", "description", "hours"):
        assert f"'{parameter}'" in source
    assert "'special_hours'" not in source and "'name'" not in source
    assert set(FacebookConnector.writable) == {
        "address",
        "phone",
        "website",
        "categories",
        "description",
        "latitude",
        "longitude",
        "regular_hours",
        "photos",
    }


def test_the_facebook_sdk_reads_and_updates_a_page_on_the_simulator(sim, sim_url):
    from facebook_business.adobjects.page import Page
    from facebook_business.api import FacebookAdsApi
    from facebook_business.session import FacebookSession

    page_id = seed_golden(sim, "facebook")
    session = FacebookSession(access_token="test-token")
    session.GRAPH = f"{sim_url}/graph.facebook.com"
    api = FacebookAdsApi(session, api_version="v21.0")
    page = Page(page_id, api=api).api_get(fields=[Page.Field.name, Page.Field.hours, Page.Field.category_list])
    assert page[Page.Field.name] == "Grande Assurance Plateau"
    assert page[Page.Field.hours]["mon_2_open"] == "13:00"
    Page(page_id, api=api).api_update(
        params={"phone": "+15145550999", "hours": {"mon_1_open": "08:00", "mon_1_close": "12:00"}}
    )
    state = sim.state("facebook", page_id).json()
    assert state["phone"] == "+15145550999" and state["hours"] == {"mon_1_open": "08:00", "mon_1_close": "12:00"}
    sent = [r for r in sim.requests("facebook") if r["method"] == "POST"][-1]
    assert sent["content_type"] == "application/x-www-form-urlencoded"
