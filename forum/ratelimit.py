"""Rate limits on posting, counted in the cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from franchise_platform.errors import DomainError

# (how many, per seconds); settings may override FORUM_RATE_LIMITS.
DEFAULT_LIMITS = {"post": [(6, 60), (60, 3600)], "message": [(20, 60)], "report": [(10, 3600)]}


class RateLimited(DomainError):
    pass


def _key(user, action: str, window: int) -> str:
    # date_joined makes the key unique even when a test database reuses primary keys.
    joined = int(user.date_joined.timestamp() * 1_000_000) if getattr(user, "date_joined", None) else 0
    return f"fp:rate:{action}:{user.pk}:{joined}:{window}"


def hit(user, action: str) -> None:
    """Count one `action` of `user`; refuse it past any of the limits."""
    limits = getattr(settings, "FORUM_RATE_LIMITS", DEFAULT_LIMITS).get(action, [])
    for count, window in limits:
        key = _key(user, action, window)
        cache.add(key, 0, timeout=window)
        try:
            value = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            value = 1
        if value > count:
            raise RateLimited(_("You are posting too fast; wait a moment and try again."), code="rate_limited")
