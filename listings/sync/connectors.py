"""How the sync engine reaches the directories: the connector factory, quotas and retries.

Connectors come from `listings.directories.base.get_connector` (imported lazily, so the engine
does not depend on them at import time), one per directory and directory URL in each process.
"""

import logging
import random
import threading
import time
from collections.abc import Callable

from django.conf import settings

_cache: dict = {}
_cache_lock = threading.Lock()
_quota_lock = threading.Lock()
logger = logging.getLogger(__name__)


def default_factory(key: str):
    """One connector (one HTTP session) per directory and process."""
    from listings.directories.base import get_connector

    cache_key = (key, settings.DIRECTORY_SIMULATOR_URL)
    with _cache_lock:
        if cache_key not in _cache:
            _cache[cache_key] = get_connector(key)
        return _cache[cache_key]


def current_factory() -> Callable:
    return default_factory


def wait_for_quota(key: str) -> float:
    """Respect the directory's requests-per-minute quota shared by all workers."""
    try:
        from listings.directories.quota import acquire
    except ImportError:
        return 0.0
    try:
        delay = acquire(key) or 0.0
    except Exception:
        logger.warning("quota guard failed for %s", key, exc_info=True)
        with _quota_lock:  # e.g. a lazily built client racing between threads: try again serialised
            try:
                delay = acquire(key) or 0.0
            except Exception:
                delay = 0.0
    if delay > 0:
        time.sleep(delay)
    return delay


def is_retryable(error: Exception) -> bool:
    """DirectoryError says itself; anything else unexpected (a bug, a broken socket) is worth
    another try, bounded by the attempts."""
    return bool(getattr(error, "retryable", True))


def backoff(attempt: int, retry_after: float | None) -> float:
    """Seconds before the next attempt: the directory's Retry-After when it gives one,
    otherwise exponential backoff with full jitter."""
    if retry_after is not None:
        return min(float(retry_after), settings.LISTINGS_SYNC_MAX_DELAY)
    cap = min(settings.LISTINGS_SYNC_MAX_DELAY, settings.LISTINGS_SYNC_BASE_DELAY * (2**attempt))
    return random.uniform(cap / 2, cap)  # noqa: S311 - jitter, not secrecy


class Caller:
    """Calls one directory with retries; counts the requests it sent."""

    def __init__(self, key: str, connector):
        self.key, self.connector, self.requests = key, connector, 0

    def __call__(self, method: str, *args, retry_permanent: int = 0):
        attempts = settings.LISTINGS_SYNC_ATTEMPTS
        permanent_left = retry_permanent
        attempt = 0
        while True:
            wait_for_quota(self.key)
            self.requests += 1
            try:
                return getattr(self.connector, method)(*args)
            except Exception as error:
                attempt += 1
                retryable = is_retryable(error)
                if not retryable:
                    if permanent_left <= 0:
                        raise
                    permanent_left -= 1
                if attempt >= attempts:
                    raise
                time.sleep(backoff(attempt, getattr(error, "retry_after", None)))
