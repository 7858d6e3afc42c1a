"""A small ad-platform simulator (Google Ads and Microsoft Advertising flavours) over HTTP.

A standalone WSGI app: it accepts a campaign's keyword list and daily budgets and serves daily
keyword reports in each platform's CSV format, deterministic for a (campaign, keyword, day) and
kept within the pushed budget. Tests and demos may set a day's exact figures.

    PUT  /api/<source>/campaigns/<campaign>/keywords          {"keywords": [{"text", "group"}]}
    PUT  /api/<source>/campaigns/<campaign>/budgets/<day>     {"amount": "12.34", "currency": "CAD"}
    GET  /api/<source>/campaigns/<campaign>/reports/<day>.csv
    PUT  /_control/<source>/campaigns/<campaign>/reports/<day>  {"rows": [{keyword, impressions, clicks, cost}]}
    GET  /_control/state       POST /_control/reset

and each platform's click records in its own wire format (Google Ads `googleAds:searchStream`
over `click_view`, Microsoft Advertising's MSClickId performance report): see
the `simulator_clicks` package, which moves with this module.

It also answers under an `/ads` prefix, where the directory simulator's process mounts it.
"""

import hashlib
import json
import re
import threading
from datetime import date
from decimal import Decimal, InvalidOperation
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from budgets.adplatform import simulator_clicks
from budgets.adplatform.reports import google_csv, microsoft_csv

SOURCES = ("google", "microsoft")
ROUTE = re.compile(
    r"^/(?P<control>_control|api)/(?P<source>google|microsoft)/campaigns/(?P<campaign>[-\w]{1,80})/"
    r"(?P<what>keywords|budgets/(?P<bday>\d{4}-\d{2}-\d{2})|reports/(?P<rday>\d{4}-\d{2}-\d{2})(?:\.csv)?)$"
)

_lock = threading.Lock()
_state: dict = {"keywords": {}, "budgets": {}, "reports": {}}


def reset() -> None:
    with _lock:
        _state["keywords"].clear()
        _state["budgets"].clear()
        _state["reports"].clear()
    simulator_clicks.reset()


def _unit(*parts) -> float:  # not money
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def simulated_rows(source: str, campaign: str, day: date) -> list[dict]:
    key = (source, campaign)
    override = _state["reports"].get((source, campaign, day.isoformat()))
    if override is not None:
        return override
    keywords = _state["keywords"].get(key, [])
    rows = []
    for keyword in keywords:
        text = keyword["text"]
        impressions = 40 + int(_unit(source, campaign, text, day, "i") * 400)
        clicks = int(impressions * (0.02 + _unit(source, campaign, text, day, "c") * 0.10))
        cpc = Decimal("0.60") + Decimal(int(_unit(source, campaign, text, day, "p") * 240)) / 100
        rows.append({"keyword": text, "impressions": impressions, "clicks": clicks, "cost": cpc * clicks})
    budget = _state["budgets"].get((source, campaign, day.isoformat()))
    total = sum((row["cost"] for row in rows), Decimal(0))
    if budget is not None and total > budget and total:
        ratio = budget / total
        for row in rows:
            row["clicks"] = int(row["clicks"] * ratio)
            row["cost"] = (row["cost"] * ratio).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    for row in rows:
        row["cost"] = Decimal(row["cost"]).quantize(Decimal("0.01"))
    return rows


def _json(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _read_json(environ) -> dict:
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), 5_000_000)
        data = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except (ValueError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _base_url(environ, prefix: str) -> str:
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{prefix}"


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    prefix = ""
    if path.startswith("/ads/"):
        path, prefix = path[4:], "/ads"
    method = environ.get("REQUEST_METHOD", "GET")
    answer = simulator_clicks.handle(environ, start_response, path, method, _base_url(environ, prefix))
    if answer is not None:
        return answer
    if path == "/_control/reset" and method == "POST":
        reset()
        return _json(start_response, "200 OK", {"ok": True})
    if path == "/_control/state":
        with _lock:
            state = {
                "keywords": {f"{s}/{c}": kws for (s, c), kws in _state["keywords"].items()},
                "budgets": {f"{s}/{c}/{d}": str(v) for (s, c, d), v in _state["budgets"].items()},
            }
        state["clicks"] = simulator_clicks.state()
        return _json(start_response, "200 OK", state)
    match = ROUTE.match(path)
    if not match:
        return _json(start_response, "404 Not Found", {"error": "not found"})
    source, campaign, what = match["source"], match["campaign"], match["what"]
    control = match["control"] == "_control"
    if what == "keywords" and method == "PUT" and not control:
        keywords = _read_json(environ).get("keywords")
        if not isinstance(keywords, list) or not all(isinstance(k, dict) and k.get("text") for k in keywords):
            return _json(start_response, "400 Bad Request", {"error": "keywords must be a list of {text}"})
        simulator_clicks.register_campaign(source, campaign)
        with _lock:
            _state["keywords"][(source, campaign)] = [
                {"text": str(k["text"])[:200], "group": str(k.get("group", ""))[:16]} for k in keywords
            ]
        return _json(start_response, "200 OK", {"count": len(keywords)})
    if match["bday"] and method == "PUT" and not control:
        try:
            amount = Decimal(str(_read_json(environ).get("amount")))
            if not amount.is_finite() or amount < 0:
                raise InvalidOperation
        except InvalidOperation:
            return _json(start_response, "400 Bad Request", {"error": "amount must be a positive decimal"})
        with _lock:
            _state["budgets"][(source, campaign, match["bday"])] = amount
        return _json(start_response, "200 OK", {"amount": str(amount)})
    if match["rday"] and control and method == "PUT":
        rows = _read_json(environ).get("rows", [])
        try:
            parsed = [
                {
                    "keyword": str(r["keyword"]),
                    "impressions": int(r["impressions"]),
                    "clicks": int(r["clicks"]),
                    "cost": Decimal(str(r["cost"])).quantize(Decimal("0.01")),
                }
                for r in rows
            ]
        except (KeyError, TypeError, ValueError, InvalidOperation):
            return _json(start_response, "400 Bad Request", {"error": "rows need keyword, impressions, clicks, cost"})
        with _lock:
            _state["reports"][(source, campaign, match["rday"])] = parsed
        return _json(start_response, "200 OK", {"count": len(parsed)})
    if match["rday"] and method == "GET" and not control:
        day = date.fromisoformat(match["rday"])
        with _lock:
            rows = simulated_rows(source, campaign, day)
        render = google_csv if source == "google" else microsoft_csv
        body = render(day, rows, "CAD").encode()
        start_response("200 OK", [("Content-Type", "text/csv; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]
    return _json(start_response, "405 Method Not Allowed", {"error": "method not allowed"})


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve_in_thread(port: int = 0):
    """Serve the simulator on 127.0.0.1 in a daemon thread; returns (base url, shutdown)."""
    server = make_server("127.0.0.1", port, application, server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def shutdown():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}", shutdown


if __name__ == "__main__":  # pragma: no cover - manual use: python -m budgets.adplatform.simulator
    import sys

    with make_server("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8766, application) as httpd:
        httpd.serve_forever()
