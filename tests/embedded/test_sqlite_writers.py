"""The embedded default's SQLite file takes writes from two processes at once (the web process
and the worker): each transaction reads and then writes, the pattern that fails at once with
"database is locked" in SQLite's default mode when another process wrote in between."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, writer TEXT, n INTEGER)")
for i in range({rounds}):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(n), 0) FROM counter")
        (last,) = cursor.fetchone()
        cursor.execute("INSERT INTO counter (writer, n) VALUES (%s, %s)", [{name!r}, last + 1])
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def test_two_processes_read_then_write_the_same_sqlite_file_without_database_is_locked(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_ENV="local",
        DJANGO_SETTINGS_MODULE="franchise_platform.settings",
    )
    setup = subprocess.run(
        [sys.executable, "-c", WRITER.format(rounds=0, name="setup")], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(rounds=300, name=name)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("web", "worker")
    ]
    results = [writer.communicate(timeout=300) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err[-3000:]
        assert out.strip() == "wal"
    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        rows = db.execute("SELECT COUNT(*), COUNT(DISTINCT n), MAX(n) FROM counter").fetchone()
    assert rows == (600, 600, 600)  # every write kept, none of them lost to a race
