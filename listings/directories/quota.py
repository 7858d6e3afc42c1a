"""Client-side quota guard: pace requests so a directory's requests-per-minute quota holds
across every worker.

`acquire(key)` reserves the next request slot and returns how many seconds to wait before
sending (0.0 when a slot is free now). Slots are spaced 60/quota seconds apart (a generic cell
rate algorithm without burst), so no sliding or fixed minute ever sees more than the quota. The
schedule lives in Redis when the broker (or REDIS_URL) is Redis, so all workers share it; in one
process otherwise.
"""

import threading
import time

from django.conf import settings

MARGIN = 1.001  # spacing slightly above 60/quota so clock rounding never makes quota + 1
KEY = "fp:directory-quota:{}"
_RESERVE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.6f', tat + interval), 'PX', math.ceil((tat + interval - now) * 1000) + 1000)
return string.format('%.6f', tat - now)
"""

_local_lock = threading.Lock()
_local_next: dict[str, float] = {}
_client = None
_script = None


def redis_url() -> str | None:
    for url in (getattr(settings, "REDIS_URL", None), settings.CELERY_BROKER_URL):
        if url and str(url).startswith(("redis://", "rediss://")):
            return str(url)
    import os

    url = os.environ.get("REDIS_URL", "")
    return url if url.startswith(("redis://", "rediss://")) else None


def interval(key: str) -> float:
    per_minute = settings.DIRECTORY_QUOTAS.get(key)
    return 60.0 / per_minute * MARGIN if per_minute else 0.0


def _redis():
    """The reservation script, made once per process; the lock keeps a thread from seeing the
    client before its script exists."""
    global _client, _script
    if _script is None:
        with _local_lock:
            if _script is None:
                import redis

                client = redis.Redis.from_url(redis_url(), socket_timeout=2)
                _script = client.register_script(_RESERVE)
                _client = client
    return _script


def acquire(key: str) -> float:
    """Reserve the next request slot on directory `key`: seconds to wait before sending it."""
    spacing = interval(key)
    if not spacing:
        return 0.0
    if redis_url():
        return max(0.0, float(_redis()(keys=[KEY.format(key)], args=[f"{spacing:.6f}"])))
    with _local_lock:
        now = time.monotonic()
        slot = max(_local_next.get(key, 0.0), now)
        _local_next[key] = slot + spacing
        return slot - now


def reset(key: str | None = None) -> None:
    """Forget reservations (tests, or after changing a quota)."""
    keys = [key] if key else list(settings.DIRECTORY_QUOTAS)
    with _local_lock:
        for name in keys:
            _local_next.pop(name, None)
    if redis_url():
        import redis

        redis.Redis.from_url(redis_url(), socket_timeout=2).delete(*[KEY.format(name) for name in keys])


def wait(key: str) -> None:
    """Block until a request may be sent (for tasks that pace themselves)."""
    delay = acquire(key)
    if delay:
        time.sleep(delay)
