"""Fault injection for the fault tests: restart PostgreSQL or Redis on this machine.

Only tests run with FAULT_TESTS=1 may call these (they disturb every process using the service);
see `tests/fault/`. The commands are those of `.ci/run`.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def require_fault_tests() -> None:
    if os.environ.get("FAULT_TESTS") != "1":
        pytest.skip("fault tests restart shared services: run them with FAULT_TESTS=1")


def _wait(check, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise TimeoutError("the service did not come back")


def redis_up() -> bool:
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, text=True).stdout.strip() == (
        "PONG"
    )


def postgres_up() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def restart_redis(down_seconds: float = 1.0) -> None:
    """Stop Redis without saving (queued messages in memory are lost), then start it again."""
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
    _wait(lambda: not redis_up(), 10)
    time.sleep(down_seconds)
    subprocess.run(REDIS_START, check=True)
    _wait(redis_up)


def restart_postgres(version: str | None = None) -> None:
    version = version or sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    ctl = shutil.which("pg_ctlcluster") or "pg_ctlcluster"
    subprocess.run([ctl, "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    _wait(postgres_up)
