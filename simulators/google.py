"""Google Business Profile, as its public references describe it, on three hosts:

- Business Information API v1 (`mybusinessbusinessinformation.googleapis.com`):
  https://developers.google.com/my-business/reference/businessinformation/rest/v1/locations
  (`locations.get` with its required `readMask`, `locations.patch` with `updateMask` and
  `validateOnly`), .../rest/v1/accounts.locations (`create` with `requestId` and `validateOnly`,
  `list`), .../rest/v1/googleLocations/search, and the Location resource
  .../rest/v1/accounts.locations#Location (output-only fields: `metadata`, a category's
  `displayName`, `serviceTypes`, `moreHoursTypes`; a category is written by its `name`,
  `categories/gcid:...`).
- My Business API v4 (`mybusiness.googleapis.com`), where reviews and media still live:
  https://developers.google.com/my-business/reference/rest/v4/accounts.locations.reviews
  (`list`, `updateReply`) and .../rest/v4/accounts.locations.media (`list`, `create`, `delete`).
- Business Profile Performance API v1 (`businessprofileperformance.googleapis.com`):
  https://developers.google.com/my-business/reference/performance/rest/v1/locations/fetchMultiDailyMetricsTimeSeries
  and .../getDailyMetricsTimeSeries.
- Errors: https://cloud.google.com/apis/design/errors (`{"error": {"code", "message", "status",
  "details": [google.rpc.BadRequest fieldViolations, google.rpc.ErrorInfo]}}`); an unknown JSON
  field is refused as "Invalid JSON payload received. Unknown name ...". Hours rules follow the
  BusinessHours/TimePeriod and SpecialHourPeriod pages (24:00 only as a closing time, a period
  shorter than a day, no overlap).

This simulator is strict where Google is lenient in one respect, and says so: a request that
writes an output-only field is refused (Google ignores it), so a connector that sends one is
caught. Voice of Merchant (Verifications API, its own host), Google's own updates and pending
edits (`locations.getGoogleUpdated`, `metadata`), the per-profile and daily edit limits live in
`simulators.google_edits`.
"""

import datetime
import itertools
import re

from . import google_edits

HOSTS = (
    "mybusinessbusinessinformation.googleapis.com",
    "mybusiness.googleapis.com",
    "businessprofileperformance.googleapis.com",
    google_edits.VERIFICATIONS,
)
INFO, V4, PERFORMANCE, VERIFICATIONS = HOSTS
reset_state = google_edits.reset_state
control = google_edits.control
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
STARS = ("ONE", "TWO", "THREE", "FOUR", "FIVE")
MEDIA_CATEGORIES = {
    "CATEGORY_UNSPECIFIED", "COVER", "PROFILE", "LOGO", "EXTERIOR", "INTERIOR", "PRODUCT", "AT_WORK",
    "FOOD_AND_DRINK", "MENU", "COMMON_AREA", "ROOMS", "TEAMS", "ADDITIONAL",
}  # fmt: skip
DAILY_METRICS = {
    "BUSINESS_IMPRESSIONS_DESKTOP_MAPS", "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH", "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
    "BUSINESS_IMPRESSIONS_MOBILE_SEARCH", "BUSINESS_CONVERSATIONS", "BUSINESS_DIRECTION_REQUESTS", "CALL_CLICKS",
    "WEBSITE_CLICKS", "MESSAGING_CLICKS", "BUSINESS_BOOKINGS", "BUSINESS_FOOD_ORDERS", "BUSINESS_FOOD_MENU_CLICKS",
}  # fmt: skip
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")

# -- The Location resource (Business Information v1), as typed in its reference --------------
OUT = "output-only"
TIME = {"hours": int, "minutes": int, "seconds": int, "nanos": int}
DATE = {"year": int, "month": int, "day": int}
CATEGORY = {"name": str, "displayName": OUT, "serviceTypes": OUT, "moreHoursTypes": OUT}
POSTAL = {
    "revision": int, "regionCode": str, "languageCode": str, "postalCode": str, "sortingCode": str,
    "administrativeArea": str, "locality": str, "sublocality": str, "addressLines": [str], "recipients": [str],
    "organization": str,
}  # fmt: skip
LOCATION = {
    "name": str,
    "languageCode": str,
    "storeCode": str,
    "title": str,
    "phoneNumbers": {"primaryPhone": str, "additionalPhones": [str]},
    "categories": {"primaryCategory": CATEGORY, "additionalCategories": [CATEGORY]},
    "storefrontAddress": POSTAL,
    "websiteUri": str,
    "regularHours": {"periods": [{"openDay": str, "openTime": TIME, "closeDay": str, "closeTime": TIME}]},
    "specialHours": {
        "specialHourPeriods": [
            {"startDate": DATE, "openTime": TIME, "endDate": DATE, "closeTime": TIME, "closed": bool}
        ]
    },
    "labels": [str],
    "latlng": {"latitude": float, "longitude": float},
    "openInfo": {"status": str, "canReopen": OUT, "openingDate": DATE},
    "metadata": OUT,
    "profile": {"description": str},
    "serviceArea": dict,
    "adWordsLocationExtensions": dict,
    "relationshipData": dict,
    "moreHours": list,
    "serviceItems": list,
}
# The top-level fields a readMask / updateMask may name (a sub-path keeps its top field).
MASKABLE = set(LOCATION) - {"name", "metadata"}
READABLE = set(LOCATION)
MEDIA_ITEM = {
    "name": OUT, "mediaFormat": str, "locationAssociation": {"category": str, "priceListItemId": str},
    "googleUrl": OUT, "thumbnailUrl": OUT, "createTime": OUT, "dimensions": OUT, "insights": OUT, "attribution": OUT,
    "description": str, "sourceUrl": str, "dataRef": {"resourceName": str},
}  # fmt: skip


# -- Errors --------------------------------------------------------------------------------
def error(status: int, message: str, google_status: str, violations=(), reasons=()) -> tuple[int, dict, dict]:
    details = []
    if violations:
        details.append(
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": field, "description": text} for field, text in violations],
            }
        )
    details.extend(
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": reason,
            "domain": "mybusinessbusinessinformation.googleapis.com",
            "metadata": {"field": field},
        }
        for field, reason in reasons
    )
    body = {"error": {"code": status, "message": message, "status": google_status}}
    if details:
        body["error"]["details"] = details
    return status, body, {}


def invalid(violations, reasons=()):
    return error(400, "Request contains an invalid argument.", "INVALID_ARGUMENT", violations, reasons)


def fault(status: int) -> tuple[int, dict, dict]:
    names = {
        400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
        403: ("PERMISSION_DENIED", "The caller does not have permission"),
        404: ("NOT_FOUND", "Requested entity was not found."),
        429: (
            "RESOURCE_EXHAUSTED",
            "Quota exceeded for quota metric 'Requests' of service 'mybusinessbusinessinformation.googleapis.com'.",
        ),
        503: ("UNAVAILABLE", "The service is currently unavailable."),
        504: ("DEADLINE_EXCEEDED", "The request timed out."),
    }
    name, message = names.get(status, ("INTERNAL", "Internal error encountered."))
    return error(status, message, name)


def malformed(text: str):
    return invalid([("", f"Invalid JSON payload received. {text}")])


def not_found():
    return error(404, "Requested entity was not found.", "NOT_FOUND")


def snake(path: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), path)


# -- Shape checking ------------------------------------------------------------------------
def shape_violations(value, schema, path: str) -> list[tuple[str, str]]:
    """Unknown names, output-only fields and wrong types, as Google's JSON parser reports them."""
    if schema is OUT:
        return [(snake(path), f"Invalid argument: {path} is output only and cannot be set.")]
    if schema is int:
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and value.lstrip("-").isdigit()
        )
        return [] if ok else [(snake(path), f"Invalid value at '{path}' (TYPE_INT32), \"{value}\"")]
    if schema is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [(snake(path), f"Invalid value at '{path}' (TYPE_DOUBLE), \"{value}\"")]
    if schema is str:
        return [] if isinstance(value, str) else [(snake(path), f"Invalid value at '{path}' (TYPE_STRING), {value!r}")]
    if schema is bool:
        return [] if isinstance(value, bool) else [(snake(path), f"Invalid value at '{path}' (TYPE_BOOL), {value!r}")]
    if schema in (dict, list):
        return [] if isinstance(value, schema) else [(snake(path), f"Invalid value at '{path}'")]
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [(snake(path), f"Invalid value at '{path}': a list is expected")]
        return [v for index, item in enumerate(value) for v in shape_violations(item, schema[0], f"{path}[{index}]")]
    if not isinstance(value, dict):
        return [(snake(path), f"Invalid value at '{path}': an object is expected")]
    result = []
    for key, item in value.items():
        where = f"{path}.{key}" if path else key
        if key not in schema:
            result.append(
                (snake(path), f"Invalid JSON payload received. Unknown name \"{key}\" at '{path}': Cannot find field.")
            )
        else:
            result.extend(shape_violations(item, schema[key], where))
    return result


# -- Business rules (BusinessHours, SpecialHours, PhoneNumbers, Profile) ----------------------
def _minutes(value, *, closing: bool) -> int | None:
    value = value or {}
    hours, mins = int(value.get("hours", 0)), int(value.get("minutes", 0))
    if not 0 <= mins <= 59:
        return None
    if 0 <= hours <= 23 or (closing and hours == 24 and mins == 0):
        return hours * 60 + mins
    return None


def _date(value) -> datetime.date | None:
    try:
        return datetime.date(int(value["year"]), int(value["month"]), int(value["day"]))
    except (KeyError, TypeError, ValueError):
        return None


def regular_hours_rules(regular: dict) -> list[tuple[str, str]]:
    """[(field path, reason)] of a BusinessHours: days known, times in range, less than a day, no overlap."""
    errors, spans = [], []
    for index, period in enumerate((regular or {}).get("periods") or []):
        path = f"regular_hours.periods[{index}]"
        if period.get("openDay") not in DAYS or period.get("closeDay") not in DAYS:
            errors.append((f"{path}.open_day", "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        start = _minutes(period.get("openTime"), closing=False)
        end = _minutes(period.get("closeTime"), closing=True)
        if start is None:
            errors.append((f"{path}.open_time", "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        if end is None:
            errors.append((f"{path}.close_time", "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        open_day, close_day = DAYS.index(period["openDay"]), DAYS.index(period["closeDay"])
        gap = (close_day - open_day) % 7
        if gap == 0 and end <= start:
            errors.append((f"{path}.close_time", "INVERTED_RANGE"))
            continue
        if gap > 1 or (gap == 1 and end > start):
            errors.append((f"{path}.close_day", "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        begin = open_day * 1440 + start
        spans.append((begin, begin + gap * 1440 + end - start, index))
    spans.sort()
    for (_, end_a, _), (begin_b, _, index_b) in itertools.pairwise(spans):
        if begin_b < end_a:
            errors.append((f"regular_hours.periods[{index_b}]", "OVERLAPPING_RANGES"))
    if len(spans) > 1 and spans[-1][1] - 7 * 1440 > spans[0][0]:
        errors.append((f"regular_hours.periods[{spans[0][2]}]", "OVERLAPPING_RANGES"))
    return errors


def special_hours_rules(special: dict) -> list[tuple[str, str]]:
    errors, by_date = [], {}
    for index, period in enumerate((special or {}).get("specialHourPeriods") or []):
        path = f"special_hours.special_hour_periods[{index}]"
        start_date = _date(period.get("startDate"))
        if start_date is None:
            errors.append((f"{path}.start_date", "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        if period.get("closed"):
            if any(key in period for key in ("openTime", "closeTime")):
                errors.append((path, "INVALID_ARGUMENT"))
            by_date.setdefault(start_date, []).append((0, 1440, index))
            continue
        end_date = _date(period.get("endDate")) if period.get("endDate") else start_date
        start = _minutes(period.get("openTime"), closing=False)
        end = _minutes(period.get("closeTime"), closing=True)
        if end_date is None or start is None or end is None:
            errors.append((path, "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        duration = (end_date - start_date).days * 1440 + end - start
        if duration <= 0:
            errors.append((f"{path}.close_time", "INVERTED_RANGE"))
            continue
        if duration >= 1440:
            errors.append((f"{path}.end_date", "VALUE_OUTSIDE_ALLOWED_RANGE"))
            continue
        by_date.setdefault(start_date, []).append((start, start + duration, index))
    for spans in by_date.values():
        spans.sort()
        for (_, end_a, _), (begin_b, _, index_b) in itertools.pairwise(spans):
            if begin_b < end_a:
                errors.append((f"special_hours.special_hour_periods[{index_b}]", "OVERLAPPING_RANGES"))
    return errors


def location_rules(doc: dict, fields: set[str]) -> list[tuple[str, str]]:
    errors = []
    if "title" in fields and not str(doc.get("title", "")).strip():
        errors.append(("title", "REQUIRED_FIELD_MISSING"))
    if "title" in fields and len(str(doc.get("title", ""))) > 100:
        errors.append(("title", "STRING_TOO_LONG"))
    phone = (doc.get("phoneNumbers") or {}).get("primaryPhone", "")
    if "phoneNumbers" in fields and phone and not PHONE.match(phone.replace(" ", "")):
        errors.append(("phone_numbers.primary_phone", "INVALID_PHONE_NUMBER"))
    website = doc.get("websiteUri", "")
    if "websiteUri" in fields and website and not re.match(r"^https?://\S+$", website):
        errors.append(("website_uri", "INVALID_URL"))
    if "profile" in fields and len((doc.get("profile") or {}).get("description", "")) > 750:
        errors.append(("profile.description", "STRING_TOO_LONG"))
    if "categories" in fields:
        categories = doc.get("categories") or {}
        every = [categories.get("primaryCategory") or {}, *(categories.get("additionalCategories") or [])]
        if categories and not (categories.get("primaryCategory") or {}).get("name"):
            errors.append(("categories.primary_category.name", "REQUIRED_FIELD_MISSING"))
        for index, category in enumerate(every):
            name = category.get("name", "")
            if name and not re.match(r"^categories/gcid:[a-z0-9_]+$", name):
                where = (
                    "categories.primary_category" if index == 0 else f"categories.additional_categories[{index - 1}]"
                )
                errors.append((f"{where}.name", "INVALID_CATEGORY"))
    latlng = doc.get("latlng") or {}
    if "latlng" in fields and latlng:
        lat, lng = latlng.get("latitude", 0), latlng.get("longitude", 0)
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            errors.append(("latlng", "VALUE_OUTSIDE_ALLOWED_RANGE"))
    address = doc.get("storefrontAddress")
    if "storefrontAddress" in fields and address is not None and not (address or {}).get("regionCode"):
        errors.append(("storefront_address.region_code", "REQUIRED_FIELD_MISSING"))
    if "regularHours" in fields:
        errors.extend(regular_hours_rules(doc.get("regularHours")))
    if "specialHours" in fields:
        errors.extend(special_hours_rules(doc.get("specialHours")))
    return errors


def rule_failure(rules):
    return invalid([(field, reason) for field, reason in rules], reasons=rules)


def mask(text: str | None, allowed: set[str], parameter: str):
    """The top-level fields of a field mask, or an error answer."""
    if not text:
        return None, invalid([(snake(parameter), f"{parameter} is required.")])
    fields = {part.strip().split(".", 1)[0] for part in text.split(",") if part.strip()}
    unknown = sorted(fields - allowed)
    if unknown:
        return None, invalid([(snake(parameter), f"Invalid field mask path: {unknown[0]}")])
    return fields, None


# A few categories for the demo, as categories.list names them (any other gcid reads back with a
# display name made from its id).
CATEGORY_NAMES = {
    "categories/gcid:insurance_agency": "Insurance agency",
    "categories/gcid:auto_insurance_agency": "Auto insurance agency",
    "categories/gcid:insurance_broker": "Insurance broker",
    "categories/gcid:home_insurance_agency": "Home insurance agency",
}


def named(doc: dict) -> dict:
    """Google fills the output-only `displayName` of every category it stores."""
    categories = doc.get("categories") or {}
    for category in [categories.get("primaryCategory") or {}, *(categories.get("additionalCategories") or [])]:
        if category.get("name"):
            gcid = category["name"]
            category["displayName"] = CATEGORY_NAMES.get(gcid, gcid.rsplit(":", 1)[-1].replace("_", " ").capitalize())
    return doc


def masked(doc: dict, fields: set[str]) -> dict:
    return {key: value for key, value in doc.items() if key in fields}


# -- State ---------------------------------------------------------------------------------
def seed(sim, item: dict) -> str:
    external_id = str(item.get("external_id") or f"{sim.new_id():012d}")
    if "document" not in item and external_id in sim.docs["google"]:
        return external_id  # seeding reviews or statistics of a listing already there
    document = dict(item.get("document") or {})
    document["name"] = f"locations/{external_id}"
    document.setdefault("metadata", {"hasGoogleUpdated": False, "hasPendingEdits": False})
    named(document)
    sim.docs["google"][external_id] = document
    sim.owners[external_id] = item.get("account") or "accounts/0"
    sim.google_profiles.pop(external_id, None)  # a fresh profile: in good standing, no edits yet
    if "photos" in item:
        sim.media[("google", external_id)] = [
            _stored_media(sim, external_id, photo, name=photo.get("name")) for photo in item.get("photos") or []
        ]
    return external_id


def tamper(sim, external_id: str, changes: dict) -> dict | None:
    doc = sim.docs["google"].get(external_id)
    if doc is None:
        return None
    doc.update({key: value for key, value in changes.items() if key not in ("name", "metadata")})
    doc.setdefault("metadata", {})["hasGoogleUpdated"] = True
    return doc


def state(sim, external_id: str, part: str = "") -> dict | None:
    doc = sim.docs["google"].get(external_id)
    if doc is None:
        return None
    if part == "media":
        return {"mediaItems": sim.media.get(("google", external_id), [])}
    return doc


def _stored_media(sim, external_id: str, body: dict, name: str | None = None) -> dict:
    media_id = (name or "").rsplit("/", 1)[-1] or f"m{sim.new_id()}"
    account = sim.owners.get(external_id, "accounts/0")
    return {
        **body,
        "name": f"{account}/locations/{external_id}/media/{media_id}",
        "googleUrl": body.get("sourceUrl", ""),
        "createTime": sim.now(),
    }


# -- Routes --------------------------------------------------------------------------------
def handle(sim, request):
    parts = request.path.strip("/").split("/")
    if not parts or parts[0] not in ("v1", "v4"):
        return not_found()
    if request.host == INFO and parts[0] == "v1":
        return business_information(sim, request, parts[1:])
    if request.host == V4 and parts[0] == "v4":
        return my_business_v4(sim, request, parts[1:])
    if request.host == PERFORMANCE and parts[0] == "v1":
        return performance(sim, request, parts[1:])
    if request.host == VERIFICATIONS and parts[0] == "v1":
        return verifications(sim, request, parts[1:])
    return not_found()


def verifications(sim, request, parts):
    """`GET v1/locations/{id}/VoiceOfMerchantState` (locations.getVoiceOfMerchantState)."""
    if request.method != "GET" or len(parts) != 3 or parts[0] != "locations" or parts[2] != "VoiceOfMerchantState":
        return not_found()
    if parts[1] not in sim.docs["google"]:
        return not_found()
    return 200, google_edits.voice_of_merchant(sim, parts[1]), {}


def _location(sim, segment: str):
    """The stored location of a `{id}` or `{id}:verb` path segment: (id, verb, doc)."""
    external_id, _, verb = segment.partition(":")
    return external_id, verb, sim.docs["google"].get(external_id)


def business_information(sim, request, parts):
    method, query = request.method, request.query
    if parts == ["googleLocations:search"] and method == "POST":
        return search(sim, request.json or {})
    if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "locations":
        account = f"accounts/{parts[1]}"
        if method == "POST":
            return create(sim, account, query, request.json)
        if method == "GET":
            return list_locations(sim, account, query)
    if len(parts) == 2 and parts[0] == "locations":
        external_id, verb, doc = _location(sim, parts[1])
        if doc is None or verb not in ("", "getGoogleUpdated"):
            return not_found()
        if verb == "getGoogleUpdated":
            if method != "GET":
                return not_found()
            fields, problem = mask(query.get("readMask"), READABLE, "readMask")
            return problem or (200, google_edits.google_updated(sim, doc, external_id, fields), {})
        if method == "GET":
            fields, problem = mask(query.get("readMask"), READABLE, "readMask")
            return problem or (200, masked(doc, fields), {})
        if method == "PATCH":
            return patch(sim, external_id, doc, query, request.json)
        if method == "DELETE":
            del sim.docs["google"][external_id]
            return 200, {}, {}
    return not_found()


def _body_problem(body, schema):
    if not isinstance(body, dict):
        return invalid([("", "Invalid JSON payload received. An object is expected.")])
    violations = shape_violations(body, schema, "")
    return invalid(violations) if violations else None


def patch(sim, external_id: str, doc: dict, query: dict, body):
    problem = _body_problem(body if body is not None else {}, LOCATION)
    if problem:
        return problem
    fields, problem = mask(query.get("updateMask"), MASKABLE, "updateMask")
    if problem:
        return problem
    candidate = dict(doc)
    for field in fields:
        if field in body:
            candidate[field] = body[field]
        else:
            candidate.pop(field, None)
    rules = location_rules(candidate, fields)
    if rules:
        return rule_failure(rules)
    if query.get("validateOnly") == "true":
        return 200, {}, {}
    refused = google_edits.take_edit(sim, external_id)
    if refused:
        return refused
    named(candidate)
    google_edits.after_patch(sim, external_id, doc, candidate, fields)
    sim.docs["google"][external_id] = candidate
    return 200, candidate, {}


def create(sim, account: str, query: dict, body):
    problem = _body_problem(body, LOCATION)
    if problem:
        return problem
    if "name" in body:
        return invalid([("location.name", "name must not be set when creating a location")])
    request_id = query.get("requestId")
    if request_id and ("google", request_id) in sim.request_ids:
        return 200, sim.docs["google"][sim.request_ids[("google", request_id)]], {}
    rules = location_rules(body, set(LOCATION))
    if not (body.get("categories") or {}).get("primaryCategory"):
        rules.append(("categories.primary_category", "REQUIRED_FIELD_MISSING"))
    if not str(body.get("title", "")).strip() and ("title", "REQUIRED_FIELD_MISSING") not in rules:
        rules.append(("title", "REQUIRED_FIELD_MISSING"))
    if rules:
        return rule_failure(rules)
    if query.get("validateOnly") == "true":
        return 200, {}, {}
    refused = google_edits.take_creation(sim)
    if refused:
        return refused
    external_id = seed(sim, {"document": body, "account": account})
    if request_id:
        sim.request_ids[("google", request_id)] = external_id
    return 200, sim.docs["google"][external_id], {}


def list_locations(sim, account: str, query: dict):
    fields, problem = mask(query.get("readMask"), READABLE, "readMask")
    if problem:
        return problem
    owners = sim.owners
    ids = sorted(external_id for external_id in sim.docs["google"] if owners.get(external_id) == account)
    size = min(int(query.get("pageSize") or 10), 100)
    offset = int(query.get("pageToken") or 0)
    page = [masked(sim.docs["google"][i], fields) for i in ids[offset : offset + size]]
    answer = {"locations": page, "totalSize": len(ids)}
    if offset + size < len(ids):
        answer["nextPageToken"] = str(offset + size)
    return 200, answer, {}


def _words(text: str) -> set[str]:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    stop = {"de", "du", "des", "la", "le", "les", "et", "the", "of", "and", "a", "l", "d", "st", "saint"}
    return {word for word in re.split(r"[^a-z0-9]+", plain) if word and word not in stop}


def search(sim, body: dict):
    problem = _body_problem(body, {"location": LOCATION, "query": str, "pageSize": int})
    if problem:
        return problem
    if ("location" in body) == ("query" in body):
        return invalid([("", "Exactly one of location or query must be set.")])
    wanted = body.get("location") or {}
    name = wanted.get("title") or body.get("query", "")
    postal = (wanted.get("storefrontAddress") or {}).get("postalCode", "").replace(" ", "").upper()
    phone = (wanted.get("phoneNumbers") or {}).get("primaryPhone", "")
    scored = []
    for external_id, doc in sim.docs["google"].items():
        common = len(_words(name) & _words(doc.get("title", "")))
        same_phone = bool(phone) and phone == (doc.get("phoneNumbers") or {}).get("primaryPhone")
        same_postal = (
            bool(postal)
            and postal == (doc.get("storefrontAddress") or {}).get("postalCode", "").replace(" ", "").upper()
        )
        if common or same_phone:
            scored.append((common + 3 * same_phone + 2 * same_postal, external_id, doc))
    scored.sort(key=lambda item: (-item[0], item[1]))
    size = min(int(body.get("pageSize") or 10), 10)
    return (
        200,
        {
            "googleLocations": [
                {
                    "name": f"googleLocations/{external_id}",
                    "location": {k: v for k, v in doc.items() if k != "metadata"},
                }
                for _score, external_id, doc in scored[:size]
            ]
        },
        {},
    )


# -- My Business v4: reviews and media -----------------------------------------------------
def my_business_v4(sim, request, parts):
    # accounts/{a}/locations/{l}/(reviews|media)/...
    if len(parts) < 5 or parts[0] != "accounts" or parts[2] != "locations":
        return not_found()
    account, external_id = f"accounts/{parts[1]}", parts[3]
    if external_id not in sim.docs["google"] or sim.owners.get(external_id) != account:
        return not_found()
    if parts[4] == "reviews":
        return reviews(sim, request, account, external_id, parts[5:])
    if parts[4] == "media":
        return media(sim, request, external_id, parts[5:])
    return not_found()


def render_review(account: str, external_id: str, review: dict) -> dict:
    result = {
        "name": f"{account}/locations/{external_id}/reviews/{review['review_id']}",
        "reviewId": review["review_id"],
        "reviewer": {"displayName": review.get("author", ""), "isAnonymous": not review.get("author")},
        "starRating": STARS[int(review.get("rating", 1)) - 1]
        if 1 <= int(review.get("rating", 0)) <= 5
        else "STAR_RATING_UNSPECIFIED",
        "comment": review.get("text", ""),
        "createTime": review.get("created_at", ""),
        "updateTime": review.get("created_at", ""),
    }
    if review.get("reply"):
        result["reviewReply"] = {"comment": review["reply"]["text"], "updateTime": review["reply"]["updated_at"]}
    return result


def reviews(sim, request, account: str, external_id: str, rest: list[str]):
    stored = sim.reviews.setdefault(("google", external_id), [])
    if not rest and request.method == "GET":
        query = request.query
        size = int(query.get("pageSize") or 50)
        if not 1 <= size <= 50:
            return invalid([("page_size", "pageSize must be between 1 and 50.")])
        offset = int(query.get("pageToken") or 0)
        answer = {
            "reviews": [render_review(account, external_id, review) for review in stored[offset : offset + size]],
            "totalReviewCount": len(stored),
        }
        if stored:
            answer["averageRating"] = round(sum(r["rating"] for r in stored) / len(stored), 2)
        if offset + size < len(stored):
            answer["nextPageToken"] = str(offset + size)
        return 200, answer, {}
    if len(rest) == 2 and rest[1] == "reply" and request.method == "PUT":
        review = next((r for r in stored if r["review_id"] == rest[0]), None)
        if review is None:
            return not_found()
        problem = _body_problem(request.json, {"comment": str, "updateTime": OUT})
        if problem:
            return problem
        comment = request.json.get("comment", "").strip()
        if not comment or len(comment.encode()) > 4096:
            return invalid([("comment", "The reply must have 1 to 4096 bytes.")])
        review["reply"] = {"text": comment, "updated_at": sim.now()}
        return 200, {"comment": comment, "updateTime": review["reply"]["updated_at"]}, {}
    return not_found()


def media(sim, request, external_id: str, rest: list[str]):
    items = sim.media.setdefault(("google", external_id), [])
    if not rest and request.method == "GET":
        size = min(int(request.query.get("pageSize") or 100), 2500)
        offset = int(request.query.get("pageToken") or 0)
        answer = {"mediaItems": items[offset : offset + size], "totalMediaItemCount": len(items)}
        if offset + size < len(items):
            answer["nextPageToken"] = str(offset + size)
        return 200, answer, {}
    if not rest and request.method == "POST":
        body = request.json
        problem = _body_problem(body, MEDIA_ITEM)
        if problem:
            return problem
        if body.get("mediaFormat") not in ("PHOTO", "VIDEO"):
            return invalid([("media_format", "mediaFormat must be PHOTO or VIDEO.")])
        if (body.get("locationAssociation") or {}).get("category") not in MEDIA_CATEGORIES:
            return invalid([("location_association.category", "Unknown category.")])
        if not str(body.get("sourceUrl", "")).startswith(("http://", "https://")) and not body.get("dataRef"):
            return invalid([("source_url", "A sourceUrl or a dataRef is required.")])
        item = _stored_media(sim, external_id, body)
        items.append(item)
        return 200, item, {}
    if len(rest) == 1 and request.method == "DELETE":
        kept = [item for item in items if item["name"].rsplit("/", 1)[-1] != rest[0]]
        if len(kept) == len(items):
            return not_found()
        sim.media[("google", external_id)] = kept
        return 200, {}, {}
    return not_found()


# -- Business Profile Performance API v1 ---------------------------------------------------
def _range(query: dict, prefix: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        start = datetime.date(*(int(query[f"{prefix}.startDate.{key}"]) for key in ("year", "month", "day")))
        end = datetime.date(*(int(query[f"{prefix}.endDate.{key}"]) for key in ("year", "month", "day")))
    except (KeyError, ValueError):
        return None
    return (start, end) if start <= end else None


def _series(sim, external_id: str, metric: str, start: datetime.date, end: datetime.date) -> dict:
    values = []
    day = start
    while day <= end:
        numbers = sim.day_stats("google", external_id, day.isoformat())
        views = numbers["views"]
        quarters = [views // 4 + (1 if i < views % 4 else 0) for i in range(4)]
        value = {
            "BUSINESS_IMPRESSIONS_DESKTOP_MAPS": quarters[0],
            "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH": quarters[1],
            "BUSINESS_IMPRESSIONS_MOBILE_MAPS": quarters[2],
            "BUSINESS_IMPRESSIONS_MOBILE_SEARCH": quarters[3],
            "CALL_CLICKS": numbers["calls"],
            "BUSINESS_DIRECTION_REQUESTS": numbers["direction_requests"],
            "WEBSITE_CLICKS": numbers["website_clicks"],
        }.get(metric, 0)
        point = {"date": {"year": day.year, "month": day.month, "day": day.day}}
        if value:  # "This will not be present when the value is zero."
            point["value"] = str(value)
        values.append(point)
        day += datetime.timedelta(days=1)
    return {"datedValues": values}


def performance(sim, request, parts):
    if request.method != "GET" or len(parts) != 2 or parts[0] != "locations":
        return not_found()
    external_id, verb, doc = _location(sim, parts[1])
    if verb not in ("fetchMultiDailyMetricsTimeSeries", "getDailyMetricsTimeSeries"):
        return not_found()
    if doc is None:
        return not_found()
    query = request.query
    days = _range(query, "dailyRange")
    if days is None:
        return invalid([("daily_range", "dailyRange.startDate and dailyRange.endDate are required.")])
    if verb == "getDailyMetricsTimeSeries":
        metric = query.get("dailyMetric", "")
        if metric not in DAILY_METRICS:
            return invalid([("daily_metric", f"Invalid value: {metric}")])
        return 200, {"timeSeries": _series(sim, external_id, metric, *days)}, {}
    metrics = request.all("dailyMetrics")
    unknown = [m for m in metrics if m not in DAILY_METRICS]
    if not metrics or unknown:
        return invalid([("daily_metrics", f"Invalid value: {unknown[0] if unknown else 'none given'}")])
    series = [{"dailyMetric": m, "timeSeries": _series(sim, external_id, m, *days)} for m in metrics]
    return 200, {"multiDailyMetricTimeSeries": [{"dailyMetricTimeSeries": series}]}, {}
