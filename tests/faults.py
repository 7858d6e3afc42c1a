"""Fault injection for the fault tests: a private Redis server that a test may restart.

Restarting the shared Redis would disturb every process and engineer using it, so a fault test
starts its own `redis-server` on a free port in a temporary directory, uses it as the broker of
its worker and of the test process (`tests.workers`), and restarts that one. It runs like the CI
Redis (`.ci/run`): no RDB snapshots and, unless asked, no AOF, so what is queued in memory at a
restart is lost, the worst case the platform must recover from.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests.services import need


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


class PrivateRedis:
    """A `redis-server` owned by one test: `url` for Celery, `restart()` to lose its memory."""

    def __init__(self, directory: Path, *, appendonly: bool = False):
        self.directory = directory
        self.appendonly = appendonly
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.restarts = 0
        self.process: subprocess.Popen | None = None

    def up(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory)]
        command += ["--save", "", "--appendonly", "yes" if self.appendonly else "no"]
        command += ["--logfile", str(self.directory / "redis.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(self.up, 20, f"redis-server on port {self.port}")

    def stop(self) -> None:
        """SHUTDOWN NOSAVE, as an operator restarting Redis does; SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        with suppress(redis.RedisError):  # the server closes the connection as it exits
            redis.Redis(port=self.port, socket_timeout=2, retry=Retry(NoBackoff(), 0)).shutdown(nosave=True)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self, down_seconds: float = 1.0) -> None:
        """Stop the server, leave clients facing a refused connection for a while, start again."""
        self.stop()
        time.sleep(down_seconds)
        self.start()
        self.restarts += 1


@contextmanager
def private_redis(*, appendonly: bool = False) -> Iterator[PrivateRedis]:
    """A fresh Redis for the duration of the block, always stopped and its directory removed."""
    need(shutil.which("redis-server") is not None, "the fault tests start their own redis-server: install Redis")
    with tempfile.TemporaryDirectory(prefix="fault-redis-") as directory:
        server = PrivateRedis(Path(directory), appendonly=appendonly)
        server.start()
        try:
            yield server
        finally:
            server.stop()
