"""Clicks answered while the database could not take them, kept on the web machine's disk.

When PostgreSQL is restarting or unreachable the router still answers every ad click (its
routing table is in memory); the clicks it could not INSERT are appended here, one JSON line
each, to a file per process in `BUDGETS_CLICK_SPOOL_DIR`, flushed to disk before the writer
moves on. As soon as the database answers again the web processes drain the directory: a
process claims a file by renaming it (so two never drain the same one), writes its clicks with
the ordinary INSERT, and deletes it. Every click carries the token the router gave it, so a
file drained twice (a drainer killed half-way, a batch whose COMMIT was lost with the
connection) still stores each click once.

The directory is local to each web machine: give it a persistent path in production, and run
`manage.py drain_click_spool` after a machine comes back with clicks still spooled and no
traffic to trigger the drain.
"""

import fcntl
import json
import logging
import os
import socket
import threading
import time
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)

SUFFIX = ".jsonl"
CLAIMED = ".draining"
# A claimed file older than this belongs to a drainer that died: another may take it over.
STALE_CLAIM_SECONDS = 300
BATCH = 500

_lock = threading.Lock()
# Whether a drain may have work: this process spooled clicks, or it has not looked for a while.
_dirty = False
_looked_at = 0.0
_quiet_until = 0.0  # after a failed drain, leave the database alone for a moment
RETRY_AFTER = 0.5
# An outage spools on every batch: say so once in a while, with the count, not every time.
LOG_EVERY = 5.0
_spooled_since_log = 0
_logged_at = 0.0
LOOK_EVERY = 1.0  # seconds between looks at the directory when this process spooled nothing


def directory() -> Path:
    return Path(settings.BUDGETS_CLICK_SPOOL_DIR)


def _own_file() -> Path:
    return directory() / f"clicks-{socket.gethostname()}-{os.getpid()}{SUFFIX}"


def _encode(click) -> str:
    data = click._asdict()
    data["created_at"] = data["created_at"].isoformat()
    data["token"] = str(data["token"]) if data["token"] else None
    return json.dumps(data, separators=(",", ":"))


def _decode(line: str, click_type):
    data = json.loads(line)
    data["created_at"] = datetime.fromisoformat(data["created_at"])
    return click_type(**data)


def _append(path: Path, data: bytes) -> None:
    """Append under an exclusive lock to the file that is at `path` once the lock is held: a
    drainer may have renamed the file away between our open and our lock (see `drain`)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                still_ours = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                still_ours = False
            if still_ours:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    data = b"\n" + data  # end a line a crash cut short, so it spoils only itself
                os.write(fd, data)
                os.fsync(fd)
                return
        finally:
            os.close(fd)


def reset() -> None:
    """Forget this process's view of the database and the spool (tests)."""
    global _dirty, _looked_at, _quiet_until
    _dirty, _looked_at, _quiet_until = False, 0.0, 0.0


def database_resting() -> bool:
    """True for a moment after the database failed us: spool straight away, do not knock."""
    return time.monotonic() < _quiet_until


def database_failed() -> None:
    global _quiet_until
    _quiet_until = time.monotonic() + RETRY_AFTER


def worth_draining() -> bool:
    """Cheap enough for every click: a look at the directory at most once a second."""
    global _looked_at
    now = time.monotonic()
    if now < _quiet_until:
        return False
    if _dirty:
        return True
    if now - _looked_at < LOOK_EVERY:
        return False
    _looked_at = now
    return bool(pending_files())


def spool(clicks) -> None:
    """Append clicks to this process's spool file and flush them to disk."""
    global _dirty, _spooled_since_log, _logged_at
    if not clicks:
        return
    _dirty = True
    data = "".join(_encode(click) + "\n" for click in clicks).encode()
    with _lock:
        directory().mkdir(parents=True, exist_ok=True)
        _append(_own_file(), data)
        _spooled_since_log += len(clicks)
        if time.monotonic() - _logged_at >= LOG_EVERY:
            logger.warning("database unavailable: %d click(s) spooled to %s", _spooled_since_log, directory())
            _spooled_since_log, _logged_at = 0, time.monotonic()


def pending_files() -> list[Path]:
    folder = directory()
    if not folder.is_dir():
        return []
    now = time.time()
    files = sorted(folder.glob(f"*{SUFFIX}"))
    stale = [p for p in folder.glob(f"*{CLAIMED}") if now - p.stat().st_mtime > STALE_CLAIM_SECONDS]
    return files + sorted(stale)


def pending_count() -> int:
    """Clicks waiting in the spool (read by `drain_click_spool` and the fault benchmark)."""
    total = 0
    for path in directory().glob("*") if directory().is_dir() else []:
        if path.name.endswith((SUFFIX, CLAIMED)):
            with open(path, encoding="utf-8") as handle:
                total += sum(1 for line in handle if line.strip())
    return total


def _unique_name(prefix: str, suffix: str) -> str:
    return f"{prefix}-{socket.gethostname()}-{os.getpid()}-{time.time_ns()}{suffix}"


def _claim(path: Path) -> tuple[Path, list[str]] | None:
    """Take a file for this process (an atomic rename) and read it; None if another was first.

    The lock waits for a writer that opened the file before the rename to finish its line; a
    writer that gets the lock after the rename sees the name moved and writes a new file.
    """
    claimed = path.with_name(_unique_name("claimed", CLAIMED))
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    with open(claimed, encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        os.utime(claimed)
        return claimed, [line for line in handle.read().splitlines() if line.strip()]


def drain(insert, click_type) -> int:
    """Write every spooled click with `insert(list_of_clicks)`; returns how many were written.

    Stops at the first database error and puts the file back for the next attempt.
    """
    global _dirty
    written = 0
    for path in pending_files():
        taken = _claim(path)
        if taken is None:  # another process drains it
            continue
        claimed, lines = taken
        clicks = []
        for line in lines:
            try:
                clicks.append(_decode(line, click_type))
            except (ValueError, TypeError):  # a line cut short by a crash while it was written
                logger.error("unreadable spooled click skipped: %r", line[:200])
        try:
            for start in range(0, len(clicks), BATCH):
                insert(clicks[start : start + BATCH])
        except Exception as error:
            # Whatever went wrong, the file goes back for the next attempt, never left claimed.
            os.rename(claimed, claimed.with_name(_unique_name("retry", SUFFIX)))
            database_failed()
            if not isinstance(error, DatabaseError):
                logger.exception("spooled clicks could not be written; they stay spooled")
            return written
        claimed.unlink()
        written += len(clicks)
    _dirty = False
    if written:
        logger.warning("database back: %d spooled click(s) written", written)
    return written
