"""Benchmark of the directory simulator: requests per second it answers through the connectors.

    .venv/bin/python bench/directory_simulator.py [--quick] [--threads 8] [--faults]

Starts `manage.py run_directory_simulator` on a free port, seeds 300 listings per directory,
then for a while (20 s, 6 s with --quick) threads read and write listings through the three
connectors (2 reads of every field for 1 write of the phone; a full Google read takes 2 requests:
location and media, a full Facebook read the Page and its photos). `--faults`
injects 5% errors, 2% rate limits and 1% lost responses, which the loop counts and goes on.

Last line: RESULT requests_per_s=.. calls_per_s=.. p50_ms=.. p95_ms=.. errors=.. ratio=..
(ratio to the goal of 300 requests per second on the 2-core box; >= 1 is met).
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franchise_platform.settings.test")
GOAL = 300.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from listings.directories.base import DIRECTORIES, DirectoryError, get_connector

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "run_directory_simulator", "--port", str(port), "--empty"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/_sim/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        requests.post(f"{base}/_sim/reset", timeout=5)
        payload = {
            "name": "Magasin",
            "address": {"street": "1 rue Principale", "city": "Montréal", "postal_code": "H2X 1K4", "country": "CA"},
            "phone": "+15145550100",
            "regular_hours": [{"day": "MONDAY", "open": "09:00", "close": "17:00"}],
        }
        from listings.directories.base import empty_payload
        from listings.directories.demo import native_document

        payload = {**empty_payload(), **payload}
        items = [
            {"directory": d, **native_document(d, {**payload, "name": f"Magasin {i}"}, {})}
            for d in DIRECTORIES
            for i in range(300)
        ]
        created = requests.post(f"{base}/_sim/seed", json={"listings": items}, timeout=30).json()["listings"]
        if args.faults:
            faults = {"directory": "*", "error_rate": 0.05, "rate_limit_rate": 0.02, "lost_response_rate": 0.01}
            requests.post(f"{base}/_sim/faults", json={**faults, "seed": 1}, timeout=5)
        before = sum(requests.get(f"{base}/_sim/counters", timeout=5).json().values())
        duration = 6 if args.quick else 20
        latencies, errors, lock = [], [0], threading.Lock()
        stop = time.monotonic() + duration

        def worker(index: int) -> None:
            connectors = {d: get_connector(d, base_url=base) for d in DIRECTORIES}
            mine, count = [], 0
            while time.monotonic() < stop:
                row = created[(index * 7919 + count) % len(created)]
                connector = connectors[row["directory"]]
                started = time.perf_counter()
                try:
                    if count % 3:
                        connector.get(row["external_id"])
                    else:
                        connector.update(
                            row["external_id"], {**payload, "phone": f"+1514555{count % 10000:04d}"}, ["phone"]
                        )
                except DirectoryError:
                    with lock:
                        errors[0] += 1
                mine.append(time.perf_counter() - started)
                count += 1
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        answered = sum(requests.get(f"{base}/_sim/counters", timeout=5).json().values()) - before
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    latencies.sort()
    rps = answered / elapsed
    p50 = latencies[len(latencies) // 2] * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(f"{len(latencies)} connector calls, {answered} simulator requests in {elapsed:.1f}s, {args.threads} threads")
    print(
        f"RESULT requests_per_s={rps:.0f} calls_per_s={len(latencies) / elapsed:.0f} p50_ms={p50:.1f} "
        f"p95_ms={p95:.1f} errors={errors[0]} ratio={rps / GOAL:.2f}"
    )


if __name__ == "__main__":
    main()
