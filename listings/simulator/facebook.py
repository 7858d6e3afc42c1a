"""The Facebook Pages-style API (Graph v19.0) of the simulator."""

from listings.directories.facebook import from_facebook, page_errors

WRITABLE = {"name", "phone", "website", "description", "category_list", "location", "hours", "special_hours", "photos"}


def error(status: int, message: str, code: int, subcode: int | None = None, field: str = "", kind="OAuthException"):
    body = {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "AsimTrace"}}
    if subcode is not None:
        body["error"]["error_subcode"] = subcode
    if field:
        body["error"]["error_data"] = {"blame_field_specs": [[field]]}
    return status, body, {}


def fault(status: int):
    if status == 429:
        return error(429, "(#4) Application request limit reached", 4, kind="OAuthException")
    return error(status, "An unexpected error has occurred. Please retry your request later.", 2, kind="OAuthException")


def not_found(page_id: str):
    return error(404, f"Unsupported get request. Object with ID '{page_id}' does not exist", 100, 33)


def rating_summary(sim, page_id: str) -> tuple[float | None, int]:
    stored = sim.reviews.get(("facebook", page_id), [])
    return (round(sum(r["rating"] for r in stored) / len(stored), 1) if stored else None), len(stored)


def render(sim, page_id: str, doc: dict, fields: set[str] | None) -> dict:
    location = doc.get("location") or {}
    full = {
        **doc,
        "id": page_id,
        "single_line_address": ", ".join(
            part for part in (location.get("street"), location.get("city"), location.get("zip")) if part
        ),
        "photos": {"data": doc.get("photos") or []},
    }
    rating, count = rating_summary(sim, page_id)
    full["overall_star_rating"] = rating
    full["rating_count"] = count
    if not fields:
        return {key: full[key] for key in ("id", "name")}
    return {key: value for key, value in full.items() if key in fields or key == "id"}


def state(sim, page_id: str) -> dict | None:
    doc = sim.listings["facebook"].get(page_id)
    return None if doc is None else from_facebook(render(sim, page_id, doc, {"photos", *doc}))


def merge(doc: dict, changes: dict) -> dict:
    result = dict(doc)
    for key, value in changes.items():
        if key == "location":
            result["location"] = {**(doc.get("location") or {}), **(value or {})}
        elif key == "photos":
            result["photos"] = [{"id": f"p{index}", **photo} for index, photo in enumerate(value or [], start=1)]
        else:
            result[key] = value
    return result


def _write_errors(changes: dict):
    unknown = set(changes) - WRITABLE
    if unknown:
        field = sorted(unknown)[0]
        return error(400, f"(#100) Tried accessing nonexisting field ({field})", 100, 2500, field)
    problems = page_errors(changes)
    if problems:
        field, subcode, message = problems[0]
        return error(400, f"(#100) {message}", 100, subcode, field)
    return None


def search_key(doc: dict) -> tuple[str, str, str]:
    return doc.get("name", ""), (doc.get("location") or {}).get("zip", ""), doc.get("phone", "")


def handle(sim, method: str, path: str, query: dict, body):
    parts = path.strip("/").split("/")
    fields = {f.strip() for f in query.get("fields", "").split(",") if f.strip()}
    if parts == ["pages", "search"] and method == "GET":
        found = sim.search("facebook", query.get("q", ""), query.get("zip", ""), query.get("phone", ""), search_key)
        return 200, {"data": [render(sim, page_id, doc, fields or {"name"}) for page_id, doc in found]}, {}
    if parts == ["me", "pages"] and method == "POST":
        changes = body or {}
        problem = _write_errors(changes)
        if problem:
            return problem
        page_id = sim.new_id("facebook")
        sim.listings["facebook"][page_id] = merge({}, changes)
        return 200, {"id": page_id}, {}
    page_id = parts[0]
    doc = sim.listings["facebook"].get(page_id)
    if doc is None:
        return not_found(page_id)
    rest = parts[1:]
    if not rest and method == "GET":
        return 200, render(sim, page_id, doc, fields), {}
    if not rest and method == "POST":
        problem = _write_errors(body or {})
        if problem:
            return problem
        sim.listings["facebook"][page_id] = merge(doc, body or {})
        return 200, {"success": True}, {}
    if rest == ["ratings"] and method == "GET":
        return ratings(sim, page_id, query)
    if len(rest) == 3 and rest[0] == "ratings" and rest[2] == "comments" and method == "POST":
        stored = sim.reviews.get(("facebook", page_id), [])
        review = next((r for r in stored if r["review_id"] == rest[1]), None)
        if review is None:
            return not_found(rest[1])
        message = str((body or {}).get("message", "")).strip()
        if not message:
            return error(400, "(#100) Param message must be non-empty", 100, 1349125, "message")
        review["reply"] = {"text": message, "updated_at": sim.now()}
        return 200, {"id": f"{rest[1]}_c1"}, {}
    if rest == ["insights"] and method == "GET":
        numbers = sim.day_stats("facebook", page_id, query.get("since", ""))
        names = {
            "page_views_total": "views",
            "page_call_phone_clicks_logged_in_unique": "calls",
            "page_get_directions_clicks_logged_in_unique": "direction_requests",
            "page_website_clicks_logged_in_unique": "website_clicks",
        }
        wanted = [m for m in query.get("metric", "").split(",") if m in names]
        data = [
            {
                "name": metric,
                "period": "day",
                "values": [{"value": numbers[names[metric]], "end_time": f"{query.get('until', '')}T08:00:00+0000"}],
            }
            for metric in wanted
        ]
        return 200, {"data": data}, {}
    return error(400, f"(#100) Unsupported {method} request", 100, 33)


def ratings(sim, page_id: str, query: dict):
    stored = sim.reviews.get(("facebook", page_id), [])
    limit = min(int(query.get("limit") or 25), 100)
    offset = int(query.get("after") or 0)
    data = []
    for review in stored[offset : offset + limit]:
        item = {
            "open_graph_story": {"id": review["review_id"]},
            "reviewer": {"name": review.get("author", "")},
            "rating": review["rating"],
            "recommendation_type": "positive" if review["rating"] >= 3 else "negative",
            "review_text": review.get("text", ""),
            "created_time": review.get("created_at", "").replace("Z", "+0000"),
        }
        if review.get("reply"):
            item["comments"] = {
                "data": [
                    {
                        "message": review["reply"]["text"],
                        "created_time": review["reply"]["updated_at"].replace("Z", "+0000"),
                        "from": {"id": page_id},
                    }
                ]
            }
        data.append(item)
    paging = {"cursors": {"after": str(offset + limit)}}
    if offset + limit < len(stored):
        paging["next"] = f"/{page_id}/ratings?after={offset + limit}"
    return 200, {"data": data, "paging": paging}, {}
