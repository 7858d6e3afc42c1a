"""The daily import on a real Celery worker (PostgreSQL and Redis, as in CI): the worker finds the
directory tasks (CELERY_IMPORTS), reads the simulator over HTTP and writes the rows."""

import datetime
import time

import pytest

from listings.directories import tasks
from listings.models import DirectoryLink, ListingDailyStats, Review
from tests.factories import LocationFactory
from tests.listings.directories.payloads import PLATEAU
from tests.listings.native import native
from tests.workers import celery_worker, sending_tasks


@pytest.fixture
def worker(sim_url):
    env = {"DIRECTORY_TEST_SIMULATOR_URL": sim_url}
    with celery_worker(name="directories", env=env) as worker, sending_tasks():
        yield worker


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
            **native("google", PLATEAU),
            "reviews": [{"review_id": "w1", "rating": 5, "text": "Super"}],
            "stats": [{"day": "2026-11-20", "views": 77, "calls": 2}],
        }
    )
    link = DirectoryLink.objects.create(location=location, directory="google", external_id=external_id)
    tasks.import_daily_stats.apply_async(args=[link.pk, "2026-11-20"], queue=worker.queue)
    tasks.import_reviews.apply_async(args=[link.pk], queue=worker.queue)
    assert wait_for(lambda: ListingDailyStats.objects.filter(location=location).exists() and Review.objects.exists())
    row = ListingDailyStats.objects.get(location=location)
    assert (row.day, row.views, row.calls, row.review_count) == (datetime.date(2026, 11, 20), 77, 2, 1)
