"""Fault benchmark: PostgreSQL stopped and started again under click-router load.

    .venv/bin/python bench/router_pg_restart.py [--seconds 30] [--outage 5] [--quick]

The load of bench/click_router.py (gunicorn, 32 concurrent connections from a second process,
clicks written behind the redirect) runs against a PostgreSQL server of the benchmark's own
(bench/pgcluster.py: the machine's server is left alone). A third of the way in, the server is
stopped ("fast" shutdown: every session cut) and started again `--outage` seconds later. The
router must keep answering redirects while the database is away (from its in-memory routing
table, spooling the clicks on disk) and, once the database is back, every redirect answered must
be stored as exactly one click. Printed: the load before, during and after the outage, and
the rate during the outage as a ratio to the rate before (the baseline). Last line:

    RESULT answered=.. stored=.. lost=.. duplicated=.. errors=.. outage_s=..
    answered_during_outage=.. outage_ratio=.. drain_s=..

Goal: lost=0, duplicated=0, errors=0, answered_during_outage > 0.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import click_router  # noqa: E402
from bench.pgcluster import PrivateCluster, unavailable_reason  # noqa: E402


def _restart_later(cluster: PrivateCluster, after: float, outage: float, window: dict) -> threading.Thread:
    def run():
        time.sleep(after)
        window["down"] = time.time()
        cluster.stop("fast")
        time.sleep(outage)
        cluster.start()
        window["up"] = time.time()

    thread = threading.Thread(target=run, name="restart-postgres")
    thread.start()
    return thread


def _rate(times: list[float], start: float, end: float) -> float:
    return sum(1 for t in times if start <= t < end) / (end - start) if end > start else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays stopped")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="15 s of load and a 3 s outage")
    args = parser.parse_args()
    seconds, outage = (15, 3) if args.quick else (args.seconds, args.outage)
    reason = unavailable_reason()
    if reason:
        raise SystemExit(f"cannot start a private PostgreSQL: {reason}")

    with PrivateCluster() as cluster, tempfile.TemporaryDirectory(prefix="fp-spool-") as spool:
        os.environ["DATABASE_URL"] = cluster.url
        os.environ["BUDGETS_CLICK_SPOOL_DIR"] = spool
        os.environ["BUDGETS_CLICK_WRITE_BEHIND_MS"] = os.environ.get("BUDGETS_CLICK_WRITE_BEHIND_MS", "20")
        click_router._setup_django()
        click_router._prepare()
        from django.db import DatabaseError, connections

        from budgets import clickspool
        from budgets.models import Click

        port = click_router._free_port()
        server = click_router._serve(port, args.workers)
        tag = f"restart-{uuid.uuid4().hex[:8]}"
        url = f"http://127.0.0.1:{port}/go/{click_router.POOL_SLUG}/"
        window: dict = {}
        try:
            for _ in range(5):  # every gunicorn worker builds its routing table while the database is up
                click_router._warm(f"{url}?gclid={tag}-warm")
            connections.close_all()
            restart = _restart_later(cluster, seconds / 3, outage, window)
            load = click_router._run_load(url, seconds, args.concurrency, tag)
            restart.join()
            cluster.wait_up()
            answered = load["statuses"].get("302", 0)
            started = time.monotonic()
            stored = 0
            while time.monotonic() - started < 120:
                connections.close_all()
                clicks = Click.objects.filter(click_id__startswith=f"{tag}-").exclude(click_id=f"{tag}-warm")
                try:
                    stored = clicks.count()
                except DatabaseError:  # still recovering
                    stored = -1
                if stored >= answered and clickspool.pending_count() == 0:
                    break
                time.sleep(0.25)
            drain_s = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        connections.close_all()
        rows = Click.objects.filter(click_id__startswith=f"{tag}-").exclude(click_id=f"{tag}-warm")
        stored = rows.count()
        distinct = rows.values("click_id").distinct().count()
        still_spooled = clickspool.pending_count()

    answered_at = load["answered_at"]
    down, up = window["down"], window["up"]
    first, last = (min(answered_at), max(answered_at)) if answered_at else (down, up)
    during = sum(1 for t in answered_at if down <= t < up)
    before_rate, during_rate, after_rate = (
        _rate(answered_at, first, down),
        _rate(answered_at, down, up),
        _rate(answered_at, up, last),
    )
    errors = sum(count for status, count in load["statuses"].items() if status != "302")
    lost = max(0, answered - stored)
    duplicated = (stored - distinct) + max(0, stored - answered)
    print(f"load: {load['requests']} requests in {seconds:.0f} s, statuses {load['statuses']}")
    print(
        f"PostgreSQL stopped for {up - down:.1f} s: redirects per second before {before_rate:.0f}, "
        f"during {during_rate:.0f} ({during} answered), after {after_rate:.0f}"
    )
    print(
        f"clicks stored {stored} / redirects answered {answered}, distinct click ids {distinct}, "
        f"still spooled {still_spooled}; all stored {drain_s:.1f} s after the load ended"
    )
    ratio = during_rate / before_rate if before_rate else 0
    print(
        f"RESULT answered={answered} stored={stored} lost={lost} duplicated={duplicated} errors={errors} "
        f"outage_s={up - down:.1f} answered_during_outage={during} outage_ratio={ratio:.2f} drain_s={drain_s:.1f}"
    )


if __name__ == "__main__":
    main()
