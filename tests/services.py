"""Tests that need a real service run in CI (REQUIRE_SERVICES=1) and fail there if it is missing;
on a newcomer's machine without the service they skip with the reason shown."""

import os

import pytest


def need(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)
