"""The Facebook Graph API (`graph.facebook.com/v{N}.0`), for the Page node and the edges the
platform uses, as the public references describe them:

- Page node and its update: https://developers.facebook.com/docs/graph-api/reference/page/
  (fields such as `name`, `phone`, `website`, `description`, `about`, `category_list`, `location`,
  `single_line_address`, `hours`, `overall_star_rating`, `rating_count`; the update parameters are
  those the official SDK types in `facebook_business/adobjects/page.py` `Page.api_update`: there is
  no `special_hours` and no `name` among them, and `category_list` takes category ids).
- Photos: https://developers.facebook.com/docs/graph-api/reference/page/photos/ (`POST
  /{page-id}/photos` with `url`, `caption`, `published`; `GET ...?type=uploaded`; a photo's caption
  reads back as its `name`), and `DELETE /{photo-id}`.
- Ratings: https://developers.facebook.com/docs/graph-api/reference/page/ratings/ (Recommendation:
  `created_time`, `rating`, `recommendation_type`, `review_text`, `reviewer`, `open_graph_story`);
  a reply is a comment on the review's story: https://developers.facebook.com/docs/graph-api/reference/object/comments/
- Insights: https://developers.facebook.com/docs/graph-api/reference/insights/
- Upcoming changes Meta proposes, with their timers: `simulators.facebook_changes`.
- Requests: parameters travel in the query string or form-encoded in the body, a map or a list
  JSON-encoded in one parameter (as the SDK's `_top_level_param_json_encode` does); `fields`
  selects what a read returns, also on a POST ("read after write", Graph API 2.9 changelog:
  https://developers.facebook.com/docs/graph-api/changelog/version2.9).
- Errors: https://developers.facebook.com/docs/graph-api/guides/error-handling (`{"error":
  {"message", "type", "code", "error_subcode", "fbtrace_id"}}`; 100 invalid parameter, 2
  transient, 4/17/32 throttling, 200 permission, 803/33 unknown object).

Where it adds to the real service, it says so: throttling answers carry a `Retry-After` header
(Graph reports the wait in `X-Business-Use-Case-Usage`), and an unknown update parameter is
refused rather than ignored so a connector that sends one is caught.
"""

import contextlib
import datetime
import itertools
import json
import re

from . import facebook_changes

reset_state = facebook_changes.reset_state
control = facebook_changes.control

HOSTS = ("graph.facebook.com",)
VERSION = re.compile(r"^v\d+\.\d+$")
PAGE_FIELDS = {
    "id", "name", "about", "phone", "website", "description", "category", "category_list", "location",
    "single_line_address", "hours", "overall_star_rating", "rating_count", "emails", "link", "is_permanently_closed",
}  # fmt: skip
# Page.api_update's parameters we simulate (the SDK lists more; none is `name` or `special_hours`).
UPDATE_PARAMS = {
    "about": str, "category_list": list, "description": str, "emails": list, "hours": dict, "location": dict,
    "phone": str, "website": str, "is_permanently_closed": bool,
}  # fmt: skip
LOCATION_KEYS = {"street", "city", "state", "zip", "country", "latitude", "longitude", "city_id", "region"}
HOURS_KEY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)_([1-9])_(open|close)$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CLOSE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
PHONE = re.compile(r"^\+?[0-9 ().-]{7,20}$")
# A few Page categories for the demo (ids as Graph writes them: digits). Unknown ids read back as
# "Category <id>".
CATEGORIES = {"2247": "Insurance Agent", "2248": "Insurance Broker", "2249": "Auto Insurance Agency"}


def error(status: int, message: str, code: int, subcode: int | None = None, kind: str = "OAuthException", headers=None):
    body = {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "ASim0000000000"}}
    if subcode is not None:
        body["error"]["error_subcode"] = subcode
    if code in (1, 2):
        body["error"]["is_transient"] = True
    return status, body, headers or {}


def fault(status: int):
    if status == 429:
        return error(400, "(#32) Page request limit reached", 32)
    if status == 403:
        return error(403, "(#200) Requires pages_manage_metadata permission to manage the object", 200)
    if status == 400:
        return error(400, "(#100) Invalid parameter", 100)
    if status == 404:
        return error(404, "(#803) Some of the aliases you requested do not exist", 803)
    return error(500, "An unexpected error has occurred. Please retry your request later.", 2)


def malformed(text: str):
    return error(400, f"(#100) Invalid parameter: {text}", 100)


def unknown_object(object_id: str, method: str = "get"):
    return error(
        400,
        f"Unsupported {method} request. Object with ID '{object_id}' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation.",
        100,
        33,
        kind="GraphMethodException",
    )


# -- Parameters ----------------------------------------------------------------------------
def params(request) -> dict:
    """Query and body parameters together; JSON-encoded maps and lists decoded."""
    merged = dict(request.query)
    if isinstance(request.json, dict):
        merged.update(request.json)
    if request.form:
        merged.update(request.form)
    result = {}
    for key, value in merged.items():
        if isinstance(value, str) and value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        result[key] = value
    return result


def split_fields(text: str) -> list[tuple[str, str]]:
    """`a,b{c,d},e` -> [(a, ""), (b, "c,d"), (e, "")] (field expansion, one level deep)."""
    result, depth, current = [], 0, ""
    for char in str(text or "") + ",":
        if char == "," and depth == 0:
            if current.strip():
                name, _, inner = current.strip().partition("{")
                result.append((name.split(".", 1)[0], inner.rstrip("}")))
            current = ""
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current += char
    return result


# -- Rules of a Page update ----------------------------------------------------------------
def _span(open_: str, close: str) -> tuple[int, int]:
    start = int(open_[:2]) * 60 + int(open_[3:])
    end = int(close[:2]) * 60 + int(close[3:])
    return start, end if end > start else end + 1440


def update_problem(values: dict):
    """The first reason Graph would refuse these update parameters, as an error answer, or None."""
    for key, value in values.items():
        if key not in UPDATE_PARAMS:
            return error(400, f"(#100) Param {key} is not a valid parameter for this node", 100)
        if not isinstance(value, UPDATE_PARAMS[key]):
            return error(400, f"(#100) Param {key} must be a {UPDATE_PARAMS[key].__name__}", 100)
    if values.get("phone") and not PHONE.match(values["phone"]):
        return error(400, f"(#100) Param phone is not a valid phone number: {values['phone']}", 100, 1349126)
    if values.get("website") and not re.match(r"^https?://\S+$", values["website"]):
        return error(400, "(#100) Param website must be a valid URL", 100, 1349127)
    for category in values.get("category_list") or []:
        if not str(category).isdigit():
            return error(400, f"(#100) Param category_list[0] must be a category id, got {category!r}", 100, 1349128)
    unknown = set(values.get("location") or {}) - LOCATION_KEYS
    if unknown:
        return error(400, f"(#100) Param location[{sorted(unknown)[0]}] is not a valid key", 100)
    hours = values.get("hours")
    if hours is not None:
        per_day: dict = {}
        for key, value in hours.items():
            match = HOURS_KEY.match(key)
            if not match:
                return error(400, f"(#100) Param hours[{key}] is not a valid key", 100, 1349118)
            if int(match.group(2)) > 2:
                return error(400, f"(#100) Param hours[{key}]: at most 2 ranges a day", 100, 1349119)
            if not (TIME if match.group(3) == "open" else CLOSE).match(str(value)):
                return error(400, f"(#100) Param hours[{key}] must be a time HH:MM", 100, 1349120)
            if match.group(3) == "open":
                close = hours.get(f"{match.group(1)}_{match.group(2)}_close")
                if close is None:
                    return error(
                        400, f"(#100) Param hours[{match.group(1)}_{match.group(2)}_close] is missing", 100, 1349121
                    )
                per_day.setdefault(match.group(1), []).append(_span(value, close))
        for day, spans in per_day.items():
            spans.sort()
            if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans)):
                return error(400, f"(#100) Param hours: the ranges of {day} overlap", 100, 1349122)
    return None


# -- State ---------------------------------------------------------------------------------
def _render(sim, page_id: str, doc: dict) -> dict:
    location = doc.get("location") or {}
    full = {**doc, "id": page_id}
    full["category_list"] = [
        {"id": str(c), "name": CATEGORIES.get(str(c), f"Category {c}")} for c in doc.get("category_list") or []
    ]
    full["single_line_address"] = ", ".join(
        str(part)
        for part in (location.get("street"), location.get("city"), location.get("state"), location.get("zip"))
        if part
    )
    stored = sim.reviews.get(("facebook", page_id), [])
    if stored:
        full["overall_star_rating"] = round(sum(r["rating"] for r in stored) / len(stored), 1)
    full["rating_count"] = len(stored)
    return full


def _stored(values: dict) -> dict:
    doc = {key: value for key, value in values.items() if key != "id"}
    if "category_list" in doc:  # stored as ids, whatever the seed gave
        doc["category_list"] = [str(c["id"]) if isinstance(c, dict) else str(c) for c in doc["category_list"]]
    return doc


def seed(sim, item: dict) -> str:
    page_id = str(item.get("external_id") or f"10{sim.new_id():013d}")
    if "document" not in item and page_id in sim.docs["facebook"]:
        return page_id  # seeding reviews or statistics of a listing already there
    sim.docs["facebook"][page_id] = _stored(item.get("document") or {})
    if "photos" in item:
        sim.media[("facebook", page_id)] = [
            {
                "id": str(photo.get("id") or f"9{sim.new_id():014d}"),
                "name": photo.get("name", ""),
                "created_time": _time(sim),
            }
            | {k: v for k, v in photo.items() if k not in ("id", "name")}
            for photo in item.get("photos") or []
        ]
    return page_id


def tamper(sim, page_id: str, changes: dict) -> dict | None:
    doc = sim.docs["facebook"].get(page_id)
    if doc is None:
        return None
    doc.update(_stored(changes))
    return state(sim, page_id)


def state(sim, page_id: str, part: str = "") -> dict | None:
    facebook_changes.fire_due(sim)
    doc = sim.docs["facebook"].get(page_id)
    if doc is None:
        return None
    page = _render(sim, page_id, doc)
    page["photos"] = {"data": sim.media.get(("facebook", page_id), [])}
    return page


def _time(sim) -> str:
    return sim.now().replace("Z", "+0000")


# -- Routes --------------------------------------------------------------------------------
def handle(sim, request):
    parts = request.path.strip("/").split("/")
    if not parts or not VERSION.match(parts[0]):
        return error(400, "Unknown path components", 2500)
    parts = parts[1:]
    values = params(request)
    method = request.method
    if parts == ["pages", "search"] and method == "GET":
        return pages_search(sim, values)
    if len(parts) == 1:
        object_id = parts[0]
        if object_id in sim.docs["facebook"]:
            facebook_changes.fire_due(sim)
            return page(sim, method, object_id, values)
        change, kind = facebook_changes.find(sim, object_id)
        if change is not None:
            return facebook_changes.node(sim, method, change, kind, values, error)
        photo = _photo(sim, object_id)
        if photo is not None and method == "DELETE":
            page_id, item = photo
            sim.media[("facebook", page_id)] = [p for p in sim.media[("facebook", page_id)] if p is not item]
            return 200, {"success": True}, {}
        return unknown_object(object_id, method.lower())
    if len(parts) == 2:
        object_id, edge = parts
        if object_id in sim.docs["facebook"]:
            if edge == "photos":
                return photos(sim, method, object_id, values)
            if edge == "ratings" and method == "GET":
                return ratings(sim, object_id, values)
            if edge == "insights" and method == "GET":
                return insights(sim, object_id, values)
            if edge == "upcoming_changes" and method == "GET":
                return facebook_changes.upcoming_changes(sim, object_id, values)
            return error(400, f"(#100) Unknown edge {edge} on node type (Page)", 100)
        review = _story(sim, object_id)
        if review is not None and edge == "comments" and method == "POST":
            message = str(values.get("message", "")).strip()
            if not message:
                return error(400, "(#100) The parameter message is required", 100)
            review["reply"] = {"text": message, "updated_at": sim.now()}
            return 200, {"id": f"{object_id}_{sim.new_id()}"}, {}
        return unknown_object(object_id, method.lower())
    return error(400, "Unknown path components", 2500)


def pages_search(sim, values: dict):
    """The Pages Search API (https://developers.facebook.com/docs/pages-api/search-pages): pages
    whose name shares a word with `q`."""
    wanted = {w for w in re.split(r"\W+", str(values.get("q", "")).lower()) if len(w) > 2}
    fields = [name for name, _ in split_fields(values.get("fields", ""))] or ["id", "name"]
    found = []
    for page_id, doc in sorted(sim.docs["facebook"].items()):
        words = {w for w in re.split(r"\W+", str(doc.get("name", "")).lower()) if len(w) > 2}
        if wanted & words:
            full = _render(sim, page_id, doc)
            found.append({key: full[key] for key in ["id", *fields] if key in full})
    return 200, {"data": found[: int(values.get("limit") or 10)]}, {}


def _read(sim, page_id: str, fields_text: str):
    fields = [name for name, _inner in split_fields(fields_text)] or ["name", "id"]
    unknown = [name for name in fields if name not in PAGE_FIELDS]
    if unknown:
        return error(400, f"(#100) Tried accessing nonexisting field ({unknown[0]}) on node type (Page)", 100)
    full = _render(sim, page_id, sim.docs["facebook"][page_id])
    return 200, {key: full[key] for key in ["id", *fields] if key in full}, {}


def page(sim, method: str, page_id: str, values: dict):
    if method == "GET":
        return _read(sim, page_id, values.get("fields", ""))
    if method == "POST":
        updates = {k: v for k, v in values.items() if k not in ("fields", "access_token", "method")}
        problem = update_problem(updates)
        if problem:
            return problem
        doc = sim.docs["facebook"][page_id]
        for key, value in _stored(updates).items():
            doc[key] = {**(doc.get("location") or {}), **value} if key == "location" else value
        if values.get("fields"):
            return _read(sim, page_id, values["fields"])
        return 200, {"success": True}, {}
    return unknown_object(page_id, method.lower())


def _photo(sim, photo_id: str):
    for (directory, page_id), items in sim.media.items():
        if directory == "facebook":
            for item in items:
                if item["id"] == photo_id:
                    return page_id, item
    return None


def photos(sim, method: str, page_id: str, values: dict):
    items = sim.media.setdefault(("facebook", page_id), [])
    if method == "GET":
        limit = min(int(values.get("limit") or 25), 100)
        offset = int(values.get("after") or 0)
        wanted = [name for name, _ in split_fields(values.get("fields", ""))] or ["id", "name", "created_time"]
        data = [{k: item[k] for k in ["id", *wanted] if k in item} for item in items[offset : offset + limit]]
        paging = {"cursors": {"before": str(offset), "after": str(offset + limit)}}
        if offset + limit < len(items):
            paging["next"] = f"/{page_id}/photos?after={offset + limit}"
        return 200, {"data": data, "paging": paging}, {}
    if method == "POST":
        url = str(values.get("url", ""))
        if not url.startswith(("http://", "https://")):
            return error(400, "(#324) Requires upload file", 324)
        item = {
            "id": f"9{sim.new_id():014d}",
            "name": str(values.get("caption", "")),
            "created_time": _time(sim),
            "link": url,
        }
        items.append(item)
        return 200, {"id": item["id"], "post_id": f"{page_id}_{item['id']}"}, {}
    return unknown_object(page_id, method.lower())


def _story(sim, story_id: str):
    for (directory, _page_id), stored in sim.reviews.items():
        if directory == "facebook":
            for review in stored:
                if review["review_id"] == story_id:
                    return review
    return None


def ratings(sim, page_id: str, values: dict):
    stored = sim.reviews.get(("facebook", page_id), [])
    limit = min(int(values.get("limit") or 25), 100)
    offset = int(values.get("after") or 0)
    data = []
    for review in stored[offset : offset + limit]:
        story = {"id": review["review_id"]}
        if review.get("reply"):
            story["comments"] = {
                "data": [
                    {
                        "id": f"{review['review_id']}_1",
                        "message": review["reply"]["text"],
                        "created_time": review["reply"]["updated_at"].replace("Z", "+0000"),
                        "from": {"id": page_id},
                    }
                ]
            }
        data.append(
            {
                "created_time": review.get("created_at", "").replace("Z", "+0000"),
                "rating": review["rating"],
                "has_rating": True,
                "has_review": bool(review.get("text")),
                "recommendation_type": "positive" if review["rating"] >= 3 else "negative",
                "review_text": review.get("text", ""),
                "reviewer": {"name": review.get("author", ""), "id": f"u{abs(hash(review.get('author', ''))) % 10**9}"},
                "open_graph_story": story,
            }
        )
    paging = {"cursors": {"before": str(offset), "after": str(offset + limit)}}
    if offset + limit < len(stored):
        paging["next"] = f"/{page_id}/ratings?after={offset + limit}"
    return 200, {"data": data, "paging": paging}, {}


INSIGHTS = {
    "page_views_total": "views",
    "page_call_phone_clicks_logged_in_unique": "calls",
    "page_get_directions_clicks_logged_in_unique": "direction_requests",
    "page_website_clicks_logged_in_unique": "website_clicks",
}


def insights(sim, page_id: str, values: dict):
    metrics = [m for m in str(values.get("metric", "")).split(",") if m]
    unknown = [m for m in metrics if m not in INSIGHTS]
    if not metrics or unknown:
        return error(400, f"(#100) The value must be a valid insights metric: {unknown[0] if unknown else ''}", 100)
    try:
        since = datetime.date.fromisoformat(str(values.get("since", "")))
        until = datetime.date.fromisoformat(str(values.get("until", "")))
    except ValueError:
        return error(400, "(#100) since and until must be dates", 100)
    data = []
    for metric in metrics:
        points, day = [], since
        while day < until:
            points.append(
                {
                    "value": sim.day_stats("facebook", page_id, day.isoformat())[INSIGHTS[metric]],
                    "end_time": f"{(day + datetime.timedelta(days=1)).isoformat()}T08:00:00+0000",
                }
            )
            day += datetime.timedelta(days=1)
        data.append(
            {
                "name": metric,
                "period": values.get("period", "day"),
                "values": points,
                "id": f"{page_id}/insights/{metric}/day",
            }
        )
    return 200, {"data": data, "paging": {}}, {}
