"""Benchmark of the click router: gunicorn on PostgreSQL, loaded from a second process.

    DATABASE_URL=postgres://... python bench/click_router.py [--seconds 30] [--quick]

Starts the app under gunicorn, loads /go/<pool>/ at 32 concurrent connections for the given
time, then a bare Django view served the same way, then the same router view reached through
every middleware (the figure without the router's fast lane, printed for comparison), and
checks that every redirect answered was stored as a click. The last line is

    RESULT rps=.. bare_rps=.. ratio=.. p50_ms=.. p99_ms=.. lost=..
"""

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POOL_SLUG = "bench-pool"
POSTAL = ["H2X1K4", "H1V2A3", "H4A1B2", "H7T3C4", "J4K2D5", "G1R4E6", ""]


# --- load generator (runs in its own process) ------------------------------------------------


async def _one(host, port, path) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench/1.0\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, (time.perf_counter() - started) * 1000


async def _load(url: str, seconds: float, concurrency: int, tag: str) -> dict:
    host, port = url.split("//")[1].split("/")[0].split(":")
    base_path = "/" + url.split("//")[1].split("/", 1)[1]
    deadline = time.perf_counter() + seconds
    latencies, statuses = [], {}
    answered_at, failed_at = [], []  # wall-clock times, for the fault benchmark's timeline

    async def worker(number):
        i = 0
        while time.perf_counter() < deadline:
            i += 1
            path = base_path
            if "/go/" in base_path or "/full-stack/" in base_path:
                path += f"?kw=grande+assurance&match=e&gclid={tag}-{number}-{i}&device=m&loc={POSTAL[i % len(POSTAL)]}"
            try:
                status, ms = await _one(host, int(port), path)
            except OSError:
                status, ms = 0, 0.0
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(ms)
            (answered_at if 200 <= status < 400 else failed_at).append(round(time.time(), 3))

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] if latencies else 0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] if latencies else 0,
        "statuses": statuses,
        "elapsed": elapsed,
        "latencies": [round(ms, 3) for ms in latencies],
        "answered_at": answered_at,
        "failed_at": failed_at,
    }


def load_main(args) -> None:
    print(json.dumps(asyncio.run(_load(args.load, args.seconds, args.concurrency, args.tag))))


# --- orchestration ---------------------------------------------------------------------------


def _setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def _prepare() -> None:
    """A pool with 20 franchises, their stores and plenty of money (pacing must not cut)."""
    from decimal import Decimal

    from django.core.management import call_command

    from budgets.models import Keyword, Pool
    from network.models import Brand, Franchise, Location, Region
    from tests.budgets.helpers import fund

    call_command("migrate", verbosity=0)
    brand, _ = Brand.objects.get_or_create(slug="bench-brand", defaults={"name": "Bench brand"})
    region, _ = Region.objects.get_or_create(brand=brand, slug="bench-region", defaults={"name": "Bench region"})
    pool, _ = Pool.objects.get_or_create(slug=POOL_SLUG, defaults={"brand": brand, "name": "Bench pool"})
    Keyword.objects.get_or_create(pool=pool, text="grande assurance", defaults={"group": "brand"})
    for n in range(20):
        franchise, _ = Franchise.objects.get_or_create(
            brand=brand, slug=f"bench-{n:02d}", defaults={"region": region, "name": f"Bench {n}"}
        )
        Location.objects.get_or_create(
            franchise=franchise,
            name=f"Bench store {n}",
            defaults={
                "brand": brand,
                "region": region,
                "street_address": f"{n} rue du Banc",
                "postal_code": POSTAL[n % 6][:3] + " 1A1",
                "city": "Montréal",
                "country": "CA",
            },
        )
        fund(pool, franchise, Decimal("10000000.00") + n, key=f"bench:{pool.pk}:{franchise.pk}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port: int, workers: int, extra_env: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_CONN_MAX_AGE": "600", **(extra_env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "franchise_platform.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def _run_load(url: str, seconds: float, concurrency: int, tag: str) -> dict:
    command = [
        sys.executable,
        __file__,
        "--load",
        url,
        "--seconds",
        str(seconds),
        "--concurrency",
        str(concurrency),
        "--tag",
        tag,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def _merge(runs: list[dict]) -> dict:
    latencies = sorted(ms for run in runs for ms in run["latencies"])
    statuses: dict = {}
    for run in runs:
        for status, count in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    elapsed = sum(run["elapsed"] for run in runs)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed if elapsed else 0,
        "p50_ms": latencies[len(latencies) // 2] if latencies else 0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] if latencies else 0,
        "statuses": statuses,
    }


def _warm(url: str) -> None:
    import urllib.request

    for _ in range(20):
        # A redirect to a page we do not follow is fine here: this only warms the workers.
        with contextlib.suppress(Exception):
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 - our own local server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--slices", type=int, default=3, help="alternate router and bare runs this many times")
    parser.add_argument("--quick", action="store_true", help="10 s per run instead of 30")
    parser.add_argument("--sync", action="store_true", help="one INSERT per click before answering (no write-behind)")
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load_main(args)
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database: the benchmark measures the real thing")
    seconds = 10 if args.quick else args.seconds
    os.environ["BUDGETS_CLICK_WRITE_BEHIND_MS"] = (
        "0" if args.sync else os.environ.get("BUDGETS_CLICK_WRITE_BEHIND_MS", "20")
    )
    _setup_django()
    _prepare()
    from budgets.models import Click

    port = _free_port()
    server = _serve(port, args.workers)
    tag = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        base = f"http://127.0.0.1:{port}"
        _warm(f"{base}/go/{POOL_SLUG}/?gclid={tag}-warm")
        _warm(f"{base}/bench/bare/")
        # Interleaved slices: the machine's other load weighs on both measures alike.
        slices = max(1, args.slices)
        router_runs, bare_runs, full_runs = [], [], []
        for number in range(slices):
            router_runs.append(
                _run_load(f"{base}/go/{POOL_SLUG}/", seconds / slices, args.concurrency, f"{tag}-{number}")
            )
            bare_runs.append(_run_load(f"{base}/bench/bare/", seconds / slices, args.concurrency, tag))
            full_runs.append(
                _run_load(
                    f"{base}/bench/full-stack/{POOL_SLUG}/", seconds / slices, args.concurrency, f"{tag}-full{number}"
                )
            )
        router, bare, full = _merge(router_runs), _merge(bare_runs), _merge(full_runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    answered = sum(run["statuses"].get("302", run["statuses"].get(302, 0)) for run in (router, full))
    stored = (
        Click.objects.filter(pool__slug=POOL_SLUG, click_id__startswith=f"{tag}-")
        .exclude(click_id__endswith="-warm")
        .count()
    )
    lost = answered - stored
    ratio = router["rps"] / bare["rps"] if bare["rps"] else 0
    print(
        f"router: {router['requests']} requests, {router['rps']:.0f} req/s, p50 {router['p50_ms']:.1f} ms, "
        f"p99 {router['p99_ms']:.1f} ms, statuses {router['statuses']}"
    )
    print(
        f"bare Django view: {bare['requests']} requests, {bare['rps']:.0f} req/s, p50 {bare['p50_ms']:.1f} ms, "
        f"p99 {bare['p99_ms']:.1f} ms, statuses {bare['statuses']}"
    )
    print(
        f"router view through every middleware (no fast lane): {full['requests']} requests, "
        f"{full['rps']:.0f} req/s, p50 {full['p50_ms']:.1f} ms, p99 {full['p99_ms']:.1f} ms, "
        f"ratio {full['rps'] / bare['rps'] if bare['rps'] else 0:.2f}, statuses {full['statuses']}"
    )
    mode = (
        "one INSERT per click" if args.sync else f"write-behind every {os.environ['BUDGETS_CLICK_WRITE_BEHIND_MS']} ms"
    )
    print(f"clicks stored {stored} / redirects answered {answered} ({mode}, {args.workers} gunicorn workers)")
    print(
        f"RESULT rps={router['rps']:.0f} bare_rps={bare['rps']:.0f} ratio={ratio:.2f} "
        f"p50_ms={router['p50_ms']:.1f} p99_ms={router['p99_ms']:.1f} lost={lost}"
    )


if __name__ == "__main__":
    main()
