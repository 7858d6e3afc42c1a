"""The ad platforms' own click records: which click ids they billed for a campaign's day.

A click on our router is chargeable only if the platform vouches for it (README, "Money"): these
connectors read, for one day, every click the platform recorded with its click id, keyword,
location and whether it was billed. One interface (`ClickRecordSource`), one module per the
house rule; the rest of the app never builds these requests itself.

- Google Ads API: `customers/{id}/googleAds:searchStream` with a GAQL query over `click_view`
  (one day per query, 90 days back at most). `metrics.clicks` is 1 for a valid (billed) Search
  click and 0 for an invalid one, which click_view lists too.
- Microsoft Advertising: the Reporting API's MSClickId performance report (submit, poll, download
  a ZIP holding a CSV), for the campaign found by name through the Campaign Management API.
  Microsoft names the click's location (city, state, country) instead of giving location ids.

Until the ad-platform connections (OAuth, per brand) exist, the credentials come from settings
and `ADPLATFORM_URL` stands for each platform's API host.
"""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import requests
from django.conf import settings

from budgets.adplatform.base import AdPlatformError

TIMEOUT = 30
GEO_TARGET = re.compile(r"^geoTargetConstants/(\d{1,12})$")
LOCATION_PARTS = ("mostSpecific", "city", "metro", "region", "country")
MAX_POLLS = 60
MAX_REPORT_BYTES = 200_000_000


@dataclass(frozen=True)
class ClickRecord:
    click_id: str
    day: date
    keyword: str
    match_type: str
    billed: bool
    # Google geo target criteria ids of where the searcher was and what they searched about;
    # empty when the platform names places instead (Microsoft).
    location_ids: tuple[int, ...] = ()
    place: str = ""


class ClickRecordSource(Protocol):
    source: str

    def fetch(self, *, campaign: str, day: date) -> list[ClickRecord]:
        """Every click the platform recorded for the campaign on that day (its account's day)."""


def _call(session: requests.Session, method: str, url: str, **kwargs) -> requests.Response:
    try:
        response = session.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as error:
        raise AdPlatformError(f"ad platform unreachable: {error}") from error
    if response.status_code >= 400:
        raise AdPlatformError(f"ad platform answered {response.status_code}: {_error_text(response)}")
    return response


def _error_text(response: requests.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(payload, list) and payload:  # searchStream errors come as a one-element array
        payload = payload[0]
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):
            return str(error.get("message", ""))[:200]
        errors = payload.get("Errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return f"{errors[0].get('ErrorCode')}: {errors[0].get('Message')}"[:200]
    return response.text[:200]


class GoogleAdsClickRecords:
    source = "google"

    def __init__(self, base_url: str, *, customer_id: str, developer_token: str, access_token: str, version: str):
        self.url = f"{base_url.rstrip('/')}/{version}/customers/{customer_id}/googleAds:searchStream"
        self.session = requests.Session()
        self.session.headers.update({"developer-token": developer_token, "Authorization": f"Bearer {access_token}"})

    @staticmethod
    def query(campaign: str, day: date) -> str:
        fields = [
            "click_view.gclid",
            "click_view.keyword_info.text",
            "click_view.keyword_info.match_type",
            *(
                f"click_view.{where}.{part}"
                for where in ("location_of_presence", "area_of_interest")
                for part in ("most_specific", "city", "metro", "region")
            ),
            "segments.date",
            "metrics.clicks",
        ]
        name = campaign.replace("\\", "\\\\").replace("'", "\\'")
        where = f"segments.date = '{day.isoformat()}' AND campaign.name = '{name}'"
        return f"SELECT {', '.join(fields)} FROM click_view WHERE {where}"  # noqa: S608 - GAQL, not SQL; name escaped

    def fetch(self, *, campaign: str, day: date) -> list[ClickRecord]:
        response = _call(self.session, "POST", self.url, json={"query": self.query(campaign, day)})
        try:
            batches = response.json()
        except ValueError as error:
            raise AdPlatformError("Google Ads answered something that is not JSON") from error
        return self.parse(batches, day)

    @staticmethod
    def parse(batches, day: date) -> list[ClickRecord]:
        """The rows of a searchStream answer: a JSON array of batches, each with `results`."""
        if not isinstance(batches, list):
            raise AdPlatformError("Google Ads answered a searchStream that is not a JSON array")
        rows = [row for batch in batches if isinstance(batch, dict) for row in batch.get("results", [])]
        records = []
        for row in rows:
            view = row.get("clickView") or {}
            gclid = str(view.get("gclid") or "")
            if not gclid:
                continue
            keyword = view.get("keywordInfo") or {}
            ids = []
            for where in ("locationOfPresence", "areaOfInterest"):
                place = view.get(where) or {}
                for part in LOCATION_PARTS:
                    found = GEO_TARGET.match(str(place.get(part) or ""))
                    if found and int(found[1]) not in ids:
                        ids.append(int(found[1]))
            try:
                clicks = int((row.get("metrics") or {}).get("clicks") or 0)
                row_day = date.fromisoformat((row.get("segments") or {}).get("date") or day.isoformat())
            except (TypeError, ValueError) as error:
                raise AdPlatformError(f"Google Ads click {gclid[:20]}: unreadable clicks or date") from error
            records.append(
                ClickRecord(
                    click_id=gclid[:128],
                    day=row_day,
                    keyword=str(keyword.get("text") or "")[:200],
                    match_type=str(keyword.get("matchType") or "").lower()[:16],
                    billed=clicks > 0,
                    location_ids=tuple(ids),
                )
            )
        return records


class MicrosoftClickRecords:
    source = "microsoft"
    COLUMNS = ("TimePeriod", "MSClickId", "Keyword", "BidMatchType", "City", "State", "Country", "Clicks")

    def __init__(
        self,
        base_url: str,
        *,
        customer_id: str,
        account_id: str,
        developer_token: str,
        access_token: str,
        poll_seconds: float,  # not money: seconds between polls
    ):
        self.base_url = base_url.rstrip("/")
        self.account_id = account_id
        self.poll_seconds = poll_seconds
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {access_token}",
                "DeveloperToken": developer_token,
                "CustomerId": customer_id,
                "CustomerAccountId": account_id,
            }
        )

    def _campaign_id(self, campaign: str) -> int | None:
        response = _call(
            self.session,
            "POST",
            f"{self.base_url}/CampaignManagement/v13/Campaigns/QueryByAccountId",
            json={"AccountId": self.account_id, "CampaignType": "Search"},
        )
        for found in response.json().get("Campaigns") or []:
            if found.get("Name") == campaign:
                return int(found["Id"])
        return None

    def _report_request(self, campaign_id: int, day: date) -> dict:
        when = {"Day": day.day, "Month": day.month, "Year": day.year}
        return {
            "Type": "MSClickIdPerformanceReportRequest",
            "Format": "Csv",
            "FormatVersion": "2.0",
            "ReportName": f"Click records {day.isoformat()}",
            "ReturnOnlyCompleteData": False,
            "Aggregation": "Daily",
            "Columns": list(self.COLUMNS),
            "Scope": {"AccountIds": None, "Campaigns": [{"AccountId": self.account_id, "CampaignId": campaign_id}]},
            "Time": {
                "CustomDateRangeStart": when,
                "CustomDateRangeEnd": when,
                "ReportTimeZone": "GreenwichMeanTimeDublinEdinburghLisbonLondon",
            },
        }

    def fetch(self, *, campaign: str, day: date) -> list[ClickRecord]:
        campaign_id = self._campaign_id(campaign)
        if campaign_id is None:  # the platform has no such campaign: it recorded no click of ours
            return []
        submitted = _call(
            self.session,
            "POST",
            f"{self.base_url}/Reporting/v13/GenerateReport/Submit",
            json={"ReportRequest": self._report_request(campaign_id, day)},
        ).json()
        request_id = submitted.get("ReportRequestId")
        if not request_id:
            raise AdPlatformError("Microsoft Advertising gave no report request id")
        for _attempt in range(MAX_POLLS):
            status = (
                _call(
                    self.session,
                    "POST",
                    f"{self.base_url}/Reporting/v13/GenerateReport/Poll",
                    json={"ReportRequestId": request_id},
                ).json()
                or {}
            ).get("ReportRequestStatus") or {}
            if status.get("Status") == "Success":
                url = status.get("ReportDownloadUrl")
                return self._download(url, day) if url else []  # no rows: no file to download
            if status.get("Status") != "Pending":
                raise AdPlatformError(f"Microsoft Advertising report {status.get('Status')}")
            time.sleep(self.poll_seconds)
        raise AdPlatformError("Microsoft Advertising report still pending")

    def _download(self, url: str, day: date) -> list[ClickRecord]:
        response = _call(requests.Session(), "GET", url)  # a signed URL: no API headers
        if len(response.content) > MAX_REPORT_BYTES:
            raise AdPlatformError("Microsoft Advertising report too large")
        try:
            with zipfile.ZipFile(io.BytesIO(response.content)) as package:
                names = [name for name in package.namelist() if name.lower().endswith(".csv")]
                text = package.read(names[0]).decode("utf-8-sig") if names else ""
        except (zipfile.BadZipFile, UnicodeDecodeError) as error:
            raise AdPlatformError("Microsoft Advertising report is not a ZIP of a UTF-8 CSV") from error
        return self.parse(text, day)

    @classmethod
    def parse(cls, text: str, day: date) -> list[ClickRecord]:
        """The rows under the column header line; the "Report Name:" preamble and the copyright
        footer are skipped."""
        rows = list(csv.reader(io.StringIO(text)))
        header = next((i for i, row in enumerate(rows) if "MSClickId" in row), None)
        if header is None:
            raise AdPlatformError("Microsoft Advertising report has no MSClickId column")
        names = rows[header]
        records = []
        for row in rows[header + 1 :]:
            if len(row) != len(names):  # blank line, footer
                continue
            cell = dict(zip(names, row, strict=True))
            click_id = cell.get("MSClickId", "").strip()
            if not click_id:
                continue
            try:
                row_day = date.fromisoformat(cell.get("TimePeriod") or day.isoformat())
                clicks = int(cell.get("Clicks") or 0)
            except ValueError as error:
                raise AdPlatformError(f"Microsoft click {click_id[:20]}: unreadable day or clicks") from error
            place = ", ".join(part for part in (cell.get("City"), cell.get("State"), cell.get("Country")) if part)
            records.append(
                ClickRecord(
                    click_id=click_id[:128],
                    day=row_day,
                    keyword=cell.get("Keyword", "")[:200],
                    match_type=cell.get("BidMatchType", "").lower()[:16],
                    billed=clicks > 0,
                    place=place[:200],
                )
            )
        return records


def get_click_records(source: str) -> ClickRecordSource:
    if source == "google":
        return GoogleAdsClickRecords(
            settings.ADPLATFORM_URL,
            customer_id=settings.ADPLATFORM_GOOGLE_CUSTOMER_ID,
            developer_token=settings.ADPLATFORM_GOOGLE_DEVELOPER_TOKEN,
            access_token=settings.ADPLATFORM_ACCESS_TOKEN,
            version=settings.ADPLATFORM_GOOGLE_API_VERSION,
        )
    if source == "microsoft":
        return MicrosoftClickRecords(
            settings.ADPLATFORM_URL,
            customer_id=settings.ADPLATFORM_MICROSOFT_CUSTOMER_ID,
            account_id=settings.ADPLATFORM_MICROSOFT_ACCOUNT_ID,
            developer_token=settings.ADPLATFORM_MICROSOFT_DEVELOPER_TOKEN,
            access_token=settings.ADPLATFORM_ACCESS_TOKEN,
            poll_seconds=settings.ADPLATFORM_REPORT_POLL_SECONDS,
        )
    raise ValueError(f"unknown ad platform {source!r}")
