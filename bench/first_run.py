"""Time from `make run` on a fresh clone to the first page, as a newcomer lives it.

    python3 bench/first_run.py [--quick] [--port 8105] [--sim-port 8705]

Clones this repository's HEAD into a temporary directory, runs `make run` there with no service
variables (SQLite, no broker: the embedded default), and asks for the login page every 0.2 s
until it answers 200. Everything a newcomer waits for is inside: the virtualenv, the install of
the requirements (from the package index pip is configured with), the migrations, the demo
data and the start of the servers. --quick reuses an existing clone's virtualenv if there is one
(measures everything but the install).

Last line: RESULT first_page_s=<seconds to the first page> seed_s=<seconds loading the demo data>
Goal: first_page_s <= 60 on this machine.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 60
SEED_LINE = re.compile(r"locations \(([\d.]+) s\)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="keep the virtualenv of the last run (no install)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8105")))
    parser.add_argument("--sim-port", type=int, default=int(os.environ.get("SIM_PORT", "8705")))
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / f"fp-first-run-{args.port}"
    venv = work / "clone" / ".venv"
    kept_venv = work / "venv-kept"
    if args.quick and venv.exists():
        shutil.rmtree(kept_venv, ignore_errors=True)
        venv.rename(kept_venv)
    shutil.rmtree(work / "clone", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(work / "clone")], check=True)
    if args.quick and kept_venv.exists():
        kept_venv.rename(venv)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_URL", "VIRTUAL_ENV"))
    }
    log = open(work / "make-run.log", "w")  # noqa: SIM115 - closed below
    started = time.monotonic()
    process = subprocess.Popen(
        ["make", "run", f"PORT={args.port}", f"SIM_PORT={args.sim_port}"],
        cwd=work / "clone",
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{args.port}/accounts/login/"
    first_page = None
    try:
        while time.monotonic() - started < args.timeout and process.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        first_page = time.monotonic() - started
                        break
            except OSError:
                pass
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    output = (work / "make-run.log").read_text()
    if first_page is None:
        print(output[-3000:])
        sys.exit("the first page never answered")
    seed = SEED_LINE.search(output)
    seed_s = float(seed.group(1)) if seed else float("nan")  # not money
    print(f"log: {work / 'make-run.log'}")
    print(
        f"first page after {first_page:.1f} s = {first_page / GOAL_S:.2f} x the {GOAL_S} s goal; demo data {seed_s} s"
    )
    print(f"RESULT first_page_s={first_page:.1f} seed_s={seed_s:.1f}")


if __name__ == "__main__":
    main()
