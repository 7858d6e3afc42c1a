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
