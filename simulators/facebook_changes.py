"""Meta's proposed changes to a Page, with their timers, as the Page Upcoming Changes API describes
them (https://developers.facebook.com/docs/pages/upcoming-changes/, and the SDK's
`PageUpcomingChange` / `PageChangeProposal` objects in `facebook_business/adobjects/`):

- `GET /{page-id}/upcoming_changes` (`include_inactive=true` adds the decided and fired ones):
  `{"data": [{"id", "page": {"name", "id"}, "effective_time", "timer_status", "change_type":
  "knowledge_proposal", "proposal": {"id", "category", "current_value", "proposed_value",
  "acceptance_status"?}}]}`; `GET /{upcoming-change-id}` reads one.
- `POST /{proposal-id}` with `accept=true` (apply it now) or `accept=false` (reject it): `{"succeed": true}`.
- A change nobody decides applies itself at its `effective_time` (`timer_status` becomes
  `already_fired`, `acceptance_status` `accepted`); a decided one is `stopped`.

Proposal categories simulated: `name`, `phone`, `website`, `description`, `category` (Page category
ids, comma-separated as in the reference's example) and `street`, `city`, `zip` (the Page's
`location`). The timers run on the simulator's clock (`POST /_sim/clock` moves it).
Control: `POST /_sim/facebook/propose-change {"page_id", "category", "proposed_value",
"effective_in_seconds"? (default 3 days)}` answers the upcoming change as the API shows it.
"""

import datetime
import time

CATEGORIES = ("name", "phone", "website", "description", "category", "street", "city", "zip")
LOCATION_PARTS = ("street", "city", "zip")


def reset_state(sim) -> None:
    sim.facebook_changes = {}  # page id -> [change]


def _now(sim) -> float:
    return time.time() + getattr(sim, "clock_offset", 0.0)


def _stamp(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def current_value(doc: dict, category: str) -> str:
    if category == "category":
        return ", ".join(str(c) for c in doc.get("category_list") or [])
    if category in LOCATION_PARTS:
        return str((doc.get("location") or {}).get(category, ""))
    return str(doc.get(category, ""))


def _apply(doc: dict, category: str, value: str) -> None:
    if category == "category":
        doc["category_list"] = [part.strip() for part in value.split(",") if part.strip()]
    elif category in LOCATION_PARTS:
        doc["location"] = {**(doc.get("location") or {}), category: value}
    else:
        doc[category] = value


def fire_due(sim) -> None:
    """Apply every proposal whose timer ran out (Meta applies them by themselves)."""
    now = _now(sim)
    for page_id, changes in sim.facebook_changes.items():
        doc = sim.docs["facebook"].get(page_id)
        for change in changes:
            if change["timer_status"] == "enabled" and change["effective_at"] <= now and doc is not None:
                _apply(doc, change["proposal"]["category"], change["proposal"]["proposed_value"])
                change["timer_status"] = "already_fired"
                change["proposal"]["acceptance_status"] = "accepted"


def render(sim, change: dict) -> dict:
    doc = sim.docs["facebook"].get(change["page_id"]) or {}
    return {
        "id": change["id"],
        "page": {"name": doc.get("name", ""), "id": change["page_id"]},
        "effective_time": _stamp(change["effective_at"]),
        "timer_status": change["timer_status"],
        "change_type": "knowledge_proposal",
        "proposal": dict(change["proposal"]),
    }


def upcoming_changes(sim, page_id: str, values: dict):
    fire_due(sim)
    inactive = str(values.get("include_inactive", "")).lower() == "true"
    changes = [
        render(sim, change)
        for change in sim.facebook_changes.get(page_id, [])
        if inactive or change["timer_status"] == "enabled"
    ]
    return 200, {"data": changes}, {}


def find(sim, object_id: str) -> tuple[dict | None, str]:
    """(change, "change"|"proposal") of an upcoming change's or a proposal's id."""
    for changes in sim.facebook_changes.values():
        for change in changes:
            if change["id"] == object_id:
                return change, "change"
            if change["proposal"]["id"] == object_id:
                return change, "proposal"
    return None, ""


def node(sim, method: str, change: dict, kind: str, values: dict, error):
    fire_due(sim)
    if method == "GET":
        return 200, (render(sim, change) if kind == "change" else dict(change["proposal"])), {}
    if method == "POST" and kind == "proposal":
        accept = str(values.get("accept", "")).lower()
        if accept not in ("true", "false"):
            return error(400, "(#100) The parameter accept is required", 100)
        if change["timer_status"] != "enabled":
            return error(400, "(#100) This proposal was already decided", 100)
        if accept == "true":
            doc = sim.docs["facebook"].get(change["page_id"])
            if doc is not None:
                _apply(doc, change["proposal"]["category"], change["proposal"]["proposed_value"])
        change["timer_status"] = "stopped"
        change["proposal"]["acceptance_status"] = "accepted" if accept == "true" else "rejected"
        return 200, {"succeed": True}, {}
    return error(400, f"Unsupported {method.lower()} request.", 100)


def control(sim, method: str, parts: list[str], body: dict):
    body = body or {}
    if method != "POST" or parts != ["propose-change"]:
        return 404, {"error": "unknown control endpoint"}
    page_id = str(body.get("page_id", ""))
    doc = sim.docs["facebook"].get(page_id)
    if doc is None:
        return 404, {"error": "no such listing"}
    category = body.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"category must be one of {', '.join(CATEGORIES)}")
    seconds = float(body.get("effective_in_seconds", 3 * 86400))
    change = {
        "id": f"8{sim.new_id():014d}",
        "page_id": page_id,
        "effective_at": _now(sim) + seconds,
        "timer_status": "enabled",
        "proposal": {
            "id": f"7{sim.new_id():014d}",
            "category": category,
            "current_value": current_value(doc, category),
            "proposed_value": str(body.get("proposed_value", "")),
        },
    }
    sim.facebook_changes.setdefault(page_id, []).append(change)
    return 200, render(sim, change)
