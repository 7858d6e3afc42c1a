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

import base64
import csv
import hashlib
import io
import json
import re
import secrets
import threading
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta

GOOGLE_STREAM = re.compile(r"^/v(?P<version>\d{1,3})/customers/(?P<customer>\d{1,12})/googleAds:searchStream$")
MICROSOFT_CAMPAIGNS = "/CampaignManagement/v13/Campaigns/QueryByAccountId"
MICROSOFT_SUBMIT = "/Reporting/v13/GenerateReport/Submit"
MICROSOFT_POLL = "/Reporting/v13/GenerateReport/Poll"
MICROSOFT_DOWNLOAD = re.compile(r"^/_downloads/(?P<report>[0-9a-f]{32})\.zip$")
CONTROL = re.compile(r"^/_control/(?P<source>google|microsoft)/campaigns/(?P<campaign>[-\w]{1,80})/clicks$")
CLICK_VIEW_DAYS = 90
STREAM_BATCH = 10_000

# What may be selected or filtered alongside click_view (fields/latest/click_view).
LOCATION_PARTS = ("city", "country", "metro", "most_specific", "region")
GOOGLE_FIELDS = {
    "click_view.resource_name",
    "click_view.gclid",
    "click_view.keyword",
    "click_view.keyword_info.text",
    "click_view.keyword_info.match_type",
    "click_view.page_number",
    "click_view.ad_group_ad",
    "campaign.id",
    "campaign.name",
    "customer.id",
    "segments.date",
    "metrics.clicks",
    *(
        f"click_view.{where}.{part}"
        for where in ("area_of_interest", "location_of_presence")
        for part in LOCATION_PARTS
    ),
}
MICROSOFT_COLUMNS = (
    "TimePeriod",
    "AccountId",
    "CampaignId",
    "AdGroupId",
    "AssetGroupId",
    "AdId",
    "MSClickId",
    "SearchQuery",
    "Keyword",
    "PageNumber",
    "TopVsOther",
    "BidMatchType",
    "Network",
    "DeviceType",
    "Country",
    "State",
    "MetroArea",
    "City",
    "Clicks",
    "AverageCpc",
    "ConversionsQualified",
    "Revenue",
)
MATCH_TYPES = {"exact": ("EXACT", "Exact"), "phrase": ("PHRASE", "Phrase"), "broad": ("BROAD", "Broad")}

_lock = threading.Lock()
_clicks: dict[tuple[str, str], list[dict]] = {}  # (source, campaign) -> clicks
_campaign_ids: dict[str, int] = {}  # Microsoft campaign name -> id
_report_requests: dict[str, dict] = {}
_downloads: dict[str, bytes] = {}


def reset() -> None:
    with _lock:
        _clicks.clear()
        _campaign_ids.clear()
        _report_requests.clear()
        _downloads.clear()


def register_campaign(source: str, campaign: str) -> None:
    """A campaign the platform knows (its keywords were pushed): Microsoft gives it an id."""
    if source == "microsoft":
        with _lock:
            _campaign_ids.setdefault(campaign, 141_000_000 + len(_campaign_ids) + 1)


def state() -> dict:
    with _lock:
        return {f"{source}/{campaign}": len(clicks) for (source, campaign), clicks in _clicks.items()}


def _today() -> date:
    return datetime.now(UTC).date()


def _json(start_response, status: str, payload, headers=()) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *headers])
    return [body]


def _body(environ):
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), 5_000_000)
        return json.loads(environ["wsgi.input"].read(length) or b"null")
    except (ValueError, json.JSONDecodeError):
        return None


def handle(environ, start_response, path: str, method: str, base_url: str):
    """Answer a click-record request, or return None when the path is not one of ours.

    `base_url` is where this simulator was reached (with its `/ads` prefix, if any): Microsoft's
    download URLs point back at it."""
    if CONTROL.match(path):
        return _control(environ, start_response, CONTROL.match(path)) if method == "POST" else None
    stream = GOOGLE_STREAM.match(path)
    if stream and method == "POST":
        return _search_stream(environ, start_response, stream)
    if path == MICROSOFT_CAMPAIGNS and method == "POST":
        return _microsoft(environ, start_response, _campaigns, base_url)
    if path == MICROSOFT_SUBMIT and method == "POST":
        return _microsoft(environ, start_response, _submit, base_url)
    if path == MICROSOFT_POLL and method == "POST":
        return _microsoft(environ, start_response, _poll, base_url)
    download = MICROSOFT_DOWNLOAD.match(path)
    if download and method == "GET":
        with _lock:
            archive = _downloads.get(download["report"])
        if archive is None:
            return _json(start_response, "404 Not Found", {"error": "no such report"})
        start_response("200 OK", [("Content-Type", "application/zip"), ("Content-Length", str(len(archive)))])
        return [archive]
    return None


# --- Control ---------------------------------------------------------------------------------


def _new_id(source: str) -> str:
    if source == "google":  # gclids are opaque URL-safe base64 strings
        return "Cj0KCQ" + base64.urlsafe_b64encode(secrets.token_bytes(48)).decode().rstrip("=")
    return uuid.uuid4().hex  # msclkids are 32 hexadecimal characters


def _control(environ, start_response, match):
    body = _body(environ)
    clicks = body.get("clicks") if isinstance(body, dict) else None
    if not isinstance(clicks, list) or not all(isinstance(c, dict) for c in clicks):
        return _json(start_response, "400 Bad Request", {"error": "clicks must be a list of objects"})
    source, campaign = match["source"], match["campaign"]
    stored = []
    try:
        for click in clicks:
            stored.append(
                {
                    "id": str(click.get("id") or _new_id(source))[:128],
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
        return _json(start_response, "400 Bad Request", {"error": "each click needs a day and a keyword"})
    register_campaign(source, campaign)
    with _lock:
        _clicks.setdefault((source, campaign), []).extend(stored)
    return _json(start_response, "200 OK", {"clicks": [{"id": c["id"]} for c in stored]})


# --- Google Ads: googleAds:searchStream over click_view -----------------------------------------


def _google_error(start_response, status: str, code: int, grpc_status: str, version: str, error_code: dict, message):
    request_id = secrets.token_urlsafe(16)
    failure = {
        "@type": f"type.googleapis.com/google.ads.googleads.v{version}.errors.GoogleAdsFailure",
        "errors": [{"errorCode": error_code, "message": message}],
        "requestId": request_id,
    }
    payload = {"error": {"code": code, "message": message, "status": grpc_status, "details": [failure]}}
    return _json(start_response, status, [payload])


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


QUERY = re.compile(
    r"^\s*SELECT\s+(?P<fields>.+?)\s+FROM\s+(?P<resource>[a-z_]+)"
    r"(?:\s+WHERE\s+(?P<where>.+?))?(?:\s+ORDER\s+BY\s+.+?)?(?:\s+LIMIT\s+\d+)?\s*$",
    re.IGNORECASE | re.DOTALL,
)
CONDITION = re.compile(
    r"^\s*(?P<field>[a-z_.]+)\s*=\s*(?:'(?P<text>[^']*)'|\"(?P<quoted>[^\"]*)\"|(?P<number>\d+))\s*$"
)


def _parse_query(query: str):
    """(fields, conditions) of a GAQL query over click_view, or (None, error code, message)."""
    match = QUERY.match(query or "")
    if not match:
        return None, {"queryError": "UNEXPECTED_END_OF_QUERY"}, "The query could not be parsed."
    if match["resource"].lower() != "click_view":
        return None, {"queryError": "INVALID_RESOURCE_NAME"}, "This simulator serves click_view only."
    fields = [field.strip().lower() for field in match["fields"].split(",")]
    conditions = {}
    for part in re.split(r"\s+AND\s+", match["where"] or "", flags=re.IGNORECASE) if match["where"] else []:
        condition = CONDITION.match(part)
        if not condition:
            return None, {"clickViewError": "EXPECTED_FILTER_ON_A_SINGLE_DAY"}, "Missing filter on a single day."
        value = condition["text"] if condition["text"] is not None else condition["quoted"] or condition["number"]
        conditions[condition["field"]] = value
    for field in [*fields, *conditions]:
        if field not in GOOGLE_FIELDS:
            return None, {"queryError": "UNRECOGNIZED_FIELD"}, f"Unrecognized field in the query: '{field}'."
    return fields, conditions, None


def _geo(value) -> dict:
    """A click's location as ClickLocation parts: a bare criteria id is its most specific place."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {part: int(value[part]) for part in LOCATION_PARTS if value.get(part) is not None}
    return {"most_specific": int(value)}


def _row_value(click: dict, field: str, customer: str, campaign: str, campaign_id: int):
    parts = field.split(".")
    if field == "click_view.resource_name":
        return f"customers/{customer}/clickViews/{click['day'].isoformat()}~{click['id']}"
    if field == "click_view.gclid":
        return click["id"]
    if field == "click_view.keyword":
        digest = hashlib.sha256(click["keyword"].encode()).digest()
        return f"customers/{customer}/adGroupCriteria/{campaign_id}~{int.from_bytes(digest[:4], 'big')}"
    if field == "click_view.keyword_info.text":
        return click["keyword"]
    if field == "click_view.keyword_info.match_type":
        return MATCH_TYPES.get(click["match_type"], ("UNKNOWN",))[0]
    if field == "click_view.page_number":
        return "1"
    if field == "click_view.ad_group_ad":
        return f"customers/{customer}/adGroupAds/{campaign_id}~1"
    if parts[0] == "click_view" and parts[1] in ("area_of_interest", "location_of_presence"):
        place = _geo(click["interest"] if parts[1] == "area_of_interest" else click["location"]).get(parts[2])
        return f"geoTargetConstants/{place}" if place is not None else None
    if field == "campaign.id":
        return str(campaign_id)
    if field == "campaign.name":
        return campaign
    if field == "customer.id":
        return customer
    if field == "segments.date":
        return click["day"].isoformat()
    if field == "metrics.clicks":
        return "1" if click["billed"] else "0"
    return None


def _search_stream(environ, start_response, match):
    version, customer = match["version"], match["customer"]
    token = environ.get("HTTP_AUTHORIZATION", "")
    if not token.startswith("Bearer ") or len(token) < 8:
        return _google_error(
            start_response,
            "401 Unauthorized",
            401,
            "UNAUTHENTICATED",
            version,
            {"authenticationError": "OAUTH_TOKEN_HEADER_INVALID"},
            "Request is missing required authentication credential.",
        )
    if not environ.get("HTTP_DEVELOPER_TOKEN"):
        return _google_error(
            start_response,
            "401 Unauthorized",
            401,
            "UNAUTHENTICATED",
            version,
            {"authenticationError": "DEVELOPER_TOKEN_INVALID"},
            "The developer token is not valid.",
        )
    body = _body(environ)
    query = body.get("query") if isinstance(body, dict) else None
    fields, conditions, message = _parse_query(query if isinstance(query, str) else "")
    if fields is None:
        return _google_error(start_response, "400 Bad Request", 400, "INVALID_ARGUMENT", version, conditions, message)
    day_text = conditions.get("segments.date")
    try:
        day = date.fromisoformat(day_text or "")
    except ValueError:
        return _google_error(
            start_response,
            "400 Bad Request",
            400,
            "INVALID_ARGUMENT",
            version,
            {"clickViewError": "EXPECTED_FILTER_ON_A_SINGLE_DAY"},
            "Missing filter on a single day.",
        )
    if day < _today() - timedelta(days=CLICK_VIEW_DAYS):
        return _google_error(
            start_response,
            "400 Bad Request",
            400,
            "INVALID_ARGUMENT",
            version,
            {"clickViewError": "DATE_TOO_OLD"},
            "The requested date is too old.",
        )
    rows = []
    with _lock:
        campaigns = sorted(campaign for source, campaign in _clicks if source == "google")
        for campaign in campaigns:
            campaign_id = 20_000_000_000 + campaigns.index(campaign) + 1
            if conditions.get("campaign.name") not in (None, campaign):
                continue
            if conditions.get("campaign.id") not in (None, str(campaign_id)):
                continue
            for click in _clicks[("google", campaign)]:
                if click["day"] == day:
                    rows.append({f: _row_value(click, f, customer, campaign, campaign_id) for f in fields})
    mask = ",".join(".".join(_camel(part) for part in field.split(".")) for field in fields)
    request_id = secrets.token_urlsafe(16)
    batches = []
    for start in range(0, max(len(rows), 1), STREAM_BATCH):
        batch = {"fieldMask": mask, "requestId": request_id}
        chunk = [_nest(row) for row in rows[start : start + STREAM_BATCH]]
        if chunk:
            batch["results"] = chunk
        batches.append(batch)
    return _json(start_response, "200 OK", batches)


def _nest(row: dict) -> dict:
    """{"click_view.keyword_info.text": v} -> {"clickView": {"keywordInfo": {"text": v}}}, no empties."""
    result: dict = {}
    for field, value in row.items():
        if value is None:
            continue
        node = result
        *parents, leaf = [_camel(part) for part in field.split(".")]
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return result


# --- Microsoft Advertising: MSClickId performance report ------------------------------------


def _microsoft(environ, start_response, operation, base_url: str):
    missing = [
        name
        for name, key in (
            ("Authorization", "HTTP_AUTHORIZATION"),
            ("DeveloperToken", "HTTP_DEVELOPERTOKEN"),
            ("CustomerId", "HTTP_CUSTOMERID"),
            ("CustomerAccountId", "HTTP_CUSTOMERACCOUNTID"),
        )
        if not environ.get(key)
    ]
    tracking = str(uuid.uuid4())
    headers = [("TrackingId", tracking)]
    if missing:
        return _json(
            start_response,
            "401 Unauthorized",
            _fault(tracking, 105, "InvalidCredentials", f"Authentication failed: missing {', '.join(missing)}."),
            headers,
        )
    body = _body(environ)
    if not isinstance(body, dict):
        return _json(start_response, "400 Bad Request", _fault(tracking, 100, "NullRequest", "The request is empty."))
    status, payload = operation(body, environ.get("HTTP_CUSTOMERACCOUNTID"), base_url)
    return _json(start_response, status, payload if "Code" not in payload else _fault(tracking, **payload), headers)


def _fault(tracking: str, Code: int, ErrorCode: str, Message: str) -> dict:
    return {
        "TrackingId": tracking,
        "Type": "AdApiFaultDetail",
        "Errors": [{"Code": Code, "ErrorCode": ErrorCode, "Message": Message, "Details": None}],
    }


def _campaigns(body: dict, account_id: str, base_url: str):
    if str(body.get("AccountId") or "") != str(account_id):
        return "400 Bad Request", {"Code": 1102, "ErrorCode": "CampaignServiceInvalidAccountId", "Message": "Bad id."}
    with _lock:
        campaigns = [
            {"Id": campaign_id, "Name": name, "CampaignType": "Search", "Status": "Active", "TimeZone": "Greenwich"}
            for name, campaign_id in sorted(_campaign_ids.items(), key=lambda item: item[1])
        ]
    return "200 OK", {"Campaigns": campaigns, "PartialErrors": []}


def _report_day(time: dict) -> tuple[date, date] | None:
    try:
        start, end = (
            date(int(time[key]["Year"]), int(time[key]["Month"]), int(time[key]["Day"]))
            for key in ("CustomDateRangeStart", "CustomDateRangeEnd")
        )
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if start <= end else None


def _submit(body: dict, account_id: str, base_url: str):
    request = body.get("ReportRequest")
    if not isinstance(request, dict) or request.get("Type") != "MSClickIdPerformanceReportRequest":
        return "400 Bad Request", {
            "Code": 2001,
            "ErrorCode": "ReportingServiceInvalidReportType",
            "Message": "This simulator serves MSClickIdPerformanceReportRequest only.",
        }
    columns = request.get("Columns")
    if not isinstance(columns, list) or not columns or any(c not in MICROSOFT_COLUMNS for c in columns):
        return "400 Bad Request", {
            "Code": 2009,
            "ErrorCode": "ReportingServiceInvalidReportColumns",
            "Message": "The report columns are missing or not valid for this report type.",
        }
    span = _report_day(request.get("Time") or {})
    if span is None:
        return "400 Bad Request", {
            "Code": 2016,
            "ErrorCode": "ReportingServiceInvalidCustomDateRange",
            "Message": "The custom date range is not valid.",
        }
    scope = request.get("Scope") or {}
    wanted = {str(c.get("CampaignId")) for c in scope.get("Campaigns") or [] if isinstance(c, dict)}
    if str(account_id) not in {str(a) for a in scope.get("AccountIds") or []} and not wanted:
        return "400 Bad Request", {
            "Code": 2004,
            "ErrorCode": "ReportingServiceInvalidReportScope",
            "Message": "The report scope must name the account or its campaigns.",
        }
    request_id = uuid.uuid4().hex
    with _lock:
        _report_requests[request_id] = {
            "request": request,
            "span": span,
            "campaigns": wanted,
            "account": str(account_id),
            "polls": 0,
        }
    return "200 OK", {"ReportRequestId": request_id}


def _poll(body: dict, account_id: str, base_url: str):
    request_id = str(body.get("ReportRequestId") or "")
    with _lock:
        job = _report_requests.get(request_id)
        if job is None:
            return "400 Bad Request", {
                "Code": 2100,
                "ErrorCode": "ReportingServiceInvalidReportId",
                "Message": "The report request id is not valid.",
            }
        job["polls"] += 1
        if job["polls"] == 1:  # reports are generated asynchronously: the first poll waits
            return "200 OK", {"ReportRequestStatus": {"ReportDownloadUrl": None, "Status": "Pending"}}
        rows = _report_rows(job)
        url = None
        if rows:
            _downloads[request_id] = _zip(job, rows)
            url = f"{base_url}/_downloads/{request_id}.zip"
    return "200 OK", {"ReportRequestStatus": {"ReportDownloadUrl": url, "Status": "Success"}}


def _report_rows(job: dict) -> list[dict]:
    start, end = job["span"]
    rows = []
    for name, campaign_id in sorted(_campaign_ids.items(), key=lambda item: item[1]):
        if job["campaigns"] and str(campaign_id) not in job["campaigns"]:
            continue
        for click in _clicks.get(("microsoft", name), []):
            if start <= click["day"] <= end:
                place = click["location"] if isinstance(click["location"], dict) else {}
                rows.append(
                    {
                        "TimePeriod": click["day"].isoformat(),
                        "AccountId": job["account"],
                        "CampaignId": str(campaign_id),
                        "AdGroupId": str(campaign_id * 10 + 1),
                        "AssetGroupId": "",
                        "AdId": str(campaign_id * 100 + 1),
                        "MSClickId": click["id"],
                        "SearchQuery": click["keyword"],
                        "Keyword": click["keyword"],
                        "PageNumber": "1",
                        "TopVsOther": "Microsoft sites and select traffic - top",
                        "BidMatchType": MATCH_TYPES.get(click["match_type"], ("", "Unknown"))[1],
                        "Network": "Microsoft sites and select traffic",
                        "DeviceType": "Computer",
                        "Country": str(place.get("country", "")),
                        "State": str(place.get("state", "")),
                        "MetroArea": str(place.get("metro", "")),
                        "City": str(place.get("city", "")),
                        "Clicks": "1" if click["billed"] else "0",
                        "AverageCpc": "0.00",
                        "ConversionsQualified": "0.00",
                        "Revenue": "0.00",
                    }
                )
    return rows


def _zip(job: dict, rows: list[dict]) -> bytes:
    request, (start, end) = job["request"], job["span"]
    columns = request["Columns"]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    if not request.get("ExcludeReportHeader"):
        span = f"{start.month}/{start.day}/{start.year}"
        if end != start:
            span += f", {end.month}/{end.day}/{end.year}"
        now = datetime.now(UTC)
        stamp = f"{now.month}/{now.day}/{now.year} {now.hour % 12 or 12}:{now:%M:%S} {'AM' if now.hour < 12 else 'PM'}"
        for line in (
            f"Report Name: {request.get('ReportName') or 'MSClickIdPerformanceReport'}",
            f"Report Time: {span}",
            "Time Zone: (GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London",
            f"Last Completed Available Day: {stamp} (GMT)",
            f"Last Completed Available Hour: {stamp} (GMT)",
            f"Report Aggregation: {request.get('Aggregation') or 'ClickID'}",
            "Report Filter: ",
            "Potential Incomplete Data: false",
            f"Rows: {len(rows)}",
        ):
            writer.writerow([line])
        out.write("\r\n")
    if not request.get("ExcludeColumnHeaders"):
        writer.writerow(columns)
    for row in rows:
        writer.writerow([row[column] for column in columns])
    if not request.get("ExcludeReportFooter"):
        out.write("\r\n")
        writer.writerow([f"@{datetime.now(UTC).year} Microsoft Corporation. All rights reserved. "])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("MSClickIdPerformanceReport.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))
    return archive.getvalue()
