"""Writing routed clicks: one statement per click, or batched behind the response.

By default each click is one INSERT before the redirect is answered. With
`BUDGETS_CLICK_WRITE_BEHIND_MS` set (e.g. 20), a worker answers at once and a background thread
of the same process writes the clicks it collected every few milliseconds in one multi-row
INSERT; the buffer is flushed when the process exits (gunicorn's graceful stop), so a load test
loses nothing, and only a hard kill of the worker could lose the last few milliseconds.

Either way, clicks the database cannot take (it is restarting, unreachable) go to the local
spool (budgets/clickspool.py) and are written once it answers again; their tokens make every
retry idempotent.
"""

import atexit
import logging
import os
import threading
import uuid
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connections

from budgets import clickspool
from budgets.models import Click

logger = logging.getLogger(__name__)

COLUMNS = (
    "pool_id",
    "keyword_id",
    "keyword_text",
    "match_type",
    "franchise_id",
    "location_id",
    "created_at",
    "click_id",
    "device",
    "geo_criteria_id",
    "place",
    "is_bot",
    "token",
)
TOKEN = COLUMNS.index("token")
MAX_BATCH = 500


class ClickRow(NamedTuple):
    """A click as the router records it: the columns of one INSERT, no model instance."""

    pool_id: int
    keyword_id: int | None
    keyword_text: str
    match_type: str
    franchise_id: int | None
    location_id: int | None
    created_at: datetime
    click_id: str
    device: str
    geo_criteria_id: int | None
    place: str
    is_bot: bool
    token: str | None = None


def _values(click, conn) -> list:
    values = list(click) if isinstance(click, tuple) else [getattr(click, column) for column in COLUMNS]
    values[COLUMNS.index("created_at")] = conn.ops.adapt_datetimefield_value(click.created_at)
    token = values[TOKEN]
    values[TOKEN] = token.hex if isinstance(token, uuid.UUID) else token
    return values


def _insert(conn, clicks: list[Click]) -> None:
    """One statement; a repeated click id is kept once (ON CONFLICT DO NOTHING).

    On PostgreSQL outside a transaction it commits with `synchronous_commit` off for this
    transaction only: visible at once, without waiting for the WAL flush (only a crash of
    PostgreSQL itself within a fraction of a second could lose it). Ledger postings keep the
    full durable commit.
    """
    row = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    sql = (
        f"INSERT INTO {Click._meta.db_table} ({', '.join(COLUMNS)}) VALUES "  # noqa: S608 - fixed names
        + ", ".join([row] * len(clicks))
        + " ON CONFLICT DO NOTHING"
    )
    params = [value for click in clicks for value in _values(click, conn)]
    if conn.vendor == "postgresql" and not conn.in_atomic_block:
        sql = f"BEGIN; SET LOCAL synchronous_commit TO OFF; {sql}; COMMIT;"
    with conn.cursor() as cursor:
        cursor.execute(sql, params)


def _forget_connection(conn) -> None:
    """Drop a connection the database broke, so the next attempt opens a fresh one."""
    try:
        conn.close()
    except Exception:  # closing a broken connection may fail in many ways; it is gone either way
        conn.connection = None


def write(clicks: list) -> bool:
    """INSERT the clicks now, or spool them if the database cannot take them; then, if the
    database answered and clicks are waiting in the spool, write those too. True if written."""
    conn = connections["default"]
    if clickspool.database_resting():
        clickspool.spool(clicks)
        return False
    try:
        _insert(conn, clicks)
    except Exception as error:
        if conn.in_atomic_block:  # someone else's transaction: theirs to handle
            raise
        if not isinstance(error, DatabaseError):
            logger.exception("could not write %d click(s); they are spooled", len(clicks))
        _forget_connection(conn)
        clickspool.database_failed()
        clickspool.spool(clicks)
        return False
    if clickspool.worth_draining():
        drain()
    return True


def drain() -> int:
    """Write what the spool holds (no-op when empty); how many clicks were written."""
    conn = connections["default"]

    def insert(chunk):
        try:
            _insert(conn, chunk)
        except Exception:
            # A connection the restart cut must not be tried again: outside a request nothing
            # else would ever close it, and every later drain would fail on it.
            _forget_connection(conn)
            raise

    return clickspool.drain(insert, ClickRow)


class WriteBehind:
    def __init__(self, interval_ms: int):
        self.interval = interval_ms / 1000
        self.pending: list[Click] = []
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self._run, name="click-writer", daemon=True)
        self.thread.start()
        atexit.register(self.flush)

    def add(self, click: Click) -> None:
        with self.lock:
            self.pending.append(click)
            full = len(self.pending) >= MAX_BATCH
        if full:
            self.wake.set()

    def flush(self) -> None:
        with self.lock:
            batch, self.pending = self.pending, []
        for start in range(0, len(batch), MAX_BATCH):
            write(batch[start : start + MAX_BATCH])

    def _run(self) -> None:
        while not self.stopping.is_set():
            self.wake.wait(self.interval)
            self.wake.clear()
            try:
                if self.pending:
                    self.flush()
                elif clickspool.worth_draining():
                    # No traffic, yet clicks wait in the spool for the database to come back.
                    drain()
            except Exception:  # the thread must outlive any surprise, or clicks pile up unwritten
                logger.exception("click writer: unexpected error; carrying on")
        connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        self.thread.join(timeout=5)
        self.flush()


_writer: WriteBehind | None = None
_writer_lock = threading.Lock()


def _write_behind() -> WriteBehind | None:
    global _writer
    interval = int(getattr(settings, "BUDGETS_CLICK_WRITE_BEHIND_MS", 0) or 0)
    if interval <= 0:
        return None
    if _writer is None or _writer.pid != os.getpid():  # a forked worker starts its own thread
        with _writer_lock:
            if _writer is None or _writer.pid != os.getpid():
                _writer = WriteBehind(interval)
    return _writer


def shutdown() -> None:
    """Write what is pending and stop the writer thread (tests; the process exit flushes too)."""
    global _writer
    with _writer_lock:
        if _writer is not None:
            _writer.stop()
            _writer = None


def record_click(click: ClickRow) -> None:
    writer = _write_behind()
    if writer is None:
        write([click])
    else:
        writer.add(click)
