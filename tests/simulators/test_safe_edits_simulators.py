"""Google's own side of a profile and Meta's proposed changes, over HTTP: Voice of Merchant,
Google's updates and pending edits, the per-profile and daily edit limits, and Meta's upcoming
changes with their timers. Each answer is shaped as the public reference shows it."""

import pytest
import requests

from simulators.server import serve_in_thread

INFO = "mybusinessbusinessinformation.googleapis.com"
VERIFY = "mybusinessverifications.googleapis.com"
GRAPH = "graph.facebook.com/v21.0"
LOCATION = {
    "title": "Grande Assurance Plateau",
    "phoneNumbers": {"primaryPhone": "+15145550100"},
    "storefrontAddress": {"regionCode": "CA", "postalCode": "H2X 1K4", "addressLines": ["1 rue A"]},
    "categories": {"primaryCategory": {"name": "categories/gcid:insurance_agency"}},
}


@pytest.fixture(scope="module")
def server():
    base, shutdown = serve_in_thread()
    yield base
    shutdown()


@pytest.fixture
def url(server):
    requests.post(f"{server}/_sim/reset", timeout=5).raise_for_status()
    return server


def control(url, path, body=None):
    response = requests.post(f"{url}/_sim/{path}", json=body or {}, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def seed_google(url, count=1):
    items = [{"directory": "google", "document": dict(LOCATION, title=f"Agence {i}")} for i in range(count)]
    return [row["external_id"] for row in control(url, "seed", {"listings": items})["listings"]]


def patch(url, external_id, body, mask):
    return requests.patch(f"{url}/{INFO}/v1/locations/{external_id}", params={"updateMask": mask}, json=body, timeout=5)


def test_voice_of_merchant_state_is_read_from_the_verifications_api_and_lost_on_demand(url):
    (gid,) = seed_google(url)
    state = f"{url}/{VERIFY}/v1/locations/{gid}/VoiceOfMerchantState"
    assert requests.get(state, timeout=5).json() == {"hasVoiceOfMerchant": True, "hasBusinessAuthority": True}
    control(url, "google/lose-voice-of-merchant", {"external_id": gid, "action": "verify"})
    assert requests.get(state, timeout=5).json() == {
        "hasVoiceOfMerchant": False,
        "hasBusinessAuthority": True,
        "verify": {"hasPendingVerification": False},
    }
    assert requests.get(f"{url}/{VERIFY}/v1/locations/999/VoiceOfMerchantState", timeout=5).status_code == 404
    bad = requests.post(
        f"{url}/_sim/google/lose-voice-of-merchant", json={"external_id": gid, "action": "x"}, timeout=5
    )
    assert bad.status_code == 400


def test_an_edit_without_voice_of_merchant_is_kept_but_pending_until_it_is_regained(url):
    (gid,) = seed_google(url)
    control(url, "google/lose-voice-of-merchant", {"external_id": gid})
    written = patch(url, gid, {"title": "Nouveau nom"}, "title")
    assert written.status_code == 200
    assert written.json()["metadata"] == {"hasGoogleUpdated": False, "hasPendingEdits": True}
    updated = requests.get(f"{url}/{INFO}/v1/locations/{gid}:getGoogleUpdated", params={"readMask": "title"}, timeout=5)
    assert updated.json() == {"location": {"title": "Agence 0"}, "pendingMask": "title"}
    control(url, "google/voice-of-merchant", {"external_id": gid, "state": {"hasVoiceOfMerchant": True}})
    live = requests.get(f"{url}/{INFO}/v1/locations/{gid}:getGoogleUpdated", params={"readMask": "title"}, timeout=5)
    assert live.json() == {"location": {"title": "Nouveau nom"}}


def test_google_updates_show_in_the_diff_mask_and_patching_ours_back_rejects_them(url):
    (gid,) = seed_google(url)
    control(
        url, "google/google-update", {"external_id": gid, "changes": {"phoneNumbers": {"primaryPhone": "+15145559999"}}}
    )
    mine = requests.get(f"{url}/{INFO}/v1/locations/{gid}", params={"readMask": "phoneNumbers,metadata"}, timeout=5)
    assert mine.json() == {
        "phoneNumbers": {"primaryPhone": "+15145550100"},
        "metadata": {"hasGoogleUpdated": True, "hasPendingEdits": False},
    }
    google = f"{url}/{INFO}/v1/locations/{gid}:getGoogleUpdated"
    shown = requests.get(google, params={"readMask": "phoneNumbers"}, timeout=5).json()
    assert shown == {"location": {"phoneNumbers": {"primaryPhone": "+15145559999"}}, "diffMask": "phoneNumbers"}
    back = patch(url, gid, {"phoneNumbers": {"primaryPhone": "+15145550100"}}, "phoneNumbers")
    assert back.json()["metadata"] == {"hasGoogleUpdated": False, "hasPendingEdits": False}
    assert requests.get(google, params={"readMask": "phoneNumbers"}, timeout=5).json() == {
        "location": {"phoneNumbers": {"primaryPhone": "+15145550100"}}
    }


def test_a_name_change_under_review_can_send_the_profile_back_to_verification(url):
    first, second = seed_google(url, 2)
    control(
        url, "google/edit-review", {"fields": ["title"], "outcome": "lose_voice_of_merchant", "external_ids": [first]}
    )
    patch(url, first, {"title": "Autre"}, "title")
    patch(url, second, {"title": "Autre"}, "title")
    states = [
        requests.get(f"{url}/{VERIFY}/v1/locations/{i}/VoiceOfMerchantState", timeout=5).json() for i in (first, second)
    ]
    assert [s["hasVoiceOfMerchant"] for s in states] == [False, True]
    assert "verify" in states[0]


def test_eleventh_edit_of_a_profile_within_a_minute_is_refused_as_resource_exhausted(url):
    first, other = seed_google(url, 2)
    for index in range(10):
        assert patch(url, first, {"websiteUri": f"https://a.example/{index}"}, "websiteUri").status_code == 200
    refused = patch(url, first, {"websiteUri": "https://a.example/x"}, "websiteUri")
    error = refused.json()["error"]
    assert (refused.status_code, error["status"], error["code"]) == (429, "RESOURCE_EXHAUSTED", 429)
    assert error["details"][0]["metadata"]["quota_limit"] == "EditsPerMinutePerProfile"
    assert patch(url, other, {"websiteUri": "https://b.example/"}, "websiteUri").status_code == 200  # per profile
    dry = requests.patch(
        f"{url}/{INFO}/v1/locations/{first}",
        params={"updateMask": "websiteUri", "validateOnly": "true"},
        json={"websiteUri": "https://a.example/y"},
        timeout=5,
    )
    assert dry.status_code == 200  # a dry run is no edit
    control(url, "clock", {"advance_seconds": 60})
    assert patch(url, first, {"websiteUri": "https://a.example/z"}, "websiteUri").status_code == 200
    limits = requests.get(f"{url}/_sim/google/limits", timeout=5).json()
    assert limits["refusals"] == {"edits_per_minute_per_profile": 1, "updates_per_day": 0, "creations_per_day": 0}
    assert limits["usage"]["updates"] == 12


def test_daily_updates_and_creations_are_refused_beyond_the_project_limits(url):
    gids = seed_google(url, 3)
    control(url, "google/limits", {"updates_per_day": 2, "creations_per_day": 1})
    assert [patch(url, g, {"websiteUri": "https://c.example/"}, "websiteUri").status_code for g in gids] == [
        200,
        200,
        429,
    ]
    create = f"{url}/{INFO}/v1/accounts/1/locations"
    assert requests.post(create, json=LOCATION, timeout=5).status_code == 200
    refused = requests.post(create, json=dict(LOCATION, title="Encore"), timeout=5)
    assert refused.status_code == 429
    assert refused.json()["error"]["details"][0]["metadata"]["quota_limit"] == "CreationsPerDay"
    control(url, "clock", {"advance_seconds": 86400})
    assert patch(url, gids[2], {"websiteUri": "https://c.example/"}, "websiteUri").status_code == 200


def seed_page(url):
    page = {"directory": "facebook", "external_id": "4242", "document": {"name": "Agence", "phone": "+1 514 555 0100"}}
    control(url, "seed", {"listings": [page]})
    return "4242"


def test_meta_upcoming_change_is_listed_with_its_timer_and_rejected_by_the_page(url):
    page = seed_page(url)
    change = control(
        url, "facebook/propose-change", {"page_id": page, "category": "phone", "proposed_value": "+1 514 555 0199"}
    )
    listed = requests.get(f"{url}/{GRAPH}/{page}/upcoming_changes", timeout=5).json()["data"]
    assert [c["id"] for c in listed] == [change["id"]]
    assert listed[0]["timer_status"] == "enabled" and listed[0]["change_type"] == "knowledge_proposal"
    assert listed[0]["proposal"]["current_value"] == "+1 514 555 0100"
    assert listed[0]["page"] == {"name": "Agence", "id": page}
    decided = requests.post(f"{url}/{GRAPH}/{change['proposal']['id']}", params={"accept": "false"}, timeout=5)
    assert decided.json() == {"succeed": True}
    assert requests.get(f"{url}/{GRAPH}/{page}/upcoming_changes", timeout=5).json() == {"data": []}
    inactive = requests.get(f"{url}/{GRAPH}/{page}/upcoming_changes", params={"include_inactive": "true"}, timeout=5)
    assert inactive.json()["data"][0]["timer_status"] == "stopped"
    assert inactive.json()["data"][0]["proposal"]["acceptance_status"] == "rejected"
    assert (
        requests.get(f"{url}/{GRAPH}/{page}", params={"fields": "phone"}, timeout=5).json()["phone"]
        == "+1 514 555 0100"
    )
    again = requests.post(f"{url}/{GRAPH}/{change['proposal']['id']}", params={"accept": "true"}, timeout=5)
    assert again.status_code == 400


def test_meta_upcoming_change_applies_itself_when_its_timer_runs_out(url):
    page = seed_page(url)
    change = control(
        url,
        "facebook/propose-change",
        {
            "page_id": page,
            "category": "website",
            "proposed_value": "https://meta.example/",
            "effective_in_seconds": 3600,
        },
    )
    assert "website" not in requests.get(f"{url}/{GRAPH}/{page}", params={"fields": "website"}, timeout=5).json()
    control(url, "clock", {"advance_seconds": 3601})
    shown = requests.get(f"{url}/{GRAPH}/{page}", params={"fields": "website"}, timeout=5).json()
    assert shown["website"] == "https://meta.example/"
    fired = requests.get(f"{url}/{GRAPH}/{change['id']}", timeout=5).json()
    assert (fired["timer_status"], fired["proposal"]["acceptance_status"]) == ("already_fired", "accepted")


def test_the_official_sdk_reads_a_meta_upcoming_change(url):
    from facebook_business.adobjects.pageupcomingchange import PageUpcomingChange
    from facebook_business.api import FacebookAdsApi
    from facebook_business.session import FacebookSession

    page = seed_page(url)
    change = control(
        url, "facebook/propose-change", {"page_id": page, "category": "name", "proposed_value": "Agence X"}
    )
    session = FacebookSession(access_token="test-token")
    session.GRAPH = f"{url}/graph.facebook.com"
    api = FacebookAdsApi(session, api_version="v21.0")
    read = PageUpcomingChange(change["id"], api=api).api_get(fields=["timer_status", "proposal"])
    assert read["timer_status"] == "enabled"
    assert read["proposal"]["proposed_value"] == "Agence X"


def test_google_api_client_reads_voice_of_merchant_and_google_updated_from_discovery(url):
    import json
    from pathlib import Path

    import googleapiclient
    import httplib2
    from googleapiclient.discovery import build_from_document

    (gid,) = seed_google(url)
    control(url, "google/google-update", {"external_id": gid, "changes": {"title": "Agence (Google)"}})
    documents = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
    verifications = json.loads((documents / "mybusinessverifications.v1.json").read_text())
    information = json.loads((documents / "mybusinessbusinessinformation.v1.json").read_text())
    verifications["rootUrl"] = f"{url}/{VERIFY}/"
    information["rootUrl"] = f"{url}/{INFO}/"
    http = httplib2.Http()
    vom = build_from_document(verifications, http=http).locations().getVoiceOfMerchantState(name=f"locations/{gid}")
    assert vom.execute() == {"hasVoiceOfMerchant": True, "hasBusinessAuthority": True}
    google = (
        build_from_document(information, http=http)
        .locations()
        .getGoogleUpdated(name=f"locations/{gid}", readMask="title")
    )
    assert google.execute() == {"location": {"title": "Agence (Google)"}, "diffMask": "title"}
