"""The click-record simulator's memory: the clicks each platform recorded, and the helpers its
endpoints share (standard library only, like the rest of the simulator)."""

import base64
import json
import secrets
import threading
import uuid
from datetime import UTC, date, datetime

MATCH_TYPES = {"exact": ("EXACT", "Exact"), "phrase": ("PHRASE", "Phrase"), "broad": ("BROAD", "Broad")}

lock = threading.Lock()
clicks: dict[tuple[str, str], list[dict]] = {}  # (source, campaign) -> clicks
campaign_ids: dict[str, int] = {}  # Microsoft campaign name -> id
report_requests: dict[str, dict] = {}
downloads: dict[str, bytes] = {}


def reset() -> None:
    with lock:
        clicks.clear()
        campaign_ids.clear()
        report_requests.clear()
        downloads.clear()


def register_campaign(source: str, campaign: str) -> None:
    """A campaign the platform knows (its keywords were pushed): Microsoft gives it an id."""
    if source == "microsoft":
        with lock:
            campaign_ids.setdefault(campaign, 141_000_000 + len(campaign_ids) + 1)


def state() -> dict:
    with lock:
        return {f"{source}/{campaign}": len(recorded) for (source, campaign), recorded in clicks.items()}


def today() -> date:
    return datetime.now(UTC).date()


def new_id(source: str) -> str:
    if source == "google":  # gclids are opaque URL-safe base64 strings
        return "Cj0KCQ" + base64.urlsafe_b64encode(secrets.token_bytes(48)).decode().rstrip("=")
    return uuid.uuid4().hex  # msclkids are 32 hexadecimal characters


def json_answer(start_response, status: str, payload, headers=()) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *headers])
    return [body]


def read_body(environ):
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), 5_000_000)
        return json.loads(environ["wsgi.input"].read(length) or b"null")
    except (ValueError, json.JSONDecodeError):
        return None
