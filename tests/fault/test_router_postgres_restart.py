"""PostgreSQL restarted under click-router load: the router keeps answering and every click it
answered is stored exactly once when the database is back.

Runs bench/router_pg_restart.py --quick (gunicorn, 32 connections, a PostgreSQL server of its
own stopped for 3 s a third of the way in) and checks its RESULT line."""

import subprocess
import sys
from pathlib import Path

from bench.pgcluster import unavailable_reason
from tests.services import need

ROOT = Path(__file__).resolve().parents[2]


def test_the_router_answers_through_a_postgres_restart_and_loses_no_click():
    reason = unavailable_reason()
    need(reason is None, reason or "")
    run = subprocess.run(
        [sys.executable, "bench/router_pg_restart.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stderr[-3000:]
    result = dict(pair.split("=") for pair in run.stdout.strip().splitlines()[-1].split()[1:])
    assert int(result["answered"]) > 1000
    assert result["lost"] == "0" and result["duplicated"] == "0" and result["errors"] == "0"
    assert int(result["answered_during_outage"]) > 0, "the router stopped answering while PostgreSQL was down"
