"""Today's paced clicks per franchise, counted in the shared cache so every web process sees them.

A franchise's daily click cap (budgets/pacing.py) must hold whatever the number of web
processes: each click the router gives a franchise is counted with one atomic increment of a
counter kept in the cache (Redis with `REDIS_URL`; the in-process cache otherwise, which is
shared by the one web process of `make run`). The router gives the click only if the count it
gets back is within the cap; otherwise it takes its increment back and chooses another
franchise. Process memory only keeps what the router last learned, to skip franchises it knows
to be full.

A franchise whose spendable balance reaches zero is *stopped*: its counter is raised by `STOP`
as soon as the posting that emptied it commits, so no process gives it another click, without
waiting for the routing tables to be rebuilt. Money coming back lowers it again.

When the cache cannot be reached the router counts in its own memory (the visitor always gets a
page) and logs it.
"""

import logging
from datetime import date

from django.core.cache import cache

logger = logging.getLogger(__name__)

STOP = 1_000_000_000
TTL = 2 * 24 * 3600


def key(pool_id: int, day: date, franchise_id: int) -> str:
    return f"budgets:pace:{pool_id}:{day.isoformat()}:{franchise_id}"


def seed(pool_id: int, day: date, stored: dict[int, int], spendable: dict[int, bool]) -> dict[int, int] | None:
    """Make sure each franchise of the table has today's counter (from the stored clicks when
    it has none: another process may already count clicks not written yet), lift the stop of a
    franchise that has money again, and answer the counts (None: the cache is unavailable)."""
    try:
        keys = {fid: key(pool_id, day, fid) for fid in spendable}
        current = cache.get_many(list(keys.values()))
        counts = {}
        for fid, name in keys.items():
            value = current.get(name)
            if value is None:
                start = stored.get(fid, 0) + (0 if spendable[fid] else STOP)
                cache.add(name, start, TTL)
                value = cache.get(name, start)
            elif value >= STOP and spendable[fid]:
                value = cache.decr(name, STOP)
            counts[fid] = int(value)
        return counts
    except Exception:  # the cache is away: the router counts in its own memory meanwhile
        logger.warning("pacing counters unavailable for pool %s", pool_id, exc_info=True)
        return None


def take(pool_id: int, day: date, franchise_id: int) -> int | None:
    """Count one click for the franchise; the count with it (None: the cache is unavailable)."""
    name = key(pool_id, day, franchise_id)
    try:
        try:
            return cache.incr(name)
        except ValueError:  # no counter yet (evicted, or a new day)
            cache.add(name, 0, TTL)
            return cache.incr(name)
    except Exception:
        logger.warning("pacing counter unavailable for pool %s", pool_id, exc_info=True)
        return None


def give_back(pool_id: int, day: date, franchise_id: int) -> None:
    """Undo a `take` whose count was over the cap (the click went to someone else)."""
    try:
        cache.decr(key(pool_id, day, franchise_id))
    except Exception:
        logger.warning("pacing counter unavailable for pool %s", pool_id, exc_info=True)


def set_stopped(pool_id: int, day: date, stopped: dict[int, bool]) -> None:
    """Stop (True) or resume (False) franchises at once, in every process."""
    try:
        keys = {fid: key(pool_id, day, fid) for fid in stopped}
        current = cache.get_many(list(keys.values()))
        for fid, name in keys.items():
            value = current.get(name)
            if stopped[fid]:
                if value is None:
                    cache.add(name, STOP, TTL)
                    value = cache.get(name, STOP)
                if value < STOP:
                    cache.incr(name, STOP)
            elif value is not None and value >= STOP:
                cache.decr(name, STOP)
    except Exception:
        logger.warning("pacing counters unavailable for pool %s", pool_id, exc_info=True)


def follow_balances(pool, franchise_ids) -> None:
    """After a posting commits: stop the franchises it left with nothing to spend today, resume
    those it gave money back to."""
    from django.utils import timezone

    from budgets import ledger

    day = timezone.now().date()
    spendable = ledger.spendable_balances(pool, day, franchise_ids)
    set_stopped(pool.pk, day, {fid: amount <= 0 for fid, amount in spendable.items()})
