import pytest

from tests.world import build_world


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def world(db):
    """Two brands; brand A has regions A1 (franchises F1, F3) and A2 (F2); one user per role."""
    return build_world()


# -- Every request sent to Google during the suite, checked against Google's descriptions ------
GOOGLE_REQUESTS: list[dict] = []


CONNECTOR_USER_AGENT = "franchise-platform/"


def _record_google(request: dict) -> None:
    """What the Google connector sends (tests that send wrong requests on purpose, with the
    official client or by hand, are left out by their user agent)."""
    if request["directory"] == "google" and request.get("user_agent", "").startswith(CONNECTOR_USER_AGENT):
        GOOGLE_REQUESTS.append(request)


def pytest_configure(config):
    from simulators import server

    server.mount("/ads", "budgets.adplatform.simulator")  # the ad platforms, where `make run` serves them
    server.RECORDERS.append(_record_google)


def pytest_sessionfinish(session, exitstatus):
    from tests.listings.conformance import problems

    found = [(r["method"], r["path"], p) for r in GOOGLE_REQUESTS for p in problems(r)]
    session.config._google_conformance = (len(GOOGLE_REQUESTS), found)
    if found and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    checked, found = getattr(config, "_google_conformance", (0, []))
    terminalreporter.write_line(
        f"Google conformance: {checked} requests sent to Google during the suite checked against the discovery "
        f"documents, {len(found)} problems"
    )
    for method, path, problem in found[:50]:
        terminalreporter.write_line(f"  {method} {path}: {problem}")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (pacing counters, throttles): ids of rolled-back rows
    come back on SQLite, and a counter of an earlier test must never apply to a later one."""
    from django.core.cache import cache

    cache.clear()
    yield
