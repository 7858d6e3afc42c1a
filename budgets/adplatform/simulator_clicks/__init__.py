"""The ad-platform simulator's click records: Google Ads `click_view` and Microsoft Advertising's
MSClickId performance report, each in its platform's own wire format.

Part of the simulator (it moves with `simulator.py`): it imports nothing from the product and
shares no mapping with the connector that reads it (`budgets/adplatform/clickrecords.py`). Written
from the platforms' public references:

Google Ads API, REST (developers.google.com/google-ads/api/rest/design/json-mappings;
reference/rpc/latest/ClickView, ClickLocation, KeywordInfo, SearchGoogleAdsStreamResponse,
ClickViewErrorEnum; fields/latest/click_view):
    POST /v<N>/customers/<customer_id>/googleAds:searchStream   {"query": "<GAQL>"}
    headers `developer-token` and `Authorization: Bearer ...` (else 401 UNAUTHENTICATED).
    The answer is a JSON array of SearchGoogleAdsStreamResponse objects (`results`, `fieldMask`,
    `requestId`), names in lowerCamelCase, int64 values as strings. A query over `click_view`
    must filter on one day (`segments.date = 'YYYY-MM-DD'`) at most 90 days back, else a
    GoogleAdsFailure with `clickViewError` EXPECTED_FILTER_ON_A_SINGLE_DAY or DATE_TOO_OLD.
    click_view lists valid and invalid clicks; for Search, `metrics.clicks` counts the valid
    (billed) ones, so an invalid click is a row with `metrics.clicks` "0".

Microsoft Advertising API v13, REST (learn.microsoft.com/advertising/reporting-service/
submitgeneratereport, pollgeneratereport, msclickidperformancereportrequest,
msclickidperformancereportcolumn; guides/reports#reportschema; campaign-management-service/
getcampaignsbyaccountid):
    POST /CampaignManagement/v13/Campaigns/QueryByAccountId   {"AccountId", "CampaignType"}
    POST /Reporting/v13/GenerateReport/Submit   {"ReportRequest": {"Type":
         "MSClickIdPerformanceReportRequest", "Columns", "Scope", "Time", "Aggregation", ...}}
    POST /Reporting/v13/GenerateReport/Poll     {"ReportRequestId"}
         -> {"ReportRequestStatus": {"Status": "Pending"|"Success"|"Error", "ReportDownloadUrl"}}
    GET  the download URL: a ZIP holding the CSV report (quoted header lines "Report Name: ..."
         to "Rows: n", a blank line, the requested columns, the rows, a blank line, the footer).
    headers `Authorization: Bearer ...`, `DeveloperToken`, `CustomerId`, `CustomerAccountId`.
    The first poll answers Pending, the next Success; a report with no rows has no download URL.

Control, for tests and demos (the platform assigns each click its id):
    POST /_control/<source>/campaigns/<campaign>/clicks
         {"clicks": [{"day", "keyword", "match_type"?, "billed"?, "id"?,
                      "location"?: criteria id or {"city", "region", ...} (Google)
                                   or {"city", "state", "country"} (Microsoft),
                      "interest"?: criteria id or {...} (Google's area of interest)}]}
         -> {"clicks": [{"id": ...}, ...]}
"""

import re
from datetime import UTC, date, datetime

from . import google, microsoft, store
from .store import register_campaign, reset, state

__all__ = ["handle", "register_campaign", "reset", "state"]

CONTROL = re.compile(r"^/_control/(?P<source>google|microsoft)/campaigns/(?P<campaign>[-\w]{1,80})/clicks$")


def handle(environ, start_response, path: str, method: str, base_url: str):
    """Answer a click-record request, or return None when the path is not one of ours.

    `base_url` is where this simulator was reached (with its `/ads` prefix, if any): Microsoft's
    download URLs point back at it."""
    if CONTROL.match(path):
        return _control(environ, start_response, CONTROL.match(path)) if method == "POST" else None
    stream = google.GOOGLE_STREAM.match(path)
    if stream and method == "POST":
        return google.search_stream(environ, start_response, stream)
    if path == microsoft.MICROSOFT_CAMPAIGNS and method == "POST":
        return microsoft.answer(environ, start_response, microsoft.campaigns, base_url)
    if path == microsoft.MICROSOFT_SUBMIT and method == "POST":
        return microsoft.answer(environ, start_response, microsoft.submit, base_url)
    if path == microsoft.MICROSOFT_POLL and method == "POST":
        return microsoft.answer(environ, start_response, microsoft.poll, base_url)
    download = microsoft.MICROSOFT_DOWNLOAD.match(path)
    if download and method == "GET":
        with store.lock:
            archive = store.downloads.get(download["report"])
        if archive is None:
            return store.json_answer(start_response, "404 Not Found", {"error": "no such report"})
        start_response("200 OK", [("Content-Type", "application/zip"), ("Content-Length", str(len(archive)))])
        return [archive]
    return None


def _control(environ, start_response, match):
    body = store.read_body(environ)
    clicks = body.get("clicks") if isinstance(body, dict) else None
    if not isinstance(clicks, list) or not all(isinstance(c, dict) for c in clicks):
        return store.json_answer(start_response, "400 Bad Request", {"error": "clicks must be a list of objects"})
    source, campaign = match["source"], match["campaign"]
    stored = []
    try:
        for click in clicks:
            stored.append(
                {
                    "id": str(click.get("id") or store.new_id(source))[:128],
                    "day": date.fromisoformat(str(click["day"])),
                    "keyword": str(click["keyword"])[:200],
                    "match_type": str(click.get("match_type") or "exact").lower(),
                    "billed": bool(click.get("billed", True)),
                    "location": click.get("location"),
                    "interest": click.get("interest"),
                    "at": datetime.now(UTC),
                }
            )
    except (KeyError, ValueError, TypeError):
        return store.json_answer(start_response, "400 Bad Request", {"error": "each click needs a day and a keyword"})
    register_campaign(source, campaign)
    with store.lock:
        store.clicks.setdefault((source, campaign), []).extend(stored)
    return store.json_answer(start_response, "200 OK", {"clicks": [{"id": c["id"]} for c in stored]})
