"""The directory simulator: one threaded WSGI process serving the three directory APIs, a
control API for tests, benchmarks and demos, and other simulators mounted by URL prefix.

Control API:
- `POST /_sim/reset`: forget every listing, review, statistic and fault.
- `POST /_sim/faults` `{"directory": "google"|"facebook"|"pagesjaunes"|"*", "error_rate", "rate_limit_rate",
  "timeout_rate", "lost_response_rate", "seed", "quota_per_minute", "timeout_seconds"}`; a lost
  response applies a write and closes the connection without answering; a timeout waits
  `timeout_seconds` and answers 504 without applying; a quota answers 429 with Retry-After.
- `POST /_sim/tamper` `{"directory", "external_id", "changes": {canonical fields}}`: an edit made on
  the directory itself (on Google it sets `metadata.hasGoogleUpdated`).
- `GET /_sim/state/<directory>/<external-id>`: the canonical payload the directory now shows.
- `POST /_sim/seed` `{"listings": [{"directory", "external_id"?, "payload", "reviews"?, "stats"?}]}`.
- `GET /_sim/health`, `GET /_sim/counters` (requests answered per directory).
"""

import datetime
import importlib
import itertools
import json
import logging
import random
import re
import sys
import threading
import time
import zlib
from dataclasses import asdict, dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from listings.directories.base import DIRECTORIES, FIELDS, normalise
from listings.directories.facebook import to_facebook
from listings.directories.google import media_to_google, to_google
from listings.directories.pagesjaunes import to_pagesjaunes
from listings.simulator import facebook, google, pagesjaunes

logger = logging.getLogger(__name__)

APIS = {"google": google, "facebook": facebook, "pagesjaunes": pagesjaunes}
PREFIXES = {"google": "/google/v1", "facebook": "/facebook/v19.0", "pagesjaunes": "/pagesjaunes/partner/v2"}
# Other simulators served by this process: URL prefix -> WSGI app, or a module path whose
# `make_app()` (or WSGI callable `app` or `application`) is used when it can be imported.
MOUNTS: dict = {"/ads": "budgets.adplatform.simulator"}
STOPWORDS = {"de", "du", "des", "la", "le", "les", "et", "the", "of", "and", "a", "l", "d", "st", "saint"}
WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def mount(prefix: str, app) -> None:
    """Serve `app` (a WSGI app or a module path) under `prefix` in every simulator made after."""
    MOUNTS[prefix.rstrip("/")] = app


def _resolve_mounts() -> list[tuple[str, object]]:
    resolved = []
    for prefix, target in MOUNTS.items():
        app = target
        if isinstance(target, str):
            try:
                module = importlib.import_module(target)
            except ImportError:
                continue
            if hasattr(module, "make_app"):
                app = module.make_app()
            else:  # a module-level WSGI callable, by either usual name
                app = getattr(module, "app", None) or getattr(module, "application", None)
        if app is not None:
            resolved.append((prefix, app))
    return sorted(resolved, key=lambda item: -len(item[0]))


class DropConnection(Exception):
    """Raised after a change was applied to close the connection without an answer."""


@dataclass
class Faults:
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    timeout_rate: float = 0.0
    lost_response_rate: float = 0.0
    quota_per_minute: int = 0
    timeout_seconds: float = 2.0
    seed: int | None = None
    rng: random.Random = field(default_factory=random.Random, repr=False)
    window_start: float = 0.0
    window_count: int = 0

    def public(self) -> dict:
        data = asdict(self)
        for key in ("rng", "window_start", "window_count"):
            data.pop(key)
        return data


def tokens(text: str) -> set[str]:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return {word for word in re.split(r"[^a-z0-9]+", plain) if word and word not in STOPWORDS}


class Simulator:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.listings: dict[str, dict] = {key: {} for key in DIRECTORIES}
        self.media: dict[str, list] = {}
        self.reviews: dict[tuple[str, str], list] = {}
        self.stats: dict[tuple[str, str, str], dict] = {}
        self.faults = {key: Faults() for key in DIRECTORIES}
        self.request_ids: dict = {}
        self.counters = dict.fromkeys(DIRECTORIES, 0)
        self._ids = itertools.count(1001)

    # -- helpers used by the APIs -----------------------------------------------------------
    def new_id(self, kind: str) -> str:
        number = next(self._ids)
        if kind == "pagesjaunes":
            return f"PJ{number:08d}"
        if kind == "facebook":
            return f"10{number:010d}"
        return f"{number:012d}"

    @staticmethod
    def now() -> str:
        return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def day_stats(self, directory: str, external_id: str, day: str) -> dict:
        """Seeded statistics, else a deterministic day derived from the listing and the date."""
        seeded = self.stats.get((directory, external_id, day))
        if seeded is not None:
            return seeded
        seed = zlib.crc32(f"{directory}:{external_id}:{day}".encode())
        return {
            "views": 40 + seed % 200,
            "calls": (seed >> 8) % 12,
            "direction_requests": (seed >> 12) % 20,
            "website_clicks": (seed >> 16) % 15,
        }

    def search(self, directory: str, name: str, postal: str, phone: str, key) -> list[tuple[str, dict]]:
        """Listings sharing a word of the name, or the phone, or the postal code and a word."""
        wanted = tokens(name)
        postal = postal.replace(" ", "").upper()
        scored = []
        for external_id, doc in self.listings[directory].items():
            their_name, their_postal, their_phone = key(doc)
            common = len(wanted & tokens(their_name))
            same_phone = bool(phone) and phone == their_phone
            same_postal = bool(postal) and postal == their_postal.replace(" ", "").upper()
            if common or same_phone:
                scored.append((common + 3 * same_phone + 2 * same_postal, external_id, doc))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(external_id, doc) for _, external_id, doc in scored[:10]]

    def state(self, directory: str, external_id: str) -> dict | None:
        return APIS[directory].state(self, external_id)

    # -- storing canonical payloads in each directory's format ---------------------------------
    def put(self, directory: str, external_id: str, payload: dict, fields=FIELDS) -> None:
        payload = normalise(payload)
        if directory == "google":
            doc = self.listings["google"].get(external_id, {"name": f"locations/{external_id}", "metadata": {}})
            self.listings["google"][external_id] = {**doc, **to_google(payload, fields)}
            if "photos" in fields:
                self.media[external_id] = [
                    {**media_to_google(p), "name": f"locations/{external_id}/media/{self.new_id('media')}"}
                    for p in payload.get("photos") or []
                ]
        elif directory == "facebook":
            doc = self.listings["facebook"].get(external_id, {})
            self.listings["facebook"][external_id] = facebook.merge(doc, to_facebook(payload, fields))
        else:
            doc = self.listings["pagesjaunes"].get(external_id, {"id": external_id})
            self.listings["pagesjaunes"][external_id] = {**doc, **to_pagesjaunes(payload, fields)}

    def seed(self, items: list[dict]) -> list[dict]:
        created = []
        for item in items:
            directory = item["directory"]
            if directory not in DIRECTORIES:
                raise ValueError(f"unknown directory {directory!r}")
            external_id = str(item.get("external_id") or self.new_id(directory))
            if item.get("payload") is not None:
                self.put(directory, external_id, {**_blank(), **item["payload"]})
            reviews = self.reviews.setdefault((directory, external_id), [])
            for review in item.get("reviews") or []:
                review_id = str(review.get("review_id") or f"r{external_id}-{len(reviews) + 1}")
                reviews[:] = [r for r in reviews if r["review_id"] != review_id]  # seeding again replaces
                reviews.append(
                    {
                        "review_id": review_id,
                        "author": review.get("author", ""),
                        "rating": int(review.get("rating", 5)),
                        "text": review.get("text", ""),
                        "created_at": review.get("created_at") or self.now(),
                        "reply": review.get("reply"),
                    }
                )
            reviews.sort(key=lambda r: r["created_at"], reverse=True)
            for day in item.get("stats") or []:
                self.stats[(directory, external_id, day["day"])] = {
                    key: int(day.get(key, 0)) for key in ("views", "calls", "direction_requests", "website_clicks")
                }
            created.append({"directory": directory, "external_id": external_id})
        return created

    def tamper(self, directory: str, external_id: str, changes: dict) -> dict:
        current = self.state(directory, external_id)
        if current is None:
            raise KeyError(external_id)
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}")
        self.put(directory, external_id, {**current, **changes}, fields=list(changes))
        if directory == "google":
            self.listings["google"][external_id].setdefault("metadata", {})["hasGoogleUpdated"] = True
        return self.state(directory, external_id)

    # -- faults ----------------------------------------------------------------------------
    def set_faults(self, body: dict) -> dict:
        target = body.get("directory", "*")
        keys = DIRECTORIES if target == "*" else (target,)
        if any(key not in DIRECTORIES for key in keys):
            raise ValueError(f"unknown directory {target!r}")
        for key in keys:
            faults = Faults(
                error_rate=float(body.get("error_rate", 0)),
                rate_limit_rate=float(body.get("rate_limit_rate", 0)),
                timeout_rate=float(body.get("timeout_rate", 0)),
                lost_response_rate=float(body.get("lost_response_rate", 0)),
                quota_per_minute=int(body.get("quota_per_minute") or 0),
                timeout_seconds=float(body.get("timeout_seconds", 2.0)),
                seed=body.get("seed"),
            )
            faults.rng = random.Random(f"{body.get('seed')}:{key}") if body.get("seed") is not None else random.Random()  # noqa: S311
            self.faults[key] = faults
        return {key: self.faults[key].public() for key in DIRECTORIES}

    def roll(self, directory: str) -> tuple[str, float]:
        """What happens to this request: ("ok"|"quota"|"rate"|"error"|"timeout"|"lost", seconds)."""
        faults = self.faults[directory]
        self.counters[directory] += 1
        if faults.quota_per_minute:
            now = time.monotonic()
            if now - faults.window_start >= 60:
                faults.window_start, faults.window_count = now, 0
            faults.window_count += 1
            if faults.window_count > faults.quota_per_minute:
                return "quota", max(1.0, 60 - (now - faults.window_start))
        draw = faults.rng.random()
        for outcome, rate in (
            ("rate", faults.rate_limit_rate),
            ("error", faults.error_rate),
            ("timeout", faults.timeout_rate),
            ("lost", faults.lost_response_rate),
        ):
            if draw < rate:
                return outcome, faults.timeout_seconds if outcome == "timeout" else 1.0
            draw -= rate
        return "ok", 0.0


def _blank() -> dict:
    from listings.directories.base import empty_payload

    return empty_payload()


def _query(environ) -> dict:
    return dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))


def _body(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not length:
        return None
    raw = environ["wsgi.input"].read(length)
    return json.loads(raw) if raw.strip() else None


def _respond(start_response, status: int, data, headers: dict | None = None):
    payload = json.dumps(data, ensure_ascii=False).encode()
    reason = {200: "OK", 201: "Created", 400: "Bad Request", 404: "Not Found", 422: "Unprocessable Entity"}
    reason.update({429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"})
    reason.update({504: "Gateway Timeout", 405: "Method Not Allowed"})
    start_response(
        f"{status} {reason.get(status, 'Status')}",
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(payload))),
            *list((headers or {}).items()),
        ],
    )
    return [payload]


def make_app(sim: Simulator | None = None):
    sim = sim or Simulator()
    mounts = _resolve_mounts()

    def control(method: str, parts: list[str], body):
        if parts == ["reset"] and method == "POST":
            sim.reset()
            return 200, {"ok": True}
        if parts == ["health"]:
            return 200, {"ok": True, "directories": list(DIRECTORIES)}
        if parts == ["counters"]:
            return 200, dict(sim.counters)
        if parts == ["faults"] and method == "GET":
            return 200, {key: sim.faults[key].public() for key in DIRECTORIES}
        if parts == ["faults"] and method == "POST":
            return 200, {"ok": True, "faults": sim.set_faults(body or {})}
        if parts == ["tamper"] and method == "POST":
            body = body or {}
            try:
                shown = sim.tamper(
                    body.get("directory", ""), str(body.get("external_id", "")), body.get("changes") or {}
                )
            except KeyError:
                return 404, {"error": "no such listing"}
            return 200, {"ok": True, "state": shown}
        if len(parts) == 3 and parts[0] == "state" and method == "GET":
            if parts[1] not in DIRECTORIES:
                return 404, {"error": "unknown directory"}
            shown = sim.state(parts[1], parts[2])
            return (200, shown) if shown is not None else (404, {"error": "no such listing"})
        if parts == ["seed"] and method == "POST":
            return 200, {"ok": True, "listings": sim.seed((body or {}).get("listings") or [])}
        return 404, {"error": "unknown control endpoint"}

    def app(environ, start_response):
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        for prefix, mounted in mounts:
            if path == prefix or path.startswith(prefix + "/"):
                return mounted(environ, start_response)
        try:
            body = _body(environ)
        except ValueError:
            return _respond(start_response, 400, {"error": "invalid JSON"})
        query = _query(environ)
        if path.startswith("/_sim/"):
            with sim.lock:
                try:
                    status, data = control(method, path[len("/_sim/") :].strip("/").split("/"), body)
                except (ValueError, TypeError, AttributeError) as error:
                    status, data = 400, {"error": str(error)}
                return _respond(start_response, status, data)
        directory = next((key for key, prefix in PREFIXES.items() if path.startswith(prefix + "/")), None)
        if directory is None:
            return _respond(start_response, 404, {"error": "not found"})
        api = APIS[directory]
        with sim.lock:
            outcome, seconds = sim.roll(directory)
        if outcome == "quota":
            status, data, headers = api.fault(429)
            return _respond(start_response, status, data, {**headers, "Retry-After": str(int(seconds + 0.999))})
        if outcome == "rate":
            status, data, headers = api.fault(429)
            return _respond(start_response, status, data, {**headers, "Retry-After": "1"})
        if outcome == "error":
            return _respond(start_response, *api.fault(503))
        if outcome == "timeout":
            time.sleep(seconds)
            return _respond(start_response, *api.fault(504))
        with sim.lock:
            try:
                status, data, headers = api.handle(sim, method, path[len(PREFIXES[directory]) :], query, body)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                status, data, headers = 400, {"error": f"malformed request: {error}"}, {}
            response = _respond(start_response, status, data, headers)
        if outcome == "lost" and status < 400 and method in WRITES:
            raise DropConnection
        return response

    app.simulator = sim
    return app


class _Handler(ServerHandler):
    def handle_error(self):
        if isinstance(sys.exc_info()[1], DropConnection):
            self.close()
            return
        super().handle_error()


class _RequestHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass

    def handle(self):
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536 or not self.parse_request():
            return
        handler = _Handler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True)
        handler.request_handler = self
        handler.run(self.server.get_app())


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True


def build_server(host: str = "127.0.0.1", port: int = 8765, sim: Simulator | None = None):
    return make_server(host, port, make_app(sim), server_class=ThreadingWSGIServer, handler_class=_RequestHandler)


def serve_in_thread(port: int = 0, host: str = "127.0.0.1"):
    """Start a simulator on a free port in a daemon thread: (url, shutdown)."""
    server = build_server(host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()

    def shutdown():
        server.shutdown()
        server.server_close()

    url = f"http://{host}:{server.server_address[1]}"
    shutdown.simulator = server.get_app().simulator
    return url, shutdown
