"""The three connectors against the simulator over real HTTP: every field both ways, validation
errors as FieldErrors, and transient failures as retryable DirectoryErrors."""

import datetime

import pytest
import requests

from listings.directories.base import DIRECTORIES, FIELDS, DirectoryError, ValidationFailed, get_connector, normalise
from tests.listings.directories.payloads import CHANGED, PLATEAU, plateau


@pytest.fixture(params=DIRECTORIES)
def connector(request, sim_url):
    return get_connector(request.param, base_url=sim_url, timeout=(2, 2))


def test_a_created_listing_reads_back_exactly_what_we_sent(connector, sim):
    external_id = connector.create(PLATEAU)
    assert connector.get(external_id) == normalise(PLATEAU)
    assert sim.state(connector.key, external_id).json() == normalise(PLATEAU)


@pytest.mark.parametrize("field", FIELDS)
def test_updating_one_field_writes_that_field_and_nothing_else(connector, sim, field):
    external_id = connector.create(PLATEAU)
    sent = {**PLATEAU, **CHANGED}
    shown = connector.update(external_id, sent, [field])
    assert shown == sim.state(connector.key, external_id).json()
    assert shown[field] == normalise(sent)[field]
    # Google and Pages Jaunes write a position as one value.
    coupled = {"latitude", "longitude"} if connector.key != "facebook" else set()
    for other in set(FIELDS) - {field} - (coupled if field in coupled else set()):
        assert shown[other] == normalise(PLATEAU)[other], other


def test_an_update_keeps_what_the_directory_changed_in_other_fields(connector, sim):
    external_id = connector.create(PLATEAU)
    sim.tamper(connector.key, external_id, name="Grande Assurance (fermé?)")
    shown = connector.update(external_id, plateau(phone="+15145550100"), ["phone"])
    assert shown["name"] == "Grande Assurance (fermé?)"
    assert shown["phone"] == "+15145550100"


def test_a_valid_change_validates_without_being_applied(connector, sim):
    external_id = connector.create(PLATEAU)
    assert connector.validate(external_id, {**PLATEAU, **CHANGED}, list(FIELDS)) == []
    assert sim.state(connector.key, external_id).json() == normalise(PLATEAU)


def test_overlapping_hours_are_refused_naming_the_field(connector):
    external_id = connector.create(PLATEAU)
    bad = plateau(
        regular_hours=[
            {"day": "MONDAY", "open": "09:00", "close": "13:00"},
            {"day": "MONDAY", "open": "12:00", "close": "17:00"},
        ]
    )
    errors = connector.validate(external_id, bad, ["regular_hours"])
    assert [error.field for error in errors] == ["regular_hours"]
    with pytest.raises(ValidationFailed) as failure:
        connector.update(external_id, bad, ["regular_hours"])
    assert failure.value.retryable is False
    assert failure.value.errors[0].field == "regular_hours"
    assert connector.get(external_id) == normalise(PLATEAU)


def test_a_missing_listing_is_a_permanent_error(connector):
    with pytest.raises(DirectoryError) as failure:
        connector.get("404404404")
    assert failure.value.retryable is False
    assert failure.value.status == 404


def test_search_finds_the_listing_and_its_duplicate(connector, sim):
    store, duplicate, _other = sim.seed(
        {"directory": connector.key, "payload": PLATEAU},
        {"directory": connector.key, "payload": plateau(name="Grande Assurance St-Denis", phone="+15145550123")},
        {"directory": connector.key, "payload": plateau(name="Boulangerie Rivard", phone="+15145559999")},
    )
    found = connector.search(name=PLATEAU["name"], address=PLATEAU["address"], phone=PLATEAU["phone"])
    assert {match["external_id"] for match in found} == {store, duplicate}
    shown = next(m for m in found if m["external_id"] == store)["payload"]
    # Google's search answers carry no media.
    assert {**shown, "photos": []} == {**normalise(PLATEAU), "photos": []}


def test_reviews_are_read_and_replied_to(connector, sim):
    (external_id,) = sim.seed(
        {
            "directory": connector.key,
            "payload": PLATEAU,
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
    assert replied["reply"]["updated_at"].endswith("Z")


def test_daily_statistics_come_back_as_seeded_with_the_rating(connector, sim):
    (external_id,) = sim.seed(
        {
            "directory": connector.key,
            "payload": PLATEAU,
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


def test_a_quota_answers_429_with_retry_after(connector, sim):
    external_id = connector.create(PLATEAU)
    sim.faults(directory=connector.key, quota_per_minute=3)
    with pytest.raises(DirectoryError) as failure:
        for _ in range(4):
            connector.get(external_id)
    assert failure.value.retryable is True
    assert failure.value.status == 429
    assert 1 <= failure.value.retry_after <= 60


@pytest.mark.parametrize(
    ("fault", "status"), [("rate_limit_rate", 429), ("error_rate", 503)], ids=["rate-limited", "server-error"]
)
def test_injected_faults_are_retryable(connector, sim, fault, status):
    external_id = connector.create(PLATEAU)
    sim.faults(directory="*", seed=1, **{fault: 1.0})
    with pytest.raises(DirectoryError) as failure:
        connector.update(external_id, plateau(name="Nouveau nom"), ["name"])
    assert (failure.value.retryable, failure.value.status) == (True, status)
    sim.faults(directory="*")
    assert connector.get(external_id)["name"] == PLATEAU["name"]


def test_a_timeout_is_retryable(connector, sim):
    external_id = connector.create(PLATEAU)
    sim.faults(directory=connector.key, timeout_rate=1.0, timeout_seconds=0.6)
    slow = get_connector(connector.key, base_url=sim.url, timeout=(1, 0.2))
    with pytest.raises(DirectoryError) as failure:
        slow.get(external_id)
    assert failure.value.retryable is True
    assert failure.value.code == "TIMEOUT"


def test_a_lost_response_was_applied_and_is_retryable(connector, sim):
    external_id = connector.create(PLATEAU)
    sim.faults(directory=connector.key, lost_response_rate=1.0)
    with pytest.raises(DirectoryError) as failure:
        connector.update(external_id, plateau(name="Appliqué quand même"), ["name"])
    assert failure.value.retryable is True
    assert sim.state(connector.key, external_id).json()["name"] == "Appliqué quand même"


def test_fault_rates_are_reproducible_with_a_seed(sim_url, sim):
    connector = get_connector("pagesjaunes", base_url=sim_url)
    (external_id,) = sim.seed({"directory": "pagesjaunes", "payload": PLATEAU})

    def outcomes():
        sim.faults(directory="pagesjaunes", error_rate=0.3, rate_limit_rate=0.2, seed=7)
        result = []
        for _ in range(30):
            try:
                connector.get(external_id)
                result.append("ok")
            except DirectoryError as error:
                result.append(error.status)
        return result

    first = outcomes()
    assert first == outcomes()
    assert {"ok", 429, 503} <= set(first)


def test_the_control_api_resets_and_reports_unknown_listings(sim):
    (external_id,) = sim.seed({"directory": "google", "payload": PLATEAU})
    assert sim.state("google", external_id).status_code == 200
    sim.post("reset")
    assert sim.state("google", external_id).status_code == 404
    assert requests.post(f"{sim.url}/_sim/faults", json={"directory": "yelp"}, timeout=5).status_code == 400


def test_facebook_pages_use_their_own_hours_keys_and_error_shape(sim_url):
    page_id = get_connector("facebook", base_url=sim_url).create(PLATEAU)
    page = requests.get(f"{sim_url}/facebook/v19.0/{page_id}", params={"fields": "name,hours,location"}, timeout=5)
    hours = page.json()["hours"]
    assert (hours["mon_1_open"], hours["mon_1_close"], hours["mon_2_open"]) == ("09:00", "12:00", "13:00")
    assert page.json()["location"]["zip"] == "H2X 1K4"
    refused = requests.post(f"{sim_url}/facebook/v19.0/{page_id}", json={"hours": {"mon_3_open": "08:00"}}, timeout=5)
    error = refused.json()["error"]
    assert refused.status_code == 400
    assert {"message", "type", "code", "error_subcode"} <= set(error)
    assert error["code"] == 100


def test_pages_jaunes_listings_use_french_fields(sim_url):
    external_id = get_connector("pagesjaunes", base_url=sim_url).create(PLATEAU)
    fiche = requests.get(f"{sim_url}/pagesjaunes/partner/v2/listings/{external_id}", timeout=5).json()
    assert fiche["denomination"] == PLATEAU["name"]
    assert fiche["adresse"]["code_postal"] == "H2X 1K4"
    assert fiche["horaires"][0] == {
        "jour": "lundi",
        "plages": [{"debut": "09h00", "fin": "12h00"}, {"debut": "13h00", "fin": "17h00"}],
    }
    refused = requests.patch(
        f"{sim_url}/pagesjaunes/partner/v2/listings/{external_id}", json={"denomination": " "}, timeout=5
    )
    assert refused.status_code == 422
    assert refused.json()["erreurs"][0]["champ"] == "denomination"


def test_other_simulators_can_be_mounted_by_prefix():
    from simulators import server

    def ads(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["PATH_INFO"].encode()]

    previous = dict(server.MOUNTS)
    server.mount("/ads-test", ads)
    try:
        url, shutdown = server.serve_in_thread()
        try:
            assert requests.get(f"{url}/ads-test/v1/campaigns", timeout=5).text == "/ads-test/v1/campaigns"
            assert requests.get(f"{url}/_sim/health", timeout=5).json()["ok"] is True
        finally:
            shutdown()
    finally:
        server.MOUNTS.clear()
        server.MOUNTS.update(previous)


def test_a_malformed_payload_is_a_field_error_not_a_crash(connector):
    external_id = connector.create(PLATEAU)
    bad = plateau(regular_hours=[{"day": "MONDAY", "open": "9h", "close": "17:00"}])
    # Each directory names the error its own way (INVALID_FORMAT, a Graph subcode, HEURE_INVALIDE).
    assert [e.field for e in connector.validate(external_id, bad, ["regular_hours"])] == ["regular_hours"]
    with pytest.raises(ValidationFailed):
        connector.update(external_id, bad, ["regular_hours"])
