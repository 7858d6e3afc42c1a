"""The daily import on a real Celery worker (PostgreSQL and Redis, as in CI): the worker finds the
directory tasks (CELERY_IMPORTS), reads the simulator over HTTP and writes the rows."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection

from franchise_platform.celery import app
from listings.directories import tasks
from listings.models import DirectoryLink, ListingDailyStats, Review
from tests.factories import LocationFactory
from tests.listings.directories.payloads import PLATEAU
from tests.services import need

ROOT = Path(__file__).resolve().parents[3]


def redis_broker() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        return ""
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        return ""
    return url


@pytest.fixture
def worker(sim_url):
    broker = redis_broker()
    need(bool(broker) and connection.vendor == "postgresql", "needs PostgreSQL and a Redis broker (CELERY_BROKER_URL)")
    queue = f"listings-directories-test-{os.getpid()}"
    settings_dict = connection.settings_dict
    database = dj_database_url.parse(os.environ["DATABASE_URL"])
    url = f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url if database["ENGINE"].endswith("postgresql") else os.environ["DATABASE_URL"],
        "DIRECTORY_TEST_SIMULATOR_URL": sim_url,
        "DJANGO_SETTINGS_MODULE": "franchise_platform.settings.test",
    }
    quiet = ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "franchise_platform", "worker", "-Q", queue, "--pool=solo", *quiet],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=20)


def wait_for(condition, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_statistics_and_reviews_from_the_simulator(worker, sim):
    location = LocationFactory()
    (external_id,) = sim.seed(
        {
            "directory": "google",
            "payload": PLATEAU,
            "reviews": [{"review_id": "w1", "rating": 5, "text": "Super"}],
            "stats": [{"day": "2026-11-20", "views": 77, "calls": 2}],
        }
    )
    link = DirectoryLink.objects.create(location=location, directory="google", external_id=external_id)
    tasks.import_daily_stats.apply_async(args=[link.pk, "2026-11-20"], queue=worker)
    tasks.import_reviews.apply_async(args=[link.pk], queue=worker)
    assert wait_for(lambda: ListingDailyStats.objects.filter(location=location).exists() and Review.objects.exists())
    row = ListingDailyStats.objects.get(location=location)
    assert (row.day, row.views, row.calls, row.review_count) == (datetime.date(2026, 11, 20), 77, 2, 1)
