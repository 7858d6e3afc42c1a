"""Authorization rules of this app's API operations (see tests/authz/matrix.py)."""

OPERATIONS: dict = {}
