"""The authorization matrix: for every API operation, every role, objects in and out of scope.

Each app lists its operations in `tests/authz/matrix_<app>.py` as `OPERATIONS`, a mapping of
(method, schema path) to cases. `test_matrix.py` fails when the OpenAPI schema has an operation
that no module lists, so a new endpoint cannot ship without its rules.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.world import ROLES


@dataclass(frozen=True)
class Case:
    expect: dict[str, int]
    target: str | None = None  # world attribute whose pk fills {id}
    body: Callable | None = None  # world -> request body
    visible: dict[str, set[str]] = field(default_factory=dict)  # list: role -> world names in the results
    among: frozenset[str] = frozenset()  # list: the world names of that kind, in and out of scope
    query: str = ""
    label: str = ""


def expect(default: int, anon: int = 401, **overrides: int) -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, default)
    statuses["anon"] = anon
    statuses.update(overrides)
    return statuses


def only(statuses_in: int, roles: str, otherwise: int, anon: int = 401, **overrides: int) -> dict[str, int]:
    """`roles` (space-separated) get `statuses_in`, the other signed-in roles `otherwise`."""
    result = expect(otherwise, anon=anon, **overrides)
    for role in roles.split():
        result[role] = statuses_in
    return result


def collect() -> dict[tuple[str, str], list[Case]]:
    from tests.authz import (
        matrix_budgets,
        matrix_forum,
        matrix_listings,
        matrix_listings_directories,
        matrix_messaging,
        matrix_network,
        matrix_privacy,
        matrix_reporting,
    )

    operations: dict[tuple[str, str], list[Case]] = {}
    for module in (
        matrix_network,
        matrix_budgets,
        matrix_listings,
        matrix_listings_directories,
        matrix_reporting,
        matrix_forum,
        matrix_messaging,
        matrix_privacy,
    ):
        overlap = operations.keys() & module.OPERATIONS.keys()
        assert not overlap, f"operations listed twice: {overlap}"
        operations.update(module.OPERATIONS)
    return operations
