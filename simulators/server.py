"""The simulator process: the directory APIs of `simulators.google`, `simulators.facebook` and
`simulators.pagesjaunes` behind one threaded WSGI server, plus a control API for tests,
benchmarks and demos. Other simulators (e.g. the ad platform's) can be mounted by URL prefix.

Each API answers under the host name of the real service, as a path prefix:
`/mybusinessbusinessinformation.googleapis.com/v1/...`, `/mybusiness.googleapis.com/v4/...`,
`/businessprofileperformance.googleapis.com/v1/...`, `/graph.facebook.com/v21.0/...`, and
`/pagesjaunes/...` (a model: Pages Jaunes publishes no API).

Control API (JSON):
- `POST /_sim/reset`: forget every listing, review, statistic, fault and recorded request.
- `POST /_sim/faults` `{"directory": "google"|"facebook"|"pagesjaunes"|"*", "error_rate", "rate_limit_rate",
  "timeout_rate", "lost_response_rate", "seed", "quota_per_minute", "timeout_seconds", "rules": [...]}`.
  Rates draw per request. `quota_per_minute` refuses (429 with Retry-After) a request that would make
  more than that many in the last 60 seconds. A rule `{"method", "path" (a part of the path), "kind":
  "invalid"|"denied"|"error"|"rate"|"lost"|"not_found", "skip": n, "times": n}` hits the matching
  requests after the first `skip` ones, `times` times. A lost response applies a write and closes the
  connection without answering; a timeout waits `timeout_seconds` and answers 504.
- `POST /_sim/tamper` `{"directory", "external_id", "changes": {native fields}}`: an edit made on the
  directory's side (on Google it sets `metadata.hasGoogleUpdated`).
- `GET /_sim/state/<directory>/<external-id>`: the listing in the directory's native format
  (a Google Location; a Graph Page node with its `photos`; a Pages Jaunes fiche);
  `GET /_sim/state/google/<external-id>/media`: the location's media items.
- `POST /_sim/seed` `{"listings": [{"directory", "external_id"?, "document": native document,
  "photos"?: [native media items or Graph photos], "reviews"?: [{review_id, author, rating, text,
  created_at, reply?: {text, updated_at}}], "stats"?: [{day, views, calls, direction_requests,
  website_clicks}]}]}`.
- `POST /_sim/clock` `{"advance_seconds"}`: move the clock of the limits and timers forward.
- `/_sim/google/...`: Voice of Merchant, Google's own updates, edit review and limits
  (`simulators.google_edits.control`); `/_sim/facebook/...`: Meta's upcoming changes
  (`simulators.facebook_changes.control`).
- `GET /_sim/health`, `GET /_sim/counters` (requests answered per directory),
  `GET /_sim/requests?directory=` (the last requests received, as the recorder sees them).
"""

import collections
import copy
import datetime
import importlib
import itertools
import json
import random
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from simulators import facebook, google, pagesjaunes

APIS = {"google": google, "facebook": facebook, "pagesjaunes": pagesjaunes}
DIRECTORIES = tuple(APIS)
WRITES = {"POST", "PATCH", "PUT", "DELETE"}
# Other simulators served by this process: URL prefix -> WSGI app, or a module path whose
# `make_app()` (or WSGI callable `app` / `application`) is used when it can be imported.
MOUNTS: dict = {}
# Callables given every request a directory API receives (tests check them against the
# providers' descriptions): {"directory", "host", "method", "path", "query": [(k, v)],
# "content_type", "user_agent", "json", "form"}.
RECORDERS: list = []
REQUEST_LOG_SIZE = 2000


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
            app = module.make_app() if hasattr(module, "make_app") else getattr(module, "app", None)
            app = app or getattr(module, "application", None)
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
    rules: list = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random, repr=False)
    recent: collections.deque = field(default_factory=collections.deque, repr=False)

    def public(self) -> dict:
        return {
            "error_rate": self.error_rate,
            "rate_limit_rate": self.rate_limit_rate,
            "timeout_rate": self.timeout_rate,
            "lost_response_rate": self.lost_response_rate,
            "quota_per_minute": self.quota_per_minute,
            "timeout_seconds": self.timeout_seconds,
            "seed": self.seed,
            "rules": self.rules,
        }


@dataclass
class Request:
    """A request as an API module sees it: the path after the host prefix, the query as pairs
    and as a dict (last value wins), the body as JSON or as form parameters."""

    method: str
    host: str
    path: str
    pairs: list
    content_type: str
    json: object = None
    form: dict | None = None

    @property
    def query(self) -> dict:
        return dict(self.pairs)

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


class Simulator:
    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        self.docs: dict[str, dict] = {key: {} for key in DIRECTORIES}
        self.media: dict[tuple[str, str], list] = {}
        self.owners: dict[str, str] = {}  # Google location id -> its account
        self.reviews: dict[tuple[str, str], list] = {}
        self.stats: dict[tuple[str, str, str], dict] = {}
        self.faults = {key: Faults() for key in DIRECTORIES}
        self.request_ids: dict = {}
        self.counters = dict.fromkeys(DIRECTORIES, 0)
        self.log: collections.deque = collections.deque(maxlen=REQUEST_LOG_SIZE)
        self._ids = itertools.count(1001)
        self.clock_offset = 0.0  # seconds added to the clock of the APIs' timers and limits
        for api in APIS.values():
            if hasattr(api, "reset_state"):
                api.reset_state(self)

    # -- helpers the APIs use ---------------------------------------------------------------
    def new_id(self) -> int:
        return next(self._ids)

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

    # -- control ----------------------------------------------------------------------------
    def seed(self, items: list[dict]) -> list[dict]:
        created = []
        for item in items:
            directory = item.get("directory")
            if directory not in DIRECTORIES:
                raise ValueError(f"unknown directory {directory!r}")
            external_id = APIS[directory].seed(self, item)
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

    def set_faults(self, body: dict) -> dict:
        target = body.get("directory", "*")
        keys = DIRECTORIES if target == "*" else (target,)
        if any(key not in DIRECTORIES for key in keys):
            raise ValueError(f"unknown directory {target!r}")
        rules = [
            dict(rule, skip=int(rule.get("skip", 0)), times=int(rule.get("times", 1)))
            for rule in body.get("rules") or []
        ]
        for rule in rules:
            if rule.get("kind") not in ("invalid", "denied", "error", "rate", "lost", "not_found"):
                raise ValueError(f"unknown fault kind {rule.get('kind')!r}")
        for key in keys:
            seed = body.get("seed")
            self.faults[key] = Faults(
                error_rate=float(body.get("error_rate", 0)),
                rate_limit_rate=float(body.get("rate_limit_rate", 0)),
                timeout_rate=float(body.get("timeout_rate", 0)),
                lost_response_rate=float(body.get("lost_response_rate", 0)),
                quota_per_minute=int(body.get("quota_per_minute") or 0),
                timeout_seconds=float(body.get("timeout_seconds", 2.0)),
                seed=seed,
                rules=[dict(rule) for rule in rules],
                rng=random.Random(f"{seed}:{key}") if seed is not None else random.Random(),  # noqa: S311
            )
        return {key: self.faults[key].public() for key in DIRECTORIES}

    def roll(self, directory: str, method: str, path: str) -> tuple[str, float]:
        """What happens to this request: ("ok"|"quota"|"rate"|"error"|"timeout"|"lost"|"invalid"|
        "denied"|"not_found", seconds)."""
        faults = self.faults[directory]
        self.counters[directory] += 1
        if faults.quota_per_minute:
            now = time.monotonic()
            while faults.recent and now - faults.recent[0] >= 60:
                faults.recent.popleft()
            if len(faults.recent) >= faults.quota_per_minute:
                return "quota", 60 - (now - faults.recent[0])
            faults.recent.append(now)
        for rule in faults.rules:
            if rule["times"] <= 0 or rule.get("method", method) != method or rule.get("path", "") not in path:
                continue
            if rule["skip"] > 0:
                rule["skip"] -= 1
                continue
            rule["times"] -= 1
            return rule["kind"], 1.0
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


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length else b""


def _respond(start_response, status: int, data, headers: dict | None = None):
    payload = b"" if data is None else json.dumps(data, ensure_ascii=False).encode()
    reasons = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized"}
    reasons.update({403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict"})
    reasons.update({422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error"})
    reasons.update({503: "Service Unavailable", 504: "Gateway Timeout"})
    start_response(
        f"{status} {reasons.get(status, 'Status')}",
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(payload))),
            *list((headers or {}).items()),
        ],
    )
    return [payload]


def _route(path: str):
    """(directory, module, host, rest of the path) of a directory API request, or None."""
    for directory, module in APIS.items():
        for host in module.HOSTS:
            prefix = f"/{host}"
            if path == prefix or path.startswith(prefix + "/"):
                return directory, module, host, path[len(prefix) :] or "/"
    return None


def _parse(environ, method: str, host: str, path: str) -> Request:
    raw = _read_body(environ)
    content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    request = Request(
        method=method,
        host=host,
        path=path,
        pairs=parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True),
        content_type=content_type,
    )
    if raw.strip():
        if content_type == "application/x-www-form-urlencoded":
            request.form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
        elif content_type.startswith("multipart/"):
            raise ValueError("multipart bodies are not simulated")
        else:
            request.json = json.loads(raw)
    return request


def make_app(sim: Simulator | None = None):
    sim = sim or Simulator()
    mounts = _resolve_mounts()

    def control(method: str, parts: list[str], body, query: dict):
        if parts == ["reset"] and method == "POST":
            sim.reset()
            return 200, {"ok": True}
        if parts == ["health"]:
            return 200, {"ok": True, "directories": list(DIRECTORIES)}
        if parts == ["counters"]:
            return 200, dict(sim.counters)
        if parts == ["requests"]:
            wanted = query.get("directory")
            return 200, {"requests": [r for r in sim.log if not wanted or r["directory"] == wanted]}
        if parts == ["faults"] and method == "GET":
            return 200, {key: sim.faults[key].public() for key in DIRECTORIES}
        if parts == ["faults"] and method == "POST":
            return 200, {"ok": True, "faults": sim.set_faults(body or {})}
        if parts == ["tamper"] and method == "POST":
            body = body or {}
            directory = body.get("directory", "")
            if directory not in DIRECTORIES:
                return 404, {"error": "unknown directory"}
            shown = APIS[directory].tamper(sim, str(body.get("external_id", "")), body.get("changes") or {})
            return (200, {"ok": True, "state": shown}) if shown is not None else (404, {"error": "no such listing"})
        if len(parts) in (3, 4) and parts[0] == "state" and method == "GET":
            if parts[1] not in DIRECTORIES:
                return 404, {"error": "unknown directory"}
            shown = APIS[parts[1]].state(sim, parts[2], parts[3] if len(parts) == 4 else "")
            return (200, shown) if shown is not None else (404, {"error": "no such listing"})
        if parts == ["seed"] and method == "POST":
            return 200, {"ok": True, "listings": sim.seed((body or {}).get("listings") or [])}
        if parts == ["clock"] and method == "POST":
            sim.clock_offset += float((body or {}).get("advance_seconds", 0))
            return 200, {"ok": True, "offset_seconds": sim.clock_offset}
        if len(parts) >= 2 and parts[0] in APIS and hasattr(APIS[parts[0]], "control"):
            return APIS[parts[0]].control(sim, method, parts[1:], body)
        return 404, {"error": "unknown control endpoint"}

    def app(environ, start_response):
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        for prefix, mounted in mounts:
            if path == prefix or path.startswith(prefix + "/"):
                return mounted(environ, start_response)
        if path.startswith("/_sim/"):
            try:
                raw = _read_body(environ)
                body = json.loads(raw) if raw.strip() else None
            except ValueError:
                return _respond(start_response, 400, {"error": "invalid JSON"})
            with sim.lock:
                try:
                    status, data = control(
                        method,
                        path[len("/_sim/") :].strip("/").split("/"),
                        body,
                        dict(parse_qsl(environ.get("QUERY_STRING", ""))),
                    )
                except (ValueError, TypeError, AttributeError, KeyError) as error:
                    status, data = 400, {"error": str(error)}
                return _respond(start_response, status, data)
        routed = _route(path)
        if routed is None:
            return _respond(start_response, 404, {"error": "not found"})
        directory, api, host, rest = routed
        try:
            request = _parse(environ, method, host, rest)
        except (ValueError, UnicodeDecodeError) as error:
            return _respond(start_response, *api.malformed(str(error)))
        record = {
            "directory": directory,
            "host": host,
            "method": method,
            "path": rest,
            "query": request.pairs,
            "content_type": request.content_type,
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
            "json": copy.deepcopy(request.json),
            "form": request.form,
        }
        with sim.lock:
            sim.log.append(record)
            outcome, seconds = sim.roll(directory, method, rest)
        for recorder in list(RECORDERS):
            recorder(record)
        if outcome == "quota":
            status, data, headers = api.fault(429)
            return _respond(start_response, status, data, {**headers, "Retry-After": str(max(1, int(seconds + 0.999)))})
        if outcome in ("rate", "error", "invalid", "denied", "not_found"):
            status, data, headers = api.fault(
                {"rate": 429, "error": 503, "invalid": 400, "denied": 403, "not_found": 404}[outcome]
            )
            return _respond(
                start_response, status, data, {**headers, **({"Retry-After": "1"} if outcome == "rate" else {})}
            )
        if outcome == "timeout":
            time.sleep(seconds)
            return _respond(start_response, *api.fault(504))
        with sim.lock:
            try:
                status, data, headers = api.handle(sim, request)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                status, data, headers = api.malformed(str(error))
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


def main(argv=None) -> None:
    """`python -m simulators.server --port 8765`: the simulator alone, empty."""
    import argparse

    parser = argparse.ArgumentParser(description="Directory simulator")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    server = build_server(args.host, args.port)
    print(f"Directory simulator on http://{args.host}:{server.server_address[1]}/")
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
