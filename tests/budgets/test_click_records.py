"""The ad platforms' click records, in their own wire formats.

The simulator answers as the Google Ads API (googleAds:searchStream over click_view) and the
Microsoft Advertising Reporting API (MSClickId performance report: submit, poll, ZIP download) are
documented to; the connector reads documents written here by hand from the same references
(developers.google.com/google-ads/api/rest/design/json-mappings and reference/rpc/latest/ClickView;
learn.microsoft.com/advertising/guides/reports#reportschema and
reporting-service/msclickidperformancereportcolumn), never documents our own code produced.
"""

import ast
import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import requests
import time_machine

from budgets.adplatform import simulator
from budgets.adplatform.base import AdPlatformError
from budgets.adplatform.clickrecords import (
    ClickRecord,
    GoogleAdsClickRecords,
    MicrosoftClickRecords,
    get_click_records,
)
from budgets.reconciliation import verdict
from tests.budgets.helpers import simulator_clicks

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
GOOGLE = {"developer-token": "t0k3n", "Authorization": "Bearer ya29.token"}
MICROSOFT = {
    "Authorization": "Bearer EwB.token",
    "DeveloperToken": "BBD37VB98",
    "CustomerId": "251000001",
    "CustomerAccountId": "180000001",
}

# A searchStream answer as the REST reference shows one: a JSON array of batches, lowerCamelCase
# names, int64 as strings, resource names for places. The second click is invalid (0 clicks).
GOOGLE_STREAM = """[
  {
    "results": [
      {
        "clickView": {
          "resourceName": "customers/1234567890/clickViews/2026-11-20~Cj0KCQiAhandwritten1",
          "gclid": "Cj0KCQiAhandwritten1",
          "areaOfInterest": {"city": "geoTargetConstants/1002577", "mostSpecific": "geoTargetConstants/1002577"},
          "locationOfPresence": {
            "city": "geoTargetConstants/1002604",
            "mostSpecific": "geoTargetConstants/9000093",
            "region": "geoTargetConstants/20123",
            "country": "geoTargetConstants/2124"
          },
          "keywordInfo": {"text": "assurance auto", "matchType": "EXACT"}
        },
        "metrics": {"clicks": "1"},
        "segments": {"date": "2026-11-20"}
      },
      {
        "clickView": {
          "resourceName": "customers/1234567890/clickViews/2026-11-20~Cj0KCQiAhandwritten2",
          "gclid": "Cj0KCQiAhandwritten2",
          "keywordInfo": {"text": "Assurance Auto", "matchType": "PHRASE"}
        },
        "metrics": {"clicks": "0"},
        "segments": {"date": "2026-11-20"}
      }
    ],
    "fieldMask": "clickView.gclid,clickView.keywordInfo.text,segments.date,metrics.clicks",
    "requestId": "kmK7Ea2bS8hNw1Fj0eQqZA"
  }
]"""

# An MSClickId report as Microsoft's report schema shows one (FormatVersion 2.0, Daily).
MICROSOFT_CSV = (
    "\ufeff"
    '"Report Name: Click records 2026-11-20"\r\n'
    '"Report Time: 11/20/2026"\r\n'
    '"Time Zone: (GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"\r\n'
    '"Last Completed Available Day: 11/21/2026 6:10:00 AM (GMT)"\r\n'
    '"Last Completed Available Hour: 11/21/2026 6:10:00 AM (GMT)"\r\n'
    '"Report Aggregation: Daily"\r\n'
    '"Report Filter: "\r\n'
    '"Potential Incomplete Data: false"\r\n'
    '"Rows: 2"\r\n'
    "\r\n"
    '"TimePeriod","MSClickId","Keyword","BidMatchType","City","State","Country","Clicks"\r\n'
    '"2026-11-20","5a3c2f0e9b1d4c7e8f6a2b3c4d5e6f70","assurance auto","Exact","Montréal","Quebec","Canada","1"\r\n'
    '"2026-11-20","0f1e2d3c4b5a69788796a5b4c3d2e1f0","assurance auto","Phrase","Laval","Quebec","Canada","0"\r\n'
    "\r\n"
    '"@2026 Microsoft Corporation. All rights reserved. "\r\n'
)


def test_the_connector_reads_a_searchstream_answer_written_from_the_reference():
    records = GoogleAdsClickRecords.parse(json.loads(GOOGLE_STREAM), DAY)
    assert records == [
        ClickRecord(
            click_id="Cj0KCQiAhandwritten1",
            day=DAY,
            keyword="assurance auto",
            match_type="exact",
            billed=True,
            location_ids=(9000093, 1002604, 20123, 2124, 1002577),
        ),
        ClickRecord(
            click_id="Cj0KCQiAhandwritten2", day=DAY, keyword="Assurance Auto", match_type="phrase", billed=False
        ),
    ]


def test_the_connector_reads_an_msclickid_report_written_from_the_reference():
    records = MicrosoftClickRecords.parse(MICROSOFT_CSV.removeprefix("\ufeff"), DAY)
    assert [(r.click_id, r.keyword, r.match_type, r.billed, r.place) for r in records] == [
        ("5a3c2f0e9b1d4c7e8f6a2b3c4d5e6f70", "assurance auto", "exact", True, "Montréal, Quebec, Canada"),
        ("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "assurance auto", "phrase", False, "Laval, Quebec, Canada"),
    ]


def test_a_report_without_the_click_id_column_is_refused():
    with pytest.raises(AdPlatformError, match="MSClickId"):
        MicrosoftClickRecords.parse('"Keyword","Clicks"\r\n"x","1"\r\n', DAY)


@pytest.mark.parametrize(
    ("billed", "locations", "geo", "expected"),
    [
        (True, (9000093, 1002604), 1002604, "confirmed"),
        (True, (9000093, 1002604), None, "confirmed"),
        (True, (), 1002577, "confirmed"),  # the platform names no location id (Microsoft)
        (True, (9000093, 1002604), 1002577, "elsewhere"),
        (False, (1002604,), 1002604, "not_billed"),
    ],
)
def test_the_platforms_record_gives_our_click_its_verdict(billed, locations, geo, expected):
    assert verdict(billed=billed, location_ids=locations, geo_criteria_id=geo) == expected


@pytest.fixture
def sim():
    simulator.reset()
    url, shutdown = simulator.serve_in_thread()
    yield url
    shutdown()


def search(url, query, headers=GOOGLE, customer="1234567890"):
    return requests.post(
        f"{url}/v21/customers/{customer}/googleAds:searchStream", json={"query": query}, headers=headers, timeout=10
    )


def failure(response):
    (payload,) = response.json()
    (detail,) = payload["error"]["details"]
    assert detail["@type"] == "type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure"
    return payload["error"]["status"], detail["errors"][0]["errorCode"]


@time_machine.travel(NOW, tick=False)
def test_the_simulated_google_ads_api_answers_click_view_queries_as_documented(sim):
    (gclid, invalid) = simulator_clicks(
        sim,
        "google",
        "pool-a",
        [
            {"day": "2026-11-20", "keyword": "assurance auto", "location": {"most_specific": 9000093, "city": 1002604}},
            {"day": "2026-11-20", "keyword": "assurance auto", "match_type": "phrase", "billed": False},
        ],
    )
    simulator_clicks(sim, "google", "pool-b", [{"day": "2026-11-20", "keyword": "other"}])
    query = (
        "SELECT click_view.gclid, click_view.resource_name, click_view.keyword_info.match_type, "
        "click_view.location_of_presence.most_specific, segments.date, metrics.clicks "
        "FROM click_view WHERE segments.date = '2026-11-20' AND campaign.name = 'pool-a'"
    )
    response = search(sim, query)
    assert response.status_code == 200
    (batch,) = response.json()
    assert batch["fieldMask"] == (
        "clickView.gclid,clickView.resourceName,clickView.keywordInfo.matchType,"
        "clickView.locationOfPresence.mostSpecific,segments.date,metrics.clicks"
    )
    assert batch["requestId"]
    assert batch["results"] == [
        {
            "clickView": {
                "gclid": gclid,
                "resourceName": f"customers/1234567890/clickViews/2026-11-20~{gclid}",
                "keywordInfo": {"matchType": "EXACT"},
                "locationOfPresence": {"mostSpecific": "geoTargetConstants/9000093"},
            },
            "segments": {"date": "2026-11-20"},
            "metrics": {"clicks": "1"},
        },
        {
            "clickView": {
                "gclid": invalid,
                "resourceName": f"customers/1234567890/clickViews/2026-11-20~{invalid}",
                "keywordInfo": {"matchType": "PHRASE"},
            },
            "segments": {"date": "2026-11-20"},
            "metrics": {"clicks": "0"},
        },
    ]
    empty = search(sim, query.replace("2026-11-20", "2026-11-19")).json()
    assert len(empty) == 1 and "results" not in empty[0] and empty[0]["fieldMask"]


@time_machine.travel(NOW, tick=False)
def test_the_simulated_google_ads_api_refuses_what_google_refuses(sim):
    select = "SELECT click_view.gclid FROM click_view"
    assert failure(search(sim, select)) == ("INVALID_ARGUMENT", {"clickViewError": "EXPECTED_FILTER_ON_A_SINGLE_DAY"})
    old = search(sim, f"{select} WHERE segments.date = '2026-08-22'")
    assert old.status_code == 400
    assert failure(old) == ("INVALID_ARGUMENT", {"clickViewError": "DATE_TOO_OLD"})
    assert search(sim, f"{select} WHERE segments.date = '2026-08-23'").status_code == 200  # 90 days back
    unknown = search(sim, "SELECT click_view.cost FROM click_view WHERE segments.date = '2026-11-20'")
    assert failure(unknown) == ("INVALID_ARGUMENT", {"queryError": "UNRECOGNIZED_FIELD"})
    no_token = search(sim, f"{select} WHERE segments.date = '2026-11-20'", headers={"Authorization": "Bearer x"})
    assert no_token.status_code == 401
    assert failure(no_token) == ("UNAUTHENTICATED", {"authenticationError": "DEVELOPER_TOKEN_INVALID"})
    assert (
        search(sim, f"{select} WHERE segments.date = '2026-11-20'", headers={"developer-token": "t"}).status_code == 401
    )


def microsoft(url, path, body, headers=MICROSOFT):
    return requests.post(f"{url}{path}", json=body, headers=headers, timeout=10)


def report_request(campaign_id, columns=("TimePeriod", "MSClickId", "Keyword", "City", "Clicks")):
    when = {"Day": 20, "Month": 11, "Year": 2026}
    return {
        "ReportRequest": {
            "Type": "MSClickIdPerformanceReportRequest",
            "Format": "Csv",
            "FormatVersion": "2.0",
            "ReportName": "Clicks",
            "Aggregation": "Daily",
            "Columns": list(columns),
            "Scope": {"AccountIds": None, "Campaigns": [{"AccountId": "180000001", "CampaignId": campaign_id}]},
            "Time": {"CustomDateRangeStart": when, "CustomDateRangeEnd": when},
        }
    }


@time_machine.travel(NOW, tick=False)
def test_the_simulated_microsoft_reporting_api_submits_polls_and_serves_a_zipped_csv(sim):
    (msclkid,) = simulator_clicks(
        sim, "microsoft", "pool-a", [{"day": "2026-11-20", "keyword": "assurance auto", "location": {"city": "Laval"}}]
    )
    assert len(msclkid) == 32 and int(msclkid, 16) >= 0
    campaigns = microsoft(sim, "/CampaignManagement/v13/Campaigns/QueryByAccountId", {"AccountId": "180000001"})
    (campaign,) = campaigns.json()["Campaigns"]
    assert campaign["Name"] == "pool-a"

    submitted = microsoft(sim, "/Reporting/v13/GenerateReport/Submit", report_request(campaign["Id"]))
    request_id = submitted.json()["ReportRequestId"]
    poll = {"ReportRequestId": request_id}
    assert microsoft(sim, "/Reporting/v13/GenerateReport/Poll", poll).json() == {
        "ReportRequestStatus": {"ReportDownloadUrl": None, "Status": "Pending"}
    }
    status = microsoft(sim, "/Reporting/v13/GenerateReport/Poll", poll).json()["ReportRequestStatus"]
    assert status["Status"] == "Success"
    archive = zipfile.ZipFile(io.BytesIO(requests.get(status["ReportDownloadUrl"], timeout=10).content))
    text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Report Name: Clicks"] and rows[8] == ["Rows: 1"] and rows[9] == []
    assert rows[10:12] == [
        ["TimePeriod", "MSClickId", "Keyword", "City", "Clicks"],
        ["2026-11-20", msclkid, "assurance auto", "Laval", "1"],
    ]
    assert rows[-1][0].endswith("Microsoft Corporation. All rights reserved. ")


def test_the_simulated_microsoft_api_refuses_missing_credentials_and_unknown_columns(sim):
    refused = microsoft(sim, "/Reporting/v13/GenerateReport/Submit", report_request(1), headers={"Authorization": "x"})
    assert refused.status_code == 401 and refused.json()["Errors"][0]["ErrorCode"] == "InvalidCredentials"
    bad = microsoft(sim, "/Reporting/v13/GenerateReport/Submit", report_request(1, columns=("Spend", "Nonsense")))
    assert bad.status_code == 400
    assert bad.json()["Errors"][0]["ErrorCode"] == "ReportingServiceInvalidReportColumns"


@time_machine.travel(NOW, tick=False)
def test_the_connectors_read_what_the_simulated_platforms_recorded(sim, settings):
    settings.ADPLATFORM_URL = sim
    (gclid,) = simulator_clicks(sim, "google", "pool-a", [{"day": "2026-11-20", "keyword": "assurance auto"}])
    (msclkid,) = simulator_clicks(
        sim, "microsoft", "pool-a", [{"day": "2026-11-20", "keyword": "assurance auto", "billed": False}]
    )
    assert get_click_records("google").fetch(campaign="pool-a", day=DAY) == [
        ClickRecord(click_id=gclid, day=DAY, keyword="assurance auto", match_type="exact", billed=True)
    ]
    assert get_click_records("microsoft").fetch(campaign="pool-a", day=DAY) == [
        ClickRecord(click_id=msclkid, day=DAY, keyword="assurance auto", match_type="exact", billed=False)
    ]
    assert get_click_records("microsoft").fetch(campaign="unknown-pool", day=DAY) == []
    assert get_click_records("google").fetch(campaign="pool-a", day=date(2026, 11, 19)) == []


def test_the_click_record_simulator_imports_nothing_from_the_product():
    """It moves with the simulator to its own package: the standard library and itself only."""
    package = Path(__file__).resolve().parents[2] / "budgets" / "adplatform" / "simulator_clicks"
    imported = set()
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add((node.module or "").split(".")[0])
    stdlib = {"base64", "csv", "datetime", "hashlib", "io", "json", "re", "secrets", "threading", "uuid", "zipfile"}
    assert imported <= stdlib, imported - stdlib
