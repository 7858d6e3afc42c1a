"""Rehearsal of several worker machines: two Celery workers, each in its own network namespace
(its own address, as on a separate host), share one broker and one database and split a
1,000-store sync batch; the same batch on one worker must end identical.

    sudo DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://... .venv/bin/python bench/scale_out.py [--quick]

Needs root (`ip netns`). Each namespace `fp-w<i>-<pid>` is joined to the host by a veth pair,
10.231.<n>.2 inside and 10.231.<n>.1 on the host. PostgreSQL, Redis and the directory
simulator stay on 127.0.0.1 (their configuration is not touched): one relay process per
namespace listens on the host end of its veth pair and forwards each port to 127.0.0.1, so a
worker reaches everything at 10.231.<n>.1, like a machine reaching the database server.

Run 1: empty simulator, fresh stores (the `bench/listings_sync.py` seed), workers w1 and w2,
the bulk holiday-hours change as one sync batch. Run 2: the same from scratch with w1 alone.
Each worker logs at INFO level to its own file; the `sync_item` tasks it finished (distinct task
ids) are its share. Compared between the runs, by store name: the batch's state of every store
(PostgreSQL) and what every directory shows of every store (the simulator's control API).

Last line: RESULT locations=.. workers=2 w1_share=.. w2_share=.. two_workers_s=.. one_worker_s=..
speedup=.. identical=.. mismatched=..  (speedup = one_worker_s / two_workers_s; mismatched = store
states and directory listings that differ between the runs). Goal: both shares near 0.5,
identical=1, mismatched=0; speedup is what this machine's cores allow.
"""

import argparse
import asyncio
import functools
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.listings_sync import (  # noqa: E402  (needs ROOT on the path)
    Processes,
    apply_holiday,
    bench_admin,
    check_directories,
    free_port,
    read_directories,
    require_services,
    run_batch,
    seed,
    set_faults,
    start_simulator,
    states,
    wait_until,
    worker_command,
)

# Connection settings a worker needs to reach over its namespace's relay (those that are set).
SERVICE_URLS = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL")
DEFAULT_PORTS = {"postgres": 5432, "postgresql": 5432, "redis": 6379}
TASK_DONE = re.compile(r"Task listings\.sync_item\[([0-9a-f-]+)\] succeeded")


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


class Namespaces:
    """The network namespaces and veth pairs this bench creates, deleted by `delete`."""

    def __init__(self):
        self.created: list[tuple[str, str]] = []

    def add(self, name: str, subnet: int) -> tuple[str, str]:
        """A namespace joined to the host by a veth pair; (host address, namespace address)."""
        host_if, ns_if = f"{name}-h"[-15:], f"{name}-n"[-15:]
        try:
            ip("netns", "add", name)
        except subprocess.CalledProcessError as error:
            raise SystemExit(f"`ip netns add {name}` failed: {error.stderr.strip()}") from error
        self.created.append((name, host_if))
        host, inside = f"10.231.{subnet}.1", f"10.231.{subnet}.2"
        ip("link", "add", host_if, "type", "veth", "peer", "name", ns_if, "netns", name)
        ip("addr", "add", f"{host}/24", "dev", host_if)
        ip("link", "set", host_if, "up")
        ip("-n", name, "addr", "add", f"{inside}/24", "dev", ns_if)
        ip("-n", name, "link", "set", ns_if, "up")
        ip("-n", name, "link", "set", "lo", "up")
        return host, inside

    def delete(self) -> None:
        for name, host_if in reversed(self.created):
            subprocess.run(["ip", "link", "del", host_if], capture_output=True)  # absent if add failed midway
            try:
                ip("netns", "del", name)
            except subprocess.CalledProcessError as error:
                print(f"could not delete namespace {name}: {error.stderr.strip()}", file=sys.stderr)
        self.created.clear()


def free_subnets(count: int) -> list[int]:
    """Third octets of 10.231.x.0/24 networks no interface of the host uses yet."""
    used = subprocess.run(["ip", "-o", "-4", "addr"], check=True, capture_output=True, text=True).stdout
    taken = {int(octet) for octet in re.findall(r"inet 10\.231\.(\d+)\.", used)}
    free = [n for n in range(1, 255) if n not in taken]
    if len(free) < count:
        raise SystemExit("no free 10.231.x.0/24 network for the namespaces")
    return free[:count]


def relay(host: str, targets: dict[int, tuple[str, int]], ready) -> None:
    """Forward connections to host:port to targets[port] until terminated; set `ready` once
    listening. A child process per namespace, so the two "machines" do not share one interpreter."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the bench stops us in its cleanup

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def connect(target, reader, writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    async def serve():
        servers = [
            await asyncio.start_server(functools.partial(connect, target), host, port, reuse_address=True)
            for port, target in targets.items()
        ]
        ready.set()
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(serve())


def via(url: str, host: str) -> str:
    """`url` with its host replaced by `host` (the relay), port and credentials kept."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}:{port}" if userinfo else f"{host}:{port}"))


def relay_targets(sim_port: int) -> dict[int, tuple[str, int]]:
    """Relayed port -> (address, port) of the service on this machine."""
    targets = {sim_port: ("127.0.0.1", sim_port)}
    for name in SERVICE_URLS:
        if os.environ.get(name):
            parts = urlsplit(os.environ[name])
            port = parts.port or DEFAULT_PORTS[parts.scheme]
            targets[port] = (parts.hostname or "127.0.0.1", port)
    return targets


@dataclass
class Host:
    """A rehearsed worker machine: its namespace, the worker's Celery name and environment."""

    namespace: str
    worker: str
    env: dict


@dataclass
class Outcome:
    seconds: float
    handled: dict[str, int]  # worker name -> sync_item tasks it finished
    items: dict[str, str]  # store name -> state of its item in the batch
    shown: dict[tuple[str, str], dict]  # (store name, directory) -> what the directory shows


def run(hosts: list[Host], count: int, concurrency: int, session, base, logs: Path, app) -> Outcome:
    """Fresh simulator and stores, the holiday batch on the workers of `hosts`, what came of it."""
    from listings.models import SyncItem
    from network.models import Location

    label = f"{len(hosts)}w"
    print(f"-- {len(hosts)} worker(s): {', '.join(host.worker for host in hosts)}")
    workers = Processes()
    try:
        for host in hosts:
            with open(logs / f"{label}-{host.worker.partition('@')[0]}.log", "w") as log:
                command = worker_command(host.worker, concurrency, loglevel="INFO")
                workers.start(["ip", "netns", "exec", host.namespace, *command], host.env, log)
        session.post(f"{base}/_sim/reset", timeout=30).raise_for_status()
        started = time.monotonic()
        brand, locations = seed(count, session, base)
        print(f"  seeded {count} stores on 3 directories in {time.monotonic() - started:.1f}s")
        from django.conf import settings

        set_faults(session, base, False, dict(settings.DIRECTORY_QUOTAS))
        names = {host.worker for host in hosts}
        wait_until(lambda: names <= _answering(app), 90, "the workers", 0.5)
        admin = bench_admin(brand)
        batch, seconds = run_batch(lambda: apply_holiday(admin, locations))
    finally:
        workers.stop()
    handled = {host.worker: _tasks_done(logs / f"{label}-{host.worker.partition('@')[0]}.log") for host in hosts}
    shown_by_id = read_directories(locations, session, base)
    mixed, mismatched = check_directories(locations, shown_by_id)
    names_by_id = dict(Location.objects.filter(brand=brand).values_list("pk", "name"))
    items = dict(SyncItem.objects.filter(batch=batch).values_list("location__name", "status"))
    print(f"  batch: {seconds:.1f}s {states(batch)} mixed={mixed} mismatched_with_published={mismatched}")
    print(
        "  "
        + ", ".join(f"worker {worker} handled {n} location syncs" for worker, n in handled.items())
        + f" ({sum(handled.values())} tasks for {len(items)} stores)"
    )
    shown = {(names_by_id[location_id], directory): state for (location_id, directory), state in shown_by_id.items()}
    return Outcome(seconds, handled, items, shown)


def _answering(app) -> set[str]:
    return {name for reply in app.control.ping(timeout=1.0) or [] for name in reply}


def _tasks_done(log: Path) -> int:
    """Distinct sync_item tasks the worker logged as finished (a re-delivered one counts once)."""
    return len(set(TASK_DONE.findall(log.read_text(errors="replace"))))


def differences(one: dict, other: dict) -> int:
    return sum(1 for key in one.keys() | other.keys() if one.get(key) != other.get(key))


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)  # run the cleanup in `finally`, as on Ctrl-C


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 stores instead of 1,000")
    parser.add_argument("--locations", type=int, default=None)
    parser.add_argument("--concurrency", type=int, default=8, help="processes per worker")
    args = parser.parse_args()
    count = args.locations or (200 if args.quick else 1000)
    require_services()
    if os.geteuid() != 0 or not shutil.which("ip"):
        raise SystemExit("bench/scale_out.py needs root and iproute2 to create network namespaces (ip netns)")

    import django

    django.setup()
    import requests
    from django.core.management import call_command

    from franchise_platform.celery import app

    call_command("migrate", verbosity=0)
    signal.signal(signal.SIGTERM, _terminate)
    port = free_port()
    session = requests.Session()
    namespaces = Namespaces()
    relays: list[multiprocessing.Process] = []
    simulator = Processes()
    with tempfile.TemporaryDirectory(prefix="bench-scale-out-") as tmp:
        logs = Path(tmp)
        try:
            with open(logs / "simulator.log", "w") as log:
                env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.listings_sync_settings"}
                base = start_simulator(simulator, port, env, log, session)
            hosts = []
            targets = relay_targets(port)
            for index, subnet in enumerate(free_subnets(2), start=1):
                name = f"fp-w{index}-{os.getpid()}"
                address, inside = namespaces.add(name, subnet)
                spawn = multiprocessing.get_context("spawn")
                ready = spawn.Event()
                process = spawn.Process(target=relay, args=(address, targets, ready))
                process.start()
                relays.append(process)
                if not ready.wait(30):
                    raise SystemExit(f"the relay on {address} did not start")
                env = {
                    **os.environ,
                    **{key: via(os.environ[key], address) for key in SERVICE_URLS if os.environ.get(key)},
                    "DIRECTORY_SIMULATOR_URL": f"http://{address}:{port}",
                    "DJANGO_SETTINGS_MODULE": "bench.listings_sync_settings",
                }
                hosts.append(Host(name, f"w{index}@{name}", env))
                print(f"namespace {name}: {inside}, relay on {address} for ports {sorted(targets)}")
            app.control.purge()
            two = run(hosts, count, args.concurrency, session, base, logs, app)
            one = run(hosts[:1], count, args.concurrency, session, base, logs, app)
        finally:
            simulator.stop()
            for process in relays:
                process.terminate()
                process.join(10)
            namespaces.delete()

    total = sum(two.handled.values()) or 1
    w1_share, w2_share = (two.handled[host.worker] / total for host in hosts)
    mismatched = differences(two.items, one.items) + differences(two.shown, one.shown)
    identical = int(mismatched == 0 and len(two.items) == count and len(two.shown) == 3 * count)
    speedup = one.seconds / two.seconds
    print(
        f"two workers {two.seconds:.1f}s, one worker {one.seconds:.1f}s (speedup {speedup:.2f}); "
        f"{len(two.items)} store states and {len(two.shown)} directory listings compared, {mismatched} differ"
    )
    print(
        f"RESULT locations={count} workers=2 w1_share={w1_share:.2f} w2_share={w2_share:.2f} "
        f"two_workers_s={two.seconds:.1f} one_worker_s={one.seconds:.1f} speedup={speedup:.2f} "
        f"identical={identical} mismatched={mismatched}"
    )


if __name__ == "__main__":
    main()
