"""The quota guard spaces requests 60/quota seconds apart, in one process or through Redis."""

import itertools
import os
import threading
import time

import pytest
from django.test import override_settings

from listings.directories import quota
from tests.services import need

QUOTAS = {"google": 600, "facebook": 0}


def slots(count: int, threads: int = 4) -> list[float]:
    """Reserve `count` slots from several threads: the times at which each may be sent."""
    found, lock = [], threading.Lock()

    def worker():
        for _ in range(count // threads):
            wait = quota.acquire("google")
            with lock:
                found.append(time.monotonic() + wait)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return sorted(found)


def assert_spaced(times: list[float], spacing: float) -> None:
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # Half a spacing of slack: a thread may be descheduled between reserving and reading the clock.
    assert min(gaps) >= spacing * 0.5, gaps
    assert times[-1] - times[0] >= spacing * (len(times) - 1) * 0.9


@override_settings(DIRECTORY_QUOTAS=QUOTAS, CELERY_BROKER_URL="")
def test_in_one_process_requests_are_spaced_by_the_quota(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    quota.reset()
    assert quota.acquire("google") == 0.0
    assert quota.acquire("google") == pytest.approx(0.1, abs=0.01)
    assert_spaced(slots(20), 0.1)


@override_settings(DIRECTORY_QUOTAS=QUOTAS, CELERY_BROKER_URL="")
def test_a_directory_without_quota_never_waits(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert [quota.acquire("facebook") for _ in range(5)] == [0.0] * 5
    assert quota.acquire("pagesjaunes") == 0.0


def redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def test_through_redis_workers_share_one_schedule():
    url = os.environ.get("CELERY_BROKER_URL", "")
    need(url.startswith("redis://") and redis_available(url), "no Redis broker configured (CELERY_BROKER_URL)")
    with override_settings(DIRECTORY_QUOTAS=QUOTAS, CELERY_BROKER_URL=url):
        quota._client = None
        quota.reset("google")
        assert quota.acquire("google") == pytest.approx(0.0, abs=0.01)
        assert quota.acquire("google") == pytest.approx(0.1, abs=0.02)
        assert_spaced(slots(20), 0.1)
        quota.reset("google")
