"""A real Celery worker on the real broker folds new clicks into the rollups within 60 seconds."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from reporting.models import FranchiseDayRollup
from tests.reporting.factories import ClickFactory, KeywordFactory
from tests.services import need

ROOT = Path(__file__).resolve().parents[2]


def _broker_up() -> bool:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        return False
    try:
        import redis

        redis.Redis.from_url(url).ping()
    except Exception:
        return False
    return True


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_a_worker_shows_new_clicks_within_sixty_seconds(world):
    need(
        connection.vendor == "postgresql" and _broker_up(),
        "needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL)",
    )
    keyword = KeywordFactory(pool__brand=world.A)
    ClickFactory.create_batch(3, keyword=keyword, franchise=world.F1, location=world.L1)
    db = settings.DATABASES["default"]
    login = f"{quote(db['USER'])}:{quote(db.get('PASSWORD') or '')}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_ENV": "local",
        "DJANGO_SECRET_KEY": "worker-test",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "franchise_platform",
            "worker",
            "--pool=solo",
            "-Q",
            "reports-test",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        from franchise_platform.celery import app

        started = time.monotonic()
        app.send_task("reporting.refresh_rollups", queue="reports-test")
        while time.monotonic() - started < 60:
            if FranchiseDayRollup.objects.filter(franchise_id=world.F1.pk, clicks=3).exists():
                break
            time.sleep(0.5)
        assert FranchiseDayRollup.objects.filter(franchise_id=world.F1.pk, clicks=3).exists()
    finally:
        worker.terminate()
        worker.wait(timeout=20)
