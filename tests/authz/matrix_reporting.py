"""Authorization rules of this app's API operations (see tests/authz/matrix.py)."""

from tests.authz.matrix import Case, expect, only

OPERATIONS: dict = {
    ("GET", "/api/v1/reports/performance/"): [
        # Everyone gets the report of their own node.
        Case(expect(200), label="own node"),
        # The brand level: only those who hold a role at the brand.
        Case(only(200, "franchisor marketing listings", 404), query="level=brand", label="brand level"),
        Case(only(200, "region", 404), query="level=region", label="region level"),
        Case(only(200, "franchisee franchisee2", 404), query="level=franchise", label="franchise level"),
        Case(expect(400), query="start=2026-02-31", label="bad date"),
    ],
}
