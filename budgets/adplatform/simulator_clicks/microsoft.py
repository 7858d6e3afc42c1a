"""Microsoft Advertising API v13, REST: the MSClickId performance report (submit, poll, a ZIP to
download) and the campaigns of an account, as documented (learn.microsoft.com/advertising/
reporting-service/submitgeneratereport, pollgeneratereport, msclickidperformancereportrequest,
msclickidperformancereportcolumn; guides/reports#reportschema; campaign-management-service/
getcampaignsbyaccountid)."""

import csv
import io
import re
import uuid
import zipfile
from datetime import UTC, date, datetime

from . import store

MICROSOFT_CAMPAIGNS = "/CampaignManagement/v13/Campaigns/QueryByAccountId"
MICROSOFT_SUBMIT = "/Reporting/v13/GenerateReport/Submit"
MICROSOFT_POLL = "/Reporting/v13/GenerateReport/Poll"
MICROSOFT_DOWNLOAD = re.compile(r"^/_downloads/(?P<report>[0-9a-f]{32})\.zip$")
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


def answer(environ, start_response, operation, base_url: str):
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
        return store.json_answer(
            start_response,
            "401 Unauthorized",
            _fault(tracking, 105, "InvalidCredentials", f"Authentication failed: missing {', '.join(missing)}."),
            headers,
        )
    body = store.read_body(environ)
    if not isinstance(body, dict):
        return store.json_answer(
            start_response, "400 Bad Request", _fault(tracking, 100, "NullRequest", "The request is empty.")
        )
    status, payload = operation(body, environ.get("HTTP_CUSTOMERACCOUNTID"), base_url)
    return store.json_answer(
        start_response, status, payload if "Code" not in payload else _fault(tracking, **payload), headers
    )


def _fault(tracking: str, Code: int, ErrorCode: str, Message: str) -> dict:
    return {
        "TrackingId": tracking,
        "Type": "AdApiFaultDetail",
        "Errors": [{"Code": Code, "ErrorCode": ErrorCode, "Message": Message, "Details": None}],
    }


def campaigns(body: dict, account_id: str, base_url: str):
    if str(body.get("AccountId") or "") != str(account_id):
        return "400 Bad Request", {"Code": 1102, "ErrorCode": "CampaignServiceInvalidAccountId", "Message": "Bad id."}
    with store.lock:
        campaigns = [
            {"Id": campaign_id, "Name": name, "CampaignType": "Search", "Status": "Active", "TimeZone": "Greenwich"}
            for name, campaign_id in sorted(store.campaign_ids.items(), key=lambda item: item[1])
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


def submit(body: dict, account_id: str, base_url: str):
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
    with store.lock:
        store.report_requests[request_id] = {
            "request": request,
            "span": span,
            "campaigns": wanted,
            "account": str(account_id),
            "polls": 0,
        }
    return "200 OK", {"ReportRequestId": request_id}


def poll(body: dict, account_id: str, base_url: str):
    request_id = str(body.get("ReportRequestId") or "")
    with store.lock:
        job = store.report_requests.get(request_id)
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
            store.downloads[request_id] = _zip(job, rows)
            url = f"{base_url}/_downloads/{request_id}.zip"
    return "200 OK", {"ReportRequestStatus": {"ReportDownloadUrl": url, "Status": "Success"}}


def _report_rows(job: dict) -> list[dict]:
    start, end = job["span"]
    rows = []
    for name, campaign_id in sorted(store.campaign_ids.items(), key=lambda item: item[1]):
        if job["campaigns"] and str(campaign_id) not in job["campaigns"]:
            continue
        for click in store.clicks.get(("microsoft", name), []):
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
                        "BidMatchType": store.MATCH_TYPES.get(click["match_type"], ("", "Unknown"))[1],
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
