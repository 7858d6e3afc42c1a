"""Benchmark of the listings sync: 1,000 stores on three directories, one bulk holiday-hours
change applied by 2 Celery workers on PostgreSQL and Redis, then undone.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://... .venv/bin/python bench/listings_sync.py [--faults]

It starts the directory simulator and the two workers itself, resets the simulator, seeds the
stores (linked to Google, Facebook and Pages Jaunes), applies the change, undoes it, and checks
every directory over the simulator's control API. `--faults` injects 10% errors, 5% rate
limits and 2% lost responses on every directory request. `--quick` uses 200 stores.

`--real-quotas`: the workers keep the quotas the settings declare (Google 300, Facebook 200, Pages
Jaunes 120 requests a minute) and the simulators enforce the same numbers per directory; without
it both sides use LISTINGS_BENCH_QUOTA (30,000) to measure the platform rather than the quotas.

Last line: RESULT locations=.. apply_s=.. undo_s=.. synced=.. rolled_back=.. needs_attention=..
mixed=.. mismatched=.. requests_per_change=.. quota_efficiency=..  (states of the apply batch;
mixed and mismatched summed over the checks after the apply and after the undo;
requests_per_change: directory requests / (store, directory) changes, the worst directory;
quota_efficiency: for the slowest directory, its requests / its quota as a time, divided by the
measured apply + undo time). Goals: each time <= 60 s, all synced, requests_per_change <= 2.0;
with --real-quotas quota_efficiency >= 0.9; with faults every store synced or rolled back,
mixed=0, mismatched=0, needs_attention=0.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.listings_sync_settings"
os.environ.setdefault("DJANGO_ENV", "local")

HOLIDAY = [
    {"date": "2026-12-24", "closed": False, "open": "09:00", "close": "14:00"},
    {"date": "2026-12-25", "closed": True},
]
FAULTS = {"error_rate": 0.10, "rate_limit_rate": 0.05, "lost_response_rate": 0.02}
BRAND_SLUG = "bench-listings"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise SystemExit(f"timed out waiting for {what}")


class Processes:
    """The simulator and the workers this benchmark starts (and stops, by their own ids)."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def start(self, args, env, log):
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def sim_call(session, base, method, path, body=None):
    response = session.request(method, f"{base}/_sim/{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def seed(count: int, session, base):
    """The bench brand with `count` stores, each linked to the three directories, published."""
    from django.db import transaction

    from listings.models import DirectoryLink, Listing
    from listings.services import ensure_listings
    from network.models import Brand, Franchise, Location, Region

    for model in (Location, Franchise, Region, Brand):  # regions are protected: delete bottom-up
        model.objects.filter(**({"slug": BRAND_SLUG} if model is Brand else {"brand__slug": BRAND_SLUG})).delete()
    with transaction.atomic():
        brand = Brand.objects.create(name="Bench Listings", slug=BRAND_SLUG)
        region = Region.objects.create(brand=brand, name="Bench", slug="bench")
        franchises = Franchise.objects.bulk_create(
            [Franchise(brand=brand, region=region, name=f"F{i}", slug=f"f{i}") for i in range(count // 10 + 1)]
        )
        Location.objects.bulk_create(
            [
                Location(
                    brand=brand,
                    region=region,
                    franchise=franchises[i // 10],
                    name=f"Magasin {i}",
                    street_address=f"{i} rue Principale",
                    postal_code="H2X 1K4",
                    city="Montréal",
                    state="QC",
                    country="CA",
                    phone=f"+1514555{i % 10000:04d}",
                    time_zone="America/Toronto",
                )
                for i in range(count)
            ],
            batch_size=500,
        )
        locations = list(Location.objects.filter(brand=brand).order_by("pk"))
        listings = ensure_listings(locations)
    from listings.directories.demo import native_document

    items = [
        {"directory": directory, **native_document(directory, listings[location.pk].current_revision.payload, {})}
        for location in locations
        for directory in ("google", "facebook", "pagesjaunes")
    ]
    created = []
    for start in range(0, len(items), 600):
        created += sim_call(session, base, "POST", "seed", {"listings": items[start : start + 600]})["listings"]
    links = [
        DirectoryLink(location=locations[index // 3], directory=row["directory"], external_id=row["external_id"])
        for index, row in enumerate(created)
    ]
    DirectoryLink.objects.bulk_create(links, batch_size=1000)
    for listing in listings.values():
        listing.published_revision_id = listing.current_revision_id
    Listing.objects.bulk_update(list(listings.values()), ["published_revision"], batch_size=1000)
    return brand, locations


def run_batch(start_batch):
    from listings.models import BatchStatus, SyncBatch

    started = time.monotonic()
    batch = start_batch()
    print(f"  batch {batch.pk} created and queued in {time.monotonic() - started:.1f}s")
    wait_until(lambda: SyncBatch.objects.filter(pk=batch.pk, status=BatchStatus.DONE).exists(), 900, "the batch", 0.25)
    return SyncBatch.objects.get(pk=batch.pk), time.monotonic() - started


def states(batch) -> dict:
    from django.db.models import Count

    counts = dict(batch.items.values_list("status").annotate(n=Count("id")))
    return {key: counts.get(key, 0) for key in ("synced", "rolled_back", "needs_attention", "superseded")}


def read_directories(locations, session, base) -> dict[tuple[int, str], dict]:
    """What every directory shows of every store, {(location id, directory): canonical payload of
    the fields it can hold}, read in its native format over the simulator's control API (outside
    the quotas) and mapped with the connectors' readers."""
    from listings.directories.facebook import FacebookConnector, from_facebook
    from listings.directories.google import from_google
    from listings.directories.pagesjaunes import from_pagesjaunes
    from listings.models import DirectoryLink

    readers = {
        "google": lambda doc: from_google(doc),
        "facebook": lambda doc: {k: v for k, v in from_facebook(doc).items() if k in FacebookConnector.readable},
        "pagesjaunes": lambda doc: from_pagesjaunes(doc),
    }
    return {
        (link.location_id, link.directory): readers[link.directory](
            session.get(f"{base}/_sim/state/{link.directory}/{link.external_id}", timeout=30).json()
        )
        for link in DirectoryLink.objects.filter(location__in=locations)
    }


def check_directories(locations, shown: dict[tuple[int, str], dict]) -> tuple[int, int]:
    """(mixed, mismatched) in what the directories show (`read_directories`): stores showing new
    hours on some directories and old on others; directories not showing our published revision."""
    from listings.models import Listing
    from listings.payload import differing_fields

    published = {
        listing.location_id: listing.published_revision.payload
        for listing in Listing.objects.filter(location__in=locations).select_related("published_revision")
    }
    holiday: dict[int, list[bool]] = {}
    mismatched = 0
    for (location_id, _directory), state in shown.items():
        if differing_fields(published[location_id], state, [f for f in published[location_id] if f in state]):
            mismatched += 1
        if "special_hours" in state:  # Facebook cannot hold holiday hours: not part of "mixed"
            dates = {entry["date"] for entry in state["special_hours"] or []}
            holiday.setdefault(location_id, []).append("2026-12-25" in dates)
    mixed = sum(1 for flags in holiday.values() if any(flags) and not all(flags))
    return mixed, mismatched


def require_services() -> None:
    """The benchmarks measure the production setup: PostgreSQL and a Redis broker, not SQLite and eager tasks."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        raise SystemExit("set CELERY_BROKER_URL to a Redis broker")


def start_simulator(processes, port: int, env, log, session) -> str:
    """Start the directory simulator on 127.0.0.1:`port`, wait for it and empty it; its base URL."""
    base = f"http://127.0.0.1:{port}"
    processes.start([sys.executable, "manage.py", "run_directory_simulator", "--port", str(port)], env, log)
    wait_until(lambda: _healthy(session, base), 30, "the simulator")
    sim_call(session, base, "POST", "reset")
    return base


def worker_command(hostname: str, concurrency: int, loglevel: str = "WARNING") -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "franchise_platform",
        "worker",
        f"--loglevel={loglevel}",
        f"--concurrency={concurrency}",
        f"--hostname={hostname}",
        "--without-gossip",
        "--without-mingle",
    ]


def set_faults(session, base, faults_on: bool, quotas: dict) -> dict:
    """Make the simulator enforce each directory's quota (the one the workers' settings declare),
    plus the faults of `--faults` if asked."""
    result = {}
    for directory, quota in quotas.items():
        faults = {"directory": directory, "quota_per_minute": quota, "seed": 2026}
        if faults_on:
            faults.update(FAULTS)
        sim_call(session, base, "POST", "faults", faults)
        result[directory] = faults
    return result


def request_figures(batches, counters: dict, quotas: dict, seconds: float) -> tuple[float, float, str]:
    """(requests_per_change of the worst directory, quota_efficiency of the slowest, which one)."""
    from listings.models import JobStatus, SyncJob

    changes = {}
    for directory in quotas:
        changes[directory] = (
            SyncJob.objects.filter(item__batch__in=batches, directory=directory)
            .exclude(status=JobStatus.NOT_SUPPORTED)
            .count()
        )
    per_change = max((counters.get(d, 0) / n for d, n in changes.items() if n), default=0.0)
    slowest = max(quotas, key=lambda d: counters.get(d, 0) / quotas[d])
    ideal = counters.get(slowest, 0) / quotas[slowest] * 60
    return per_change, (ideal / seconds if seconds else 0.0), slowest


def apply_holiday(admin, locations):
    """The bulk change the benchmarks push: Christmas hours on every store, as one sync batch."""
    from django.db import transaction

    from listings.bulk import bulk_special_hours

    with transaction.atomic():
        return bulk_special_hours(user=admin, locations=locations, entries=HOLIDAY, label="Bench: Noël")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", action="store_true", help="10%% errors, 5%% rate limits, 2%% lost responses")
    parser.add_argument("--quick", action="store_true", help="200 stores instead of 1,000")
    parser.add_argument("--locations", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8, help="processes per worker")
    parser.add_argument(
        "--real-quotas",
        action="store_true",
        help="the declared quotas (300/200/120 a minute), enforced by the simulators",
    )
    args = parser.parse_args()
    if args.real_quotas:
        os.environ["DJANGO_SETTINGS_MODULE"] = "franchise_platform.settings"
    count = args.locations or (200 if args.quick else 1000)
    require_services()

    import django

    django.setup()
    import requests
    from django.core.management import call_command

    from franchise_platform.celery import app
    from listings.sync.batches import batch_undo

    call_command("migrate", verbosity=0)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DIRECTORY_SIMULATOR_URL": base,
        "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
    }
    os.environ["DIRECTORY_SIMULATOR_URL"] = base
    from django.conf import settings

    settings.DIRECTORY_SIMULATOR_URL = base
    processes = Processes()
    log = open(ROOT / "var" / "bench-listings-sync.log", "w") if (ROOT / "var").is_dir() else subprocess.DEVNULL  # noqa: SIM115
    session = requests.Session()
    try:
        start_simulator(processes, port, env, log, session)
        app.control.purge()
        for index in range(args.workers):
            processes.start(worker_command(f"bench-listings-{index}@%h", args.concurrency), env, log)
        started = time.monotonic()
        brand, locations = seed(count, session, base)
        print(f"seeded {count} stores on 3 directories in {time.monotonic() - started:.1f}s")
        wait_until(lambda: len(app.control.ping(timeout=1.0) or []) >= args.workers, 60, "the workers", 0.5)
        quotas = dict(settings.DIRECTORY_QUOTAS)
        faults = set_faults(session, base, args.faults, quotas)
        before = sim_call(session, base, "GET", "counters")
        print(f"faults: {faults}")
        admin = bench_admin(brand)

        from django.db import transaction

        batch, apply_s = run_batch(lambda: apply_holiday(admin, locations))
        applied = states(batch)
        mixed_a, mismatched_a = check_directories(locations, read_directories(locations, session, base))
        print(f"apply: {apply_s:.1f}s {applied} mixed={mixed_a} mismatched={mismatched_a}")

        def undo():
            with transaction.atomic():
                return batch_undo(batch=batch, user=admin)

        undo_batch, undo_s = run_batch(undo)
        undone = states(undo_batch)
        mixed_u, mismatched_u = check_directories(locations, read_directories(locations, session, base))
        print(f"undo: {undo_s:.1f}s {undone} mixed={mixed_u} mismatched={mismatched_u}")
        after = sim_call(session, base, "GET", "counters")
        counters = {d: after.get(d, 0) - before.get(d, 0) for d in quotas}
        per_change, efficiency, slowest = request_figures([batch, undo_batch], counters, quotas, apply_s + undo_s)
        print(f"directory requests: {counters}; quotas per minute: {quotas}; slowest: {slowest}")
        print(
            f"RESULT locations={count} apply_s={apply_s:.1f} undo_s={undo_s:.1f} synced={applied['synced']} "
            f"rolled_back={applied['rolled_back']} needs_attention={applied['needs_attention']} "
            f"mixed={mixed_a + mixed_u} mismatched={mismatched_a + mismatched_u} "
            f"requests_per_change={per_change:.2f} quota_efficiency={efficiency:.2f}"
        )
    finally:
        processes.stop()


def _healthy(session, base) -> bool:
    try:
        return session.get(f"{base}/_sim/health", timeout=1).ok
    except Exception:
        return False


def bench_admin(brand):
    from django.contrib.auth import get_user_model

    from network.models import Level, Membership, Role

    user, _created = get_user_model().objects.get_or_create(username="bench-listings-admin")
    Membership.objects.get_or_create(user=user, role=Role.FRANCHISOR_ADMIN, level=Level.BRAND, brand=brand)
    return user


if __name__ == "__main__":
    main()
