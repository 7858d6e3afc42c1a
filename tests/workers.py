"""Real Celery workers for the tests that need one (and only those: the rest run tasks eagerly).

A worker is another process, so it can only see data the test committed to a database both
can reach: PostgreSQL, the test database built from `connection.settings_dict` (tests using it
need `django_db(transaction=True)`). It listens on a queue of its own by default, so tests and
developers sharing a broker never take each other's messages, and it is always stopped, even
when the test fails. `celery_worker()` returns only once the worker answers a ping on the
broker: a task sent after that is consumed, with no sleep to guess how long start-up takes.

`sending_tasks()` makes the test process itself send tasks to a broker (the test settings run
them eagerly in-process) and puts the app's configuration back afterwards.
"""

import itertools
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from celery import Celery
from django.conf import settings
from django.db import connection
from kombu.exceptions import OperationalError

from franchise_platform.celery import app as celery_app
from tests.services import need

ROOT = Path(__file__).resolve().parents[1]
_numbers = itertools.count(1)


def database_url() -> str:
    """The URL of the test database, for another process (PostgreSQL only)."""
    db = connection.settings_dict
    login = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        login += ":" + quote(db["PASSWORD"], safe="")
    credentials = f"{login}@" if login else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def broker_up(url: str) -> bool:
    if not url.startswith("redis://"):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@dataclass
class Worker:
    process: subprocess.Popen
    node: str
    queue: str | None  # None: the worker consumes the default queues
    broker_url: str
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self, last: int = 4000) -> str:
        """The end of the worker's output, for failure messages."""
        try:
            return self.log_path.read_text(errors="replace")[-last:]
        except FileNotFoundError:
            return ""

    def wait_idle(self, timeout: float = 60) -> None:
        """Wait until the worker's queue is empty and it runs nothing: what it was sent is done,
        with the tasks those enqueued in turn (checked twice in a row, a hand-over apart)."""
        import redis

        assert self.queue, "only a worker on its own queue can tell its work is done"
        broker = redis.Redis.from_url(self.broker_url)
        deadline, idle_checks = time.monotonic() + timeout, 0
        with _client(self.broker_url) as client:
            while idle_checks < 2:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the worker was still busy after {timeout} s:\n{self.log()}")
                inspect = client.control.inspect(destination=[self.node], timeout=1.0)
                tasks = [inspect.active(), inspect.reserved()]  # None: no answer, so maybe busy
                busy = broker.llen(self.queue) > 0 or any(found is None or any(found.values()) for found in tasks)
                idle_checks = 0 if busy else idle_checks + 1
                time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a crash or an OOM kill would."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self, timeout: float = 30) -> None:
        """Warm shutdown (running tasks finish), then SIGKILL if it does not exit in time."""
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def _client(broker_url: str) -> Iterator[Celery]:
    # A client app of its own: the project's app publishes control messages through its pooled
    # connections to its own broker, whatever connection is passed for the replies.
    with Celery(set_as_current=False) as client:
        client.conf.update(broker_read_url=broker_url, broker_write_url=broker_url)
        yield client


def _answers_ping(worker: Worker) -> bool:
    with _client(worker.broker_url) as client:
        try:
            replies = client.control.ping(destination=[worker.node], timeout=1.0)
        except (OSError, OperationalError):  # broker not reachable yet: not ready
            return False
    return any(worker.node in reply for reply in replies)


@contextmanager
def celery_worker(
    broker_url: str | None = None,
    *,
    name: str = "test",
    own_queue: bool = True,
    pool: str = "solo",
    concurrency: int | None = None,
    settings_module: str = "franchise_platform.settings.test",
    env: dict | None = None,
    ready_timeout: float = 90,
) -> Iterator[Worker]:
    """Run `celery worker` against the test database and `broker_url` (the settings' broker by
    default) until the block ends. `own_queue=False` consumes the default queues instead: what
    a production worker does. With the test settings, the tasks the worker enqueues go through
    the broker to its queue (TEST_WORKER_QUEUE)."""
    broker_url = broker_url or settings.CELERY_BROKER_URL
    need(connection.vendor == "postgresql", "a real worker needs PostgreSQL to share the test database")
    need(broker_up(broker_url), "a real worker needs a reachable Redis broker (CELERY_BROKER_URL)")
    number = next(_numbers)
    node = f"{name}-{os.getpid()}-{number}@localhost"
    queue = f"{name}-{os.getpid()}-{number}" if own_queue else None
    handle, path = tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")
    os.close(handle)
    log_path = Path(path)
    command = [sys.executable, "-m", "celery", "-A", "franchise_platform", "worker", f"--hostname={node}"]
    command += [f"--pool={pool}", "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if concurrency is not None:
        command.append(f"--concurrency={concurrency}")
    if queue:
        command += ["-Q", queue]
    environment = {
        **os.environ,
        **(env or {}),
        "TEST_WORKER_QUEUE": queue or "",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
    }
    with open(log_path, "ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = Worker(process=process, node=node, queue=queue, broker_url=broker_url, log_path=log_path)
    try:
        deadline = time.monotonic() + ready_timeout
        while not _answers_ping(worker):
            if not worker.alive():
                raise RuntimeError(f"the worker exited with {process.returncode}:\n{worker.log()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the worker did not answer a ping in {ready_timeout} s:\n{worker.log()}")
            time.sleep(0.3)
        yield worker
    finally:
        worker.stop()
        log_path.unlink(missing_ok=True)


@contextmanager
def sending_tasks(broker_url: str | None = None, queue: str | None = None) -> Iterator[None]:
    """The test process sends tasks to the broker (to `broker_url` and `queue` when given)
    instead of running them eagerly; the app's configuration and connections are put back."""
    conf = celery_app.conf
    # The raw settings (get), not the properties, which resolve to broker_url when unset.
    saved = (conf.task_always_eager, conf.task_default_queue, conf.get("broker_read_url"), conf.get("broker_write_url"))
    conf.task_always_eager = False
    if queue:
        conf.task_default_queue = queue
    if broker_url:
        # broker_url itself cannot be overridden here: Celery reads CELERY_BROKER_URL from the
        # environment first. The read and write URLs take precedence over it.
        _switch_broker(read=broker_url, write=broker_url)
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_default_queue = saved[:2]
        if broker_url:
            _switch_broker(read=saved[2], write=saved[3])


def _switch_broker(*, read: str | None, write: str | None) -> None:
    """Point the app at another broker. Its connection and producer pools are forgotten and
    fetched again on use from kombu's registry, which keys them by URL: the previous broker's
    pools stay open there, ready for when the app is switched back."""
    celery_app.conf.update(broker_read_url=read, broker_write_url=write)
    celery_app._after_fork()  # what Celery does in a forked child: forget the pools
