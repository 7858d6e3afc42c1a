"""Scale-out rehearsal in CI: two Celery workers on two "hosts" (network namespaces with their
own addresses) split a sync batch and end exactly where one worker ends.

Runs bench/scale_out.py --quick (200 stores; the full 1,000-store run is the benchmark) and
checks its RESULT line."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.services import need

ROOT = Path(__file__).resolve().parents[2]


def test_two_workers_on_two_hosts_split_a_sync_batch_and_match_one_worker():
    need(os.geteuid() == 0 and shutil.which("ip") is not None, "network namespaces need root and iproute2")
    need(connection.vendor == "postgresql", "the workers share a PostgreSQL database")
    need(settings.CELERY_BROKER_URL.startswith("redis://"), "the workers share a Redis broker")
    env = {**os.environ, "CELERY_BROKER_URL": settings.CELERY_BROKER_URL}
    run = subprocess.run(
        [sys.executable, "bench/scale_out.py", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    result = dict(pair.split("=") for pair in run.stdout.strip().splitlines()[-1].split()[1:])
    assert result["identical"] == "1" and result["mismatched"] == "0"
    # Both hosts took a real part of the batch (a worker that never got work would show 0).
    assert float(result["w1_share"]) >= 0.2 and float(result["w2_share"]) >= 0.2
