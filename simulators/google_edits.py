"""Google's own side of a Business Profile: Voice of Merchant, Google's updates, pending edits and
the edit limits, as Google's public references describe them.

- Verifications API, `locations.getVoiceOfMerchantState`
  (https://developers.google.com/my-business/reference/verifications/rest/v1/locations/getVoiceOfMerchantState):
  `GET https://mybusinessverifications.googleapis.com/v1/{name=locations/*}/VoiceOfMerchantState`
  answers `{"hasVoiceOfMerchant", "hasBusinessAuthority"}` and at most one action of the union
  `gain_voice_of_merchant_action`: `waitForVoiceOfMerchant {}`, `verify {"hasPendingVerification"}`,
  `resolveOwnershipConflict {}`, `complyWithGuidelines {"recommendationReason"}`. Edits made without
  Voice of Merchant are kept but do not go live.
- Business Information API, `locations.getGoogleUpdated`
  (https://developers.google.com/my-business/reference/businessinformation/rest/v1/locations/getGoogleUpdated):
  `GET .../v1/{name=locations/*}:getGoogleUpdated?readMask=...` answers the Google-updated version
  of the location (`location`), `diffMask` (the fields Google updated) and `pendingMask` (the fields
  with edits not yet pushed to Maps and Search), each a comma-separated FieldMask, left out when
  empty (proto3 JSON). `Location.metadata.hasGoogleUpdated` / `hasPendingEdits` tell the same.
  Patching a field Google updated puts the merchant's value back live (how one rejects Google's).
- Usage limits (https://developers.google.com/my-business/content/limits): 300 requests a minute
  per API, and "10 edits per min per Google Business Profile. This limit cannot be increased.";
  the project's daily quotas of location updates (10,000) and creations (300). A refused request
  is `429 RESOURCE_EXHAUSTED` with a `google.rpc.ErrorInfo` naming the quota. The day ends at
  midnight Pacific time, as Google's quotas do.

What is simulated beyond the references, and says so: a control API (`/_sim/google/...`, see
`control`) makes a profile lose or regain Voice of Merchant, applies Google's own updates, decides
how edits of given fields are reviewed (live at once, pending, or back to verification) and sets
the limits; the edit counters and the clock (`/_sim/clock`) are the simulator's.
"""

import collections
import datetime
import time
from zoneinfo import ZoneInfo

VERIFICATIONS = "mybusinessverifications.googleapis.com"
PACIFIC = ZoneInfo("America/Los_Angeles")
DEFAULT_LIMITS = {"edits_per_minute_per_profile": 10, "updates_per_day": 10000, "creations_per_day": 300}
ACTIONS = ("waitForVoiceOfMerchant", "verify", "resolveOwnershipConflict", "complyWithGuidelines")
GOOD_STANDING = {"hasVoiceOfMerchant": True, "hasBusinessAuthority": True}


def reset_state(sim) -> None:
    sim.google_profiles = {}  # location id -> {"vom", "updates", "pending", "edits"}
    sim.google_limits = dict(DEFAULT_LIMITS)
    sim.google_usage = {"day": "", "updates": 0, "creations": 0}
    sim.google_refusals = {"edits_per_minute_per_profile": 0, "updates_per_day": 0, "creations_per_day": 0}
    sim.google_review = []  # [{"fields": set, "outcome", "external_ids": set | None}]


def clock(sim) -> float:
    return time.time() + getattr(sim, "clock_offset", 0.0)


def profile(sim, external_id: str) -> dict:
    return sim.google_profiles.setdefault(
        external_id,
        {"vom": dict(GOOD_STANDING), "updates": {}, "pending": {}, "edits": collections.deque()},
    )


def refresh_metadata(sim, external_id: str, doc: dict) -> None:
    state = profile(sim, external_id)
    doc["metadata"] = {
        **(doc.get("metadata") or {}),
        "hasGoogleUpdated": bool(state["updates"]) or bool((doc.get("metadata") or {}).get("hasGoogleUpdated")),
        "hasPendingEdits": bool(state["pending"]),
    }


# -- Limits ----------------------------------------------------------------------------------
def exhausted(metric: str, limit: int, unit: str):
    body = {
        "error": {
            "code": 429,
            "message": f"Quota exceeded for quota metric '{metric}' and limit '{unit}' of service "
            f"'mybusinessbusinessinformation.googleapis.com'.",
            "status": "RESOURCE_EXHAUSTED",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "service": "mybusinessbusinessinformation.googleapis.com",
                        "quota_metric": metric,
                        "quota_limit": unit,
                        "quota_limit_value": str(limit),
                    },
                }
            ],
        }
    }
    return 429, body, {}


def _today(sim) -> str:
    day = datetime.datetime.fromtimestamp(clock(sim), PACIFIC).date().isoformat()
    if sim.google_usage["day"] != day:
        sim.google_usage.update(day=day, updates=0, creations=0)
    return day


def take_edit(sim, external_id: str):
    """Count one edit of a profile against its per-minute and the project's daily limits; an
    error answer when a limit is reached (nothing counted then)."""
    limits, now = sim.google_limits, clock(sim)
    edits = profile(sim, external_id)["edits"]
    while edits and now - edits[0] >= 60:
        edits.popleft()
    if len(edits) >= limits["edits_per_minute_per_profile"]:
        sim.google_refusals["edits_per_minute_per_profile"] += 1
        return exhausted(
            "mybusinessbusinessinformation.googleapis.com/edits_per_profile",
            limits["edits_per_minute_per_profile"],
            "EditsPerMinutePerProfile",
        )
    _today(sim)
    if sim.google_usage["updates"] >= limits["updates_per_day"]:
        sim.google_refusals["updates_per_day"] += 1
        return exhausted(
            "mybusinessbusinessinformation.googleapis.com/location_updates", limits["updates_per_day"], "UpdatesPerDay"
        )
    edits.append(now)
    sim.google_usage["updates"] += 1
    return None


def take_creation(sim):
    _today(sim)
    limit = sim.google_limits["creations_per_day"]
    if sim.google_usage["creations"] >= limit:
        sim.google_refusals["creations_per_day"] += 1
        return exhausted("mybusinessbusinessinformation.googleapis.com/location_creations", limit, "CreationsPerDay")
    sim.google_usage["creations"] += 1
    return None


# -- Edits, Google's view --------------------------------------------------------------------
def after_patch(sim, external_id: str, before: dict, after: dict, fields: set[str]) -> None:
    """An accepted edit of `fields`: our value replaces Google's update of those fields; without
    Voice of Merchant (or under review) the edit waits, the live value kept until it is pushed."""
    state = profile(sim, external_id)
    for field in fields:
        state["updates"].pop(field, None)
    outcome = review_outcome(sim, external_id, fields)
    if outcome == "lose_voice_of_merchant":
        state["vom"] = {"hasVoiceOfMerchant": False, "hasBusinessAuthority": True, "verify": {}}
    if not state["vom"].get("hasVoiceOfMerchant") or outcome in ("pending", "lose_voice_of_merchant"):
        for field in fields:
            state["pending"].setdefault(field, before.get(field))
    else:
        for field in fields:
            state["pending"].pop(field, None)
    after["metadata"] = {**(after.get("metadata") or {}), "hasGoogleUpdated": bool(state["updates"])}
    refresh_metadata(sim, external_id, after)


def review_outcome(sim, external_id: str, fields: set[str]) -> str:
    for rule in sim.google_review:
        if rule["external_ids"] is not None and external_id not in rule["external_ids"]:
            continue
        if fields & rule["fields"]:
            return rule["outcome"]
    return "live"


def google_updated(sim, doc: dict, external_id: str, fields: set[str]) -> dict:
    """The answer of `locations.getGoogleUpdated`: what Maps shows, and the two masks."""
    state = profile(sim, external_id)
    shown = dict(doc)
    shown.update(state["updates"])
    for field, live in state["pending"].items():
        if live is None:
            shown.pop(field, None)
        else:
            shown[field] = live
    refresh_metadata(sim, external_id, shown)
    answer = {"location": {key: value for key, value in shown.items() if key in fields}}
    if state["updates"]:
        answer["diffMask"] = ",".join(sorted(state["updates"]))
    if state["pending"]:
        answer["pendingMask"] = ",".join(sorted(state["pending"]))
    return answer


def voice_of_merchant(sim, external_id: str) -> dict:
    return dict(profile(sim, external_id)["vom"])


# -- Control ---------------------------------------------------------------------------------
def control(sim, method: str, parts: list[str], body: dict):
    """`/_sim/google/...`:

    - `POST lose-voice-of-merchant {"external_id", "action"?: one of ACTIONS (default verify)}`
    - `POST voice-of-merchant {"external_id", "state": VoiceOfMerchantState}` (e.g. regain it);
      regaining Voice of Merchant pushes the pending edits live.
    - `POST google-update {"external_id", "changes": {Location fields}}`: Google changes what Maps
      shows (our data kept; `diffMask` and `hasGoogleUpdated` tell it).
    - `POST edit-review {"fields": [Location fields], "outcome": "live"|"pending"|"lose_voice_of_merchant",
      "external_ids"?: [...]}`: how Google reviews later edits of those fields (several rules stack;
      `{"clear": true}` forgets them).
    - `POST publish-pending {"external_id"}`: the pending edits pass review and go live.
    - `GET|POST limits {"edits_per_minute_per_profile", "updates_per_day", "creations_per_day"}`:
      the limits, today's usage and the refusals so far.
    """
    body = body or {}
    docs = sim.docs["google"]
    if parts == ["limits"]:
        if method == "POST":
            for key in DEFAULT_LIMITS:
                if key in body:
                    sim.google_limits[key] = int(body[key])
        _today(sim)
        return 200, {"limits": sim.google_limits, "usage": sim.google_usage, "refusals": sim.google_refusals}
    if method != "POST" or len(parts) != 1:
        return 404, {"error": "unknown control endpoint"}
    if parts == ["edit-review"]:
        if body.get("clear"):
            sim.google_review = []
            return 200, {"ok": True, "rules": 0}
        if body.get("outcome") not in ("live", "pending", "lose_voice_of_merchant"):
            raise ValueError("outcome must be live, pending or lose_voice_of_merchant")
        ids = body.get("external_ids")
        sim.google_review.append(
            {
                "fields": set(body.get("fields") or []),
                "outcome": body["outcome"],
                "external_ids": {str(i) for i in ids} if ids is not None else None,
            }
        )
        return 200, {"ok": True, "rules": len(sim.google_review)}
    external_id = str(body.get("external_id", ""))
    doc = docs.get(external_id)
    if doc is None:
        return 404, {"error": "no such listing"}
    state = profile(sim, external_id)
    if parts == ["lose-voice-of-merchant"]:
        action = body.get("action", "verify")
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
        detail = {
            "verify": {"hasPendingVerification": False},
            "complyWithGuidelines": {"recommendationReason": "BUSINESS_REJECTED"},
        }
        state["vom"] = {"hasVoiceOfMerchant": False, "hasBusinessAuthority": action != "resolveOwnershipConflict"}
        state["vom"][action] = detail.get(action, {})
        return 200, {"ok": True, "state": dict(state["vom"])}
    if parts == ["voice-of-merchant"]:
        wanted = body.get("state") or GOOD_STANDING
        if not isinstance(wanted, dict) or sum(1 for a in ACTIONS if a in wanted) > 1:
            raise ValueError("state: a VoiceOfMerchantState with at most one action")
        state["vom"] = {key: value for key, value in wanted.items() if key in (*ACTIONS, *GOOD_STANDING)}
        if state["vom"].get("hasVoiceOfMerchant"):
            state["pending"].clear()
        refresh_metadata(sim, external_id, doc)
        return 200, {"ok": True, "state": dict(state["vom"])}
    if parts == ["google-update"]:
        changes = {k: v for k, v in (body.get("changes") or {}).items() if k not in ("name", "metadata")}
        state["updates"].update(changes)
        refresh_metadata(sim, external_id, doc)
        doc["metadata"]["hasGoogleUpdated"] = True
        return 200, {"ok": True, "diffMask": ",".join(sorted(state["updates"]))}
    if parts == ["publish-pending"]:
        state["pending"].clear()
        refresh_metadata(sim, external_id, doc)
        return 200, {"ok": True}
    return 404, {"error": "unknown control endpoint"}
