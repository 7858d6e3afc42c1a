"""Benchmark of every page a demo user can reach, on PostgreSQL, at the demo's size.

    .venv/bin/python bench/pages.py [--quick] [--reuse] [--database NAME]

Creates a database of its own (default fp_pages_bench, or --database / BENCH_PAGES_DATABASE;
dropped first) on the server of DATABASE_URL, migrates it and loads the demo network
(`seed_demo`), then signs in as each demo role (franchisor, marketing, region, franchisee,
franchisee2, listings) and walks every page it can reach from its home page by following the
links of each page (GET only, same site; not the admin, the API, downloads, logout or the click
router). Each page is requested once to warm up, then timed (median of 3; --quick: 1) through
Django's test client: middleware, session, templates and the database, without a web server.

Last line: RESULT pages=<distinct role x page> p50_ms=.. p95_ms=.. slowest_ms=.. slowest=<role:path>
Goals: p95 <= 150 ms and every page <= 300 ms.
"""

import argparse
import os
import re
import statistics
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = ("franchisor", "marketing", "region", "franchisee", "franchisee2", "listings")
PASSWORD = "demo-pass-2026"  # noqa: S105 - the documented demo password
SKIP = ("/admin/", "/api/", "/go/", "/accounts/logout/", "/static/", "/media/", "/healthz", "/readyz")
SKIP_SUFFIXES = (".csv", ".json", ".xlsx")
LINK = re.compile(r'<a\s[^>]*href="([^"#]+)', re.I)
P95_GOAL_MS, PAGE_GOAL_MS = 150, 300


def create_database(server_url: str, name: str) -> str:
    import psycopg2

    parsed = urlparse(server_url)
    connection = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return parsed._replace(path=f"/{name}").geturl()


def _normalise(path: str) -> str:
    """One page per route and view: a listing's page 2 or another sort is the same page."""
    path = re.sub(r"[?&](page|sort|dir)=[^&]*", "", path)
    return path.rstrip("?&")


def reachable(client, limit: int) -> list[str]:
    """The pages reached from the home page by following links, breadth first."""
    seen, queue, pages = set(), deque(["/"]), []
    while queue and len(pages) < limit:
        path = queue.popleft()
        key = _normalise(path)
        if key in seen:
            continue
        seen.add(key)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        for href in LINK.findall(response.content.decode()):
            target = urljoin(path, href.replace("&amp;", "&"))
            parsed = urlparse(target)
            if parsed.netloc or not parsed.path.startswith("/"):
                continue
            if parsed.path.startswith(SKIP) or parsed.path.endswith(SKIP_SUFFIXES):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


def time_page(client, path: str, repeat: int) -> float:
    client.get(path)  # warm-up: caches, the session, the connection
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="at most 25 pages per role, timed once")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--database", default=os.environ.get("BENCH_PAGES_DATABASE", "fp_pages_bench"))
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server.startswith("postgres"):
        sys.exit("bench/pages.py runs on PostgreSQL: set DATABASE_URL=postgres://...")
    url = urlparse(server)._replace(path=f"/{args.database}").geturl()
    os.environ["DATABASE_URL"] = url if args.reuse else create_database(server, args.database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's templates and context, as in the test suite
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--if-empty", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo data: {time.perf_counter() - started:.1f} s", flush=True)
    limit, repeat = (25, 1) if args.quick else (200, 3)
    timings: list[tuple[float, str]] = []
    for role in ROLES:
        client = Client()
        if not client.login(username=role, password=PASSWORD):
            sys.exit(f"cannot sign in as {role}: is the demo data there?")
        pages = reachable(client, limit)
        for path in pages:
            timings.append((time_page(client, path, repeat), f"{role}:{path}"))
        worst = max((t for t in timings if t[1].startswith(f"{role}:")), default=(0, "-"))
        print(f"{role}: {len(pages)} pages, slowest {worst[0]:.0f} ms {worst[1]}", flush=True)
    values = sorted(t for t, _page in timings)
    p50 = statistics.median(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    slowest_ms, slowest = max(timings)
    over = [f"{page} {ms:.0f} ms" for ms, page in sorted(timings, reverse=True) if ms > PAGE_GOAL_MS]
    print(f"pages over {PAGE_GOAL_MS} ms: {len(over)}" + "".join(f"\n  {line}" for line in over[:20]))
    print(
        f"p95 {p95:.0f} ms = {p95 / P95_GOAL_MS:.2f} x the {P95_GOAL_MS} ms goal; "
        f"slowest {slowest_ms:.0f} ms = {slowest_ms / PAGE_GOAL_MS:.2f} x the {PAGE_GOAL_MS} ms limit"
    )
    print(
        f"RESULT pages={len(timings)} p50_ms={p50:.0f} p95_ms={p95:.0f} slowest_ms={slowest_ms:.0f} slowest={slowest}"
    )


if __name__ == "__main__":
    main()
