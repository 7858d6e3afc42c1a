"""The simulators behave as the real services do where a client can tell, and stand apart from
the product (they import none of it)."""

import ast
from pathlib import Path

import pytest
import requests

from simulators.server import serve_in_thread

INFO = "mybusinessbusinessinformation.googleapis.com"
ROOT = Path(__file__).resolve().parents[2] / "simulators"
LOCATION = {
    "title": "Grande Assurance Plateau",
    "storefrontAddress": {
        "regionCode": "CA",
        "postalCode": "H2X 1K4",
        "locality": "Montréal",
        "addressLines": ["1 rue A"],
    },
    "categories": {"primaryCategory": {"name": "categories/gcid:insurance_agency"}},
}


@pytest.fixture(scope="module")
def url():
    base, shutdown = serve_in_thread()
    yield base
    shutdown()


@pytest.fixture
def location(url):
    requests.post(f"{url}/_sim/reset", timeout=5)
    created = requests.post(
        f"{url}/{INFO}/v1/accounts/77/locations", params={"requestId": "a"}, json=LOCATION, timeout=5
    )
    assert created.status_code == 200, created.text
    return f"{url}/{INFO}/v1/{created.json()['name']}"


def test_the_simulators_import_nothing_from_the_product():
    product = {"listings", "budgets", "network", "franchise_platform", "accounts", "reporting", "forum", "django"}
    for module in ROOT.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not {name.split(".")[0] for name in names} & product, module.name


def test_google_requires_read_mask_and_answers_only_the_masked_fields(location):
    refused = requests.get(location, timeout=5)
    assert refused.status_code == 400 and refused.json()["error"]["status"] == "INVALID_ARGUMENT"
    shown = requests.get(location, params={"readMask": "title"}, timeout=5).json()
    assert shown == {"title": "Grande Assurance Plateau"}


def test_google_refuses_unknown_and_output_only_fields_with_field_violations(location):
    unknown = requests.patch(location, params={"updateMask": "title"}, json={"title": "x", "colour": "red"}, timeout=5)
    error = unknown.json()["error"]
    assert (unknown.status_code, error["status"]) == (400, "INVALID_ARGUMENT")
    violations = next(d for d in error["details"] if d["@type"].endswith("BadRequest"))["fieldViolations"]
    assert 'Unknown name "colour"' in violations[0]["description"]
    output_only = requests.patch(
        location,
        params={"updateMask": "categories"},
        json={"categories": {"primaryCategory": {"displayName": "Agence"}}},
        timeout=5,
    )
    assert output_only.status_code == 400 and "output only" in output_only.text


def test_google_validate_only_answers_an_empty_body_and_changes_nothing(location):
    dry = requests.patch(
        location, params={"updateMask": "title", "validateOnly": "true"}, json={"title": "Nouveau"}, timeout=5
    )
    assert (dry.status_code, dry.json()) == (200, {})
    assert requests.get(location, params={"readMask": "title"}, timeout=5).json()["title"] == "Grande Assurance Plateau"


def test_google_routes_verbs_to_their_own_handlers(url, location):
    assert requests.get(f"{location}:getGoogleUpdated", timeout=5).status_code == 400  # readMask required
    assert requests.get(f"{location}:getGoogleVersion", params={"readMask": "title"}, timeout=5).status_code == 404
    name = location.rsplit("/v1/", 1)[1]
    perf = f"{url}/businessprofileperformance.googleapis.com/v1/{name}:fetchMultiDailyMetricsTimeSeries"
    day = {
        f"dailyRange.{e}Date.{k}": v for e in ("start", "end") for k, v in (("year", 2026), ("month", 11), ("day", 20))
    }
    answer = requests.get(perf, params={"dailyMetrics": ["CALL_CLICKS", "WEBSITE_CLICKS"], **day}, timeout=5)
    series = answer.json()["multiDailyMetricTimeSeries"][0]["dailyMetricTimeSeries"]
    assert [s["dailyMetric"] for s in series] == ["CALL_CLICKS", "WEBSITE_CLICKS"]
    old = f"{url}/businessprofileperformance.googleapis.com/v1/{name}:getDailyMetrics"
    assert requests.get(old, params={"date": "2026-11-20"}, timeout=5).status_code == 404
    assert requests.get(f"{url}/{INFO}/v1/{name}/reviews", timeout=5).status_code == 404  # reviews live in v4
    assert requests.post(f"{url}/{INFO}/v1/locations", json=LOCATION, timeout=5).status_code == 404


def test_graph_takes_form_encoded_parameters_and_answers_its_error_envelope(url):
    requests.post(f"{url}/_sim/reset", timeout=5)
    requests.post(
        f"{url}/_sim/seed",
        json={"listings": [{"directory": "facebook", "external_id": "42", "document": {"name": "Agence"}}]},
        timeout=5,
    )
    page = f"{url}/graph.facebook.com/v21.0/42"
    written = requests.post(
        page, data={"hours": '{"mon_1_open": "09:00", "mon_1_close": "17:00"}', "fields": "hours"}, timeout=5
    )
    assert written.json() == {"id": "42", "hours": {"mon_1_open": "09:00", "mon_1_close": "17:00"}}
    refused = requests.post(page, data={"special_hours": "[]"}, timeout=5)
    error = refused.json()["error"]
    assert (
        refused.status_code == 400 and {"message", "type", "code", "fbtrace_id"} <= set(error) and error["code"] == 100
    )
    unknown = requests.get(page, params={"fields": "special_hours"}, timeout=5).json()["error"]
    assert "nonexisting field (special_hours)" in unknown["message"]
    assert requests.get(f"{page}/ratings/1/comments", timeout=5).status_code == 400  # no such edge


def test_the_pages_jaunes_model_says_it_is_one():
    assert "MODEL" in (ROOT / "pagesjaunes.py").read_text().split('"""')[1]
