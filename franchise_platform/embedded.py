"""The background of the embedded default: one Celery worker with beat inside it, over a broker
that needs no server.

`make run` with no CELERY_BROKER_URL sets it to `filesystem://localhost/` and starts
`python -m franchise_platform.embedded` beside the web server. The broker is kombu's filesystem
transport: each message is a file under `var/broker/` (DJANGO_BROKER_DIR), written by the web
process, beat or a task, and taken by the worker. Why that one: it ships with kombu itself
(released and tested with every Celery release, no extra dependency), keeps queued messages on
disk across restarts, and supports fanout, so Celery's remote control (`celery inspect ping`)
works; kombu's SQLAlchemy transport needs SQLAlchemy, has no fanout, and would add a second
writer fighting for the SQLite database. It serves one machine, which is what the embedded
default is; production uses Redis or RabbitMQ (README, "Running in production").

The worker runs its tasks in threads (one process: little memory on a laptop) and embeds beat
with `CatchUpScheduler`, so the periodic jobs that keep things current (rollups, drift
verification, the outbox sweep...) run once at the very first start instead of an interval
later; afterwards beat remembers their last run in `var/broker/beat-schedule`.
"""

import os
import sys
from pathlib import Path

from celery.beat import PersistentScheduler
from celery.schedules import schedule

EMBEDDED_BROKER_URL = "filesystem://localhost/"
CONCURRENCY = 4


def is_embedded(url: str) -> bool:
    return url.startswith("filesystem://")


def broker_dir() -> Path:
    from django.conf import settings

    return Path(settings.EMBEDDED_BROKER_DIR)


def transport_options(directory: Path) -> dict:
    """The filesystem transport's folders (created if missing); one folder for every queue."""
    queue, control = directory / "queue", directory / "control"
    for folder in (queue, control):
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
        # How often an idle worker looks for new files (kombu's virtual transports poll).
        "polling_interval": 0.5,
    }


class CatchUpScheduler(PersistentScheduler):
    """Beat that runs an every-N-seconds job at once when it has never run (a fresh
    schedule file), instead of waiting N seconds; jobs at a time of day (crontab) keep it."""

    def merge_inplace(self, b):
        new = set(b) - set(self.schedule)
        super().merge_inplace(b)
        for name in new:
            entry = self.schedule[name]
            if isinstance(entry.schedule, schedule):  # an interval (crontab and solar are not)
                entry.last_run_at = entry.default_now() - entry.schedule.run_every


def worker_argv() -> list[str]:
    """The `celery worker` command line of the embedded background (without the program)."""
    return [
        "worker",
        "--beat",
        f"--schedule={broker_dir() / 'beat-schedule'}",
        f"--scheduler={CatchUpScheduler.__module__}:{CatchUpScheduler.__name__}",
        "--pool=threads",
        f"--concurrency={CONCURRENCY}",
        "--hostname=embedded@%h",
        # No gossip, mingle or heartbeats: one worker on one machine has nobody to talk to, and
        # each would be a file written every few seconds.
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--loglevel={os.environ.get('CELERY_LOG_LEVEL', 'WARNING')}",
    ]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franchise_platform.settings")
    os.environ.setdefault("CELERY_BROKER_URL", EMBEDDED_BROKER_URL)
    import django

    django.setup()
    from django.conf import settings

    from franchise_platform.celery import app

    if not is_embedded(settings.CELERY_BROKER_URL):
        sys.exit(f"CELERY_BROKER_URL is {settings.CELERY_BROKER_URL!r}: run `make worker` and `make beat` instead")
    app.worker_main(argv=worker_argv())


if __name__ == "__main__":
    main()
