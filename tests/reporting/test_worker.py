"""A real Celery worker on the real broker folds new clicks into the rollups within 60 seconds."""

import time

import pytest

from franchise_platform.celery import app
from reporting.models import FranchiseDayRollup
from tests.reporting.factories import ClickFactory, KeywordFactory
from tests.workers import celery_worker


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_a_worker_shows_new_clicks_within_sixty_seconds(world):
    keyword = KeywordFactory(pool__brand=world.A)
    ClickFactory.create_batch(3, keyword=keyword, franchise=world.F1, location=world.L1)
    with celery_worker(name="reporting") as worker:
        started = time.monotonic()
        app.send_task("reporting.refresh_rollups", queue=worker.queue)
        while time.monotonic() - started < 60:
            if FranchiseDayRollup.objects.filter(franchise_id=world.F1.pk, clicks=3).exists():
                break
            time.sleep(0.5)
        assert FranchiseDayRollup.objects.filter(franchise_id=world.F1.pk, clicks=3).exists(), worker.log()
