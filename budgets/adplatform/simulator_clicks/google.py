"""Google Ads API, REST: `googleAds:searchStream` over `click_view`, as documented
(developers.google.com/google-ads/api/rest/design/json-mappings; reference/rpc/latest/ClickView,
ClickLocation, KeywordInfo, SearchGoogleAdsStreamResponse, ClickViewErrorEnum;
fields/latest/click_view)."""

import hashlib
import re
import secrets
from datetime import date, timedelta

from . import store

GOOGLE_STREAM = re.compile(r"^/v(?P<version>\d{1,3})/customers/(?P<customer>\d{1,12})/googleAds:searchStream$")
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


def _google_error(start_response, status: str, code: int, grpc_status: str, version: str, error_code: dict, message):
    request_id = secrets.token_urlsafe(16)
    failure = {
        "@type": f"type.googleapis.com/google.ads.googleads.v{version}.errors.GoogleAdsFailure",
        "errors": [{"errorCode": error_code, "message": message}],
        "requestId": request_id,
    }
    payload = {"error": {"code": code, "message": message, "status": grpc_status, "details": [failure]}}
    return store.json_answer(start_response, status, [payload])


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
        return store.MATCH_TYPES.get(click["match_type"], ("UNKNOWN",))[0]
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


def search_stream(environ, start_response, match):
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
    body = store.read_body(environ)
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
    if day < store.today() - timedelta(days=CLICK_VIEW_DAYS):
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
    with store.lock:
        campaigns = sorted(campaign for source, campaign in store.clicks if source == "google")
        for campaign in campaigns:
            campaign_id = 20_000_000_000 + campaigns.index(campaign) + 1
            if conditions.get("campaign.name") not in (None, campaign):
                continue
            if conditions.get("campaign.id") not in (None, str(campaign_id)):
                continue
            for click in store.clicks[("google", campaign)]:
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
    return store.json_answer(start_response, "200 OK", batches)


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
