"""The three connectors against the simulators over real HTTP, starting from native documents
written by hand from each directory's reference (tests/listings/directories/golden/): what the
connector sends must be those documents, and what it reads from them must be our payload."""

import copy
import datetime
import json
from pathlib import Path

import pytest

from listings.directories.base import DIRECTORIES, DirectoryError, ValidationFailed, get_connector, normalise
from listings.directories.demo import CATEGORY_IDS
from tests.listings.directories.payloads import CHANGED, PLATEAU, plateau

GOLDEN = Path(__file__).parent / "golden"
LOOKUP = {
    directory: {name: ids[index] for name, ids in CATEGORY_IDS.items()} for index, directory in enumerate(DIRECTORIES)
}
ACCOUNT = "accounts/1000"


def golden(name):
    return json.loads((GOLDEN / name).read_text())


def seed_golden(sim, directory):
    """The demo store on the directory, as the directory itself would hold it."""
    item = {
        "google": {
            "document": golden("google_location.json"),
            "photos": golden("google_media.json"),
            "account": ACCOUNT,
        },
        "facebook": {
            "document": {"name": PLATEAU["name"], **golden("facebook_page_update.json")},
            "photos": golden("facebook_photos.json"),
        },
        "pagesjaunes": {"document": golden("pagesjaunes_fiche.json")},
    }[directory]
    (external_id,) = sim.seed({"directory": directory, **item})
    return external_id


@pytest.fixture(params=DIRECTORIES)
def connector(request, sim_url, settings):
    settings.DIRECTORY_GOOGLE_ACCOUNT = ACCOUNT
    return get_connector(request.param, base_url=sim_url, timeout=(2, 2), categories=LOOKUP[request.param])


def expected(connector, payload=PLATEAU):
    return {k: v for k, v in normalise(payload).items() if k in connector.readable}


# -- Golden documents ------------------------------------------------------------------------
def test_reading_the_golden_document_gives_our_payload(connector, sim):
    external_id = seed_golden(sim, connector.key)
    assert connector.get(external_id) == expected(connector)


def test_writing_our_payload_sends_the_golden_document(connector, sim):
    """A mapping bug (city and region swapped, a category by name...) changes what is sent."""
    external_id = seed_golden(sim, connector.key)
    fields = [f for f in connector.writable if f != "photos"]
    connector.update(external_id, PLATEAU, fields)
    write = [r for r in sim.requests(connector.key) if r["method"] in ("PATCH", "POST")][-1]
    if connector.key == "google":
        assert write["json"] == golden("google_location.json")
        assert set(dict(write["query"])["updateMask"].split(",")) == set(golden("google_location.json"))
    elif connector.key == "facebook":
        sent = {k: json.loads(v) if v[:1] in "[{" else v for k, v in write["form"].items() if k != "fields"}
        assert write["content_type"] == "application/x-www-form-urlencoded"
        assert sent == golden("facebook_page_update.json")
    else:
        assert write["json"] == {k: v for k, v in golden("pagesjaunes_fiche.json").items() if k != "medias"}


def test_a_swapped_city_and_region_would_fail_the_golden_comparison(sim_url, sim):
    swapped = plateau(address={**PLATEAU["address"], "city": "QC", "region": "Montréal"})
    google = get_connector("google", base_url=sim_url, categories=LOOKUP["google"])
    from listings.directories.google import to_google

    assert to_google(swapped, ["address"])["storefrontAddress"] != golden("google_location.json")["storefrontAddress"]
    external_id = seed_golden(sim, "google")
    assert google.get(external_id, ["address"])["address"] != swapped["address"]


# -- Behaviour -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "field", ["address", "phone", "website", "categories", "description", "regular_hours", "photos"]
)
def test_updating_one_field_writes_that_field_and_nothing_else(connector, sim, field):
    external_id = seed_golden(sim, connector.key)
    sent = {**PLATEAU, **CHANGED}
    shown = connector.update(external_id, sent, [field])
    assert shown[field] == normalise(sent)[field]
    after = connector.get(external_id)
    for other in set(after) - {field}:
        assert after[other] == expected(connector)[other], other


def test_fields_a_directory_cannot_hold_are_not_supported(sim_url):
    facebook = get_connector("facebook", base_url=sim_url)
    assert facebook.unsupported(["name", "special_hours", "phone"]) == ["name", "special_hours"]
    assert get_connector("google", base_url=sim_url).unsupported(["name", "special_hours"]) == []
    with pytest.raises(DirectoryError) as failure:
        facebook.create(PLATEAU)
    assert failure.value.code == "not_supported"


def test_a_category_without_an_id_is_refused_before_anything_is_sent(sim_url, sim):
    google = get_connector("google", base_url=sim_url, categories={})
    external_id = seed_golden(sim, "google")
    sent = len(sim.requests())
    with pytest.raises(ValidationFailed) as failure:
        google.update(external_id, PLATEAU, ["categories"])
    assert failure.value.code == "category_not_mapped" and failure.value.params["category"] == "Agence d'assurance"
    assert len(sim.requests()) == sent


def test_a_valid_change_validates_without_being_applied(connector, sim):
    external_id = seed_golden(sim, connector.key)
    fields = [f for f in connector.writable if f != "photos"]
    assert connector.validate(external_id, {**PLATEAU, **CHANGED}, fields) == []
    assert connector.get(external_id) == expected(connector)


def test_overlapping_hours_are_refused_naming_the_field(connector, sim):
    external_id = seed_golden(sim, connector.key)
    bad = plateau(
        regular_hours=[
            {"day": "MONDAY", "open": "09:00", "close": "13:00"},
            {"day": "MONDAY", "open": "12:00", "close": "17:00"},
        ]
    )
    assert [error.field for error in connector.validate(external_id, bad, ["regular_hours"])] == ["regular_hours"]
    with pytest.raises(ValidationFailed) as failure:
        connector.update(external_id, bad, ["regular_hours"])
    assert failure.value.retryable is False and failure.value.errors[0].field == "regular_hours"
    assert connector.get(external_id) == expected(connector)


def test_a_missing_listing_is_a_permanent_not_found(connector):
    with pytest.raises(DirectoryError) as failure:
        connector.get("404404404")
    assert (failure.value.retryable, failure.value.code) == (False, "not_found")


def test_search_finds_the_listing_and_its_duplicate(connector, sim):
    store = seed_golden(sim, connector.key)
    other = copy.deepcopy(
        {
            "google": {"title": "Grande Assurance St-Denis", "phoneNumbers": {"primaryPhone": "+15145550123"}},
            "facebook": {"name": "Grande Assurance St-Denis", "phone": "+15145550123"},
            "pagesjaunes": {"denomination": "Grande Assurance St-Denis", "telephones": [{"numero": "+15145550123"}]},
        }[connector.key]
    )
    (duplicate,) = sim.seed({"directory": connector.key, "document": other, "account": ACCOUNT})
    found = {
        match["external_id"]
        for match in connector.search(name=PLATEAU["name"], address=PLATEAU["address"], phone=PLATEAU["phone"])
    }
    assert {store, duplicate} <= found


def test_reviews_are_read_and_replied_to(connector, sim):
    external_id = seed_golden(sim, connector.key)
    sim.seed(
        {
            "directory": connector.key,
            "external_id": external_id,
            **({"document": golden("google_location.json"), "account": ACCOUNT} if connector.key == "google" else {}),
            **(
                {"document": {"name": "x", **golden("facebook_page_update.json")}}
                if connector.key == "facebook"
                else {}
            ),
            **({"document": golden("pagesjaunes_fiche.json")} if connector.key == "pagesjaunes" else {}),
            "reviews": [
                {
                    "review_id": "r1",
                    "author": "Julie",
                    "rating": 5,
                    "text": "Très bon accueil",
                    "created_at": "2026-11-20T10:00:00Z",
                },
                {
                    "review_id": "r2",
                    "author": "Marc",
                    "rating": 2,
                    "text": "Attente",
                    "created_at": "2026-11-21T09:30:00Z",
                },
            ],
        }
    )
    reviews = connector.reviews(external_id)
    assert [(r["review_id"], r["author"], r["rating"], r["created_at"], r["reply"]) for r in reviews] == [
        ("r2", "Marc", 2, "2026-11-21T09:30:00Z", None),
        ("r1", "Julie", 5, "2026-11-20T10:00:00Z", None),
    ]
    connector.reply_review(external_id, "r2", "Désolés pour l'attente, merci !")
    replied = {r["review_id"]: r for r in connector.reviews(external_id)}["r2"]
    assert replied["reply"]["text"] == "Désolés pour l'attente, merci !"


def test_daily_statistics_come_back_as_seeded_with_the_rating(connector, sim):
    external_id = seed_golden(sim, connector.key)
    sim.seed(
        {
            "directory": connector.key,
            "external_id": external_id,
            **({"document": golden("google_location.json"), "account": ACCOUNT} if connector.key == "google" else {}),
            **({"document": golden("facebook_page_update.json")} if connector.key == "facebook" else {}),
            **({"document": golden("pagesjaunes_fiche.json")} if connector.key == "pagesjaunes" else {}),
            "reviews": [{"rating": 5}, {"rating": 4}],
            "stats": [{"day": "2026-11-20", "views": 321, "calls": 7, "direction_requests": 11, "website_clicks": 5}],
        }
    )
    stats = connector.daily_stats(external_id, datetime.date(2026, 11, 20))
    assert stats == {
        "views": 321,
        "calls": 7,
        "direction_requests": 11,
        "website_clicks": 5,
        "review_count": 2,
        "rating": "4.50",
    }


def test_a_quota_is_a_retryable_error_with_retry_after(connector, sim):
    external_id = seed_golden(sim, connector.key)
    sim.faults(directory=connector.key, quota_per_minute=3)
    with pytest.raises(DirectoryError) as failure:
        for _ in range(4):
            connector.get(external_id, ["phone"])
    assert (failure.value.retryable, failure.value.code) == (True, "rate_limited")
    assert 1 <= failure.value.retry_after <= 60


@pytest.mark.parametrize("kind", ["rate", "error"])
def test_injected_faults_are_retryable(connector, sim, kind):
    external_id = seed_golden(sim, connector.key)
    sim.faults(directory="*", seed=1, **{"rate_limit_rate" if kind == "rate" else "error_rate": 1.0})
    with pytest.raises(DirectoryError) as failure:
        connector.update(external_id, plateau(phone="+15145550100"), ["phone"])
    assert failure.value.retryable is True
    sim.faults(directory="*")
    assert connector.get(external_id, ["phone"])["phone"] == PLATEAU["phone"]


def test_a_timeout_is_retryable(connector, sim):
    external_id = seed_golden(sim, connector.key)
    sim.faults(directory=connector.key, timeout_rate=1.0, timeout_seconds=0.6)
    slow = get_connector(connector.key, base_url=sim.url, timeout=(1, 0.2))
    with pytest.raises(DirectoryError) as failure:
        slow.get(external_id, ["phone"])
    assert (failure.value.retryable, failure.value.code) == (True, "timeout")


def test_a_lost_response_was_applied_and_is_retryable(connector, sim):
    external_id = seed_golden(sim, connector.key)
    sim.faults(directory=connector.key, lost_response_rate=1.0)
    with pytest.raises(DirectoryError) as failure:
        connector.update(external_id, plateau(phone="+15145550100"), ["phone"])
    assert failure.value.retryable is True
    sim.faults(directory=connector.key)
    assert connector.get(external_id, ["phone"])["phone"] == "+15145550100"


def test_the_control_api_resets_and_answers_in_the_native_format(sim):
    external_id = seed_golden(sim, "google")
    assert sim.state("google", external_id).json()["title"] == PLATEAU["name"]
    assert sim.state("google", external_id).json()["categories"]["primaryCategory"]["displayName"] == "Insurance agency"
    sim.post("reset")
    assert sim.state("google", external_id).status_code == 404
