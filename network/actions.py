"""What waits for a user: the action list of the home page.

Every app registers the sources it knows (AppConfig.ready), like the navigation: a source takes
the user and the time and returns at most `LIMIT` actions of one kind from one query, already
scoped to what the user may act on, each with the link where it is done. The home page merges
them newest first; the number of queries depends on the number of sources, never on the data.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Window
from django.utils import timezone

LIMIT = 8


@dataclass(frozen=True)
class Action:
    kind: str  # a short key for styling and tests: approval, sync, drift, review, pledge, lead, goal, question
    label: str  # the kind in the reader's words ("Approval")
    title: str
    url: str
    when: datetime.datetime
    detail: str = ""


@dataclass(frozen=True)
class More:
    """More actions of one kind than the home page lists: a link to all of them."""

    kind: str
    label: str
    count: int
    url: str


Source = Callable[..., list]
_sources: list[tuple[str, Source]] = []


def register(name: str, source: Source) -> None:
    if all(existing != name for existing, _source in _sources):
        _sources.append((name, source))


def take(queryset, limit: int = LIMIT):
    """The first `limit` rows and how many there are in all, in one query (a window count)."""
    rows = list(queryset.annotate(_action_total=Window(Count("pk")))[:limit])
    return rows, (rows[0]._action_total if rows else 0)


def actions_for(user, *, now: datetime.datetime | None = None) -> tuple[list[Action], list[More]]:
    if not user.is_authenticated:
        return [], []
    now = now or timezone.now()
    actions, more = [], []
    for _name, source in _sources:
        for item in source(user, now):
            (more if isinstance(item, More) else actions).append(item)
    actions.sort(key=lambda action: action.when, reverse=True)
    return actions, more
