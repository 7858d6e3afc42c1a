import pytest

from tests.reporting.factories import KeywordFactory, PoolFactory


@pytest.fixture
def pool(world):
    return PoolFactory(brand=world.A, slug="alpha-pool")


@pytest.fixture
def keyword(pool):
    return KeywordFactory(pool=pool, text="assurance habitation")
