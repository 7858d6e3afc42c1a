"""Every API operation x every role x objects in and out of scope: the expected status."""

import pytest
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

from tests.authz.matrix import collect
from tests.world import ROLES, build_world, client_for

OPERATIONS = collect()
CASES = [
    pytest.param(method, path, case, id=f"{method} {path} {case.target or ''} {case.label}".strip())
    for (method, path), cases in sorted(OPERATIONS.items())
    for case in cases
]


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_api_operation_has_an_entry_in_the_matrix():
    missing = schema_operations() - OPERATIONS.keys()
    stale = OPERATIONS.keys() - schema_operations()
    assert not missing, f"operations without authorization rules: {sorted(missing)}"
    assert not stale, f"matrix entries for operations that no longer exist: {sorted(stale)}"


def test_every_role_is_covered_by_every_case():
    for (method, path), cases in OPERATIONS.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), (method, path, case.label)


def _request(client, method, url, body):
    return (
        getattr(client, method.lower())(url, data=body, format="json")
        if body is not None
        else getattr(client, method.lower())(url)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "case"), CASES)
def test_authorization_matrix(method, path, case):
    world = build_world()
    url = path
    if case.target:
        url = path.replace("{id}", str(getattr(world, case.target).pk))
    if method == "GET" and "{id}" not in path:
        url += "?page_size=200" + (f"&{case.query}" if case.query else "")
    statuses, seen = {}, {}
    for role in ROLES:
        with transaction.atomic():
            response = _request(client_for(world, role), method, url, case.body(world) if case.body else None)
            statuses[role] = response.status_code
            if case.visible and response.status_code == 200 and role in case.visible:
                seen[role] = {row["id"] for row in response.json()["results"]}
            transaction.set_rollback(True)
    assert statuses == case.expect
    among = {getattr(world, name).pk for name in case.among}
    for role, names in case.visible.items():
        assert seen[role] & among == {getattr(world, name).pk for name in names}, f"{role} sees the wrong rows"
