import pytest

from tests.reporting.factories import KeywordFactory, PoolFactory


@pytest.fixture
def pool(world):
    return PoolFactory(brand=world.A, slug="reports-alpha-pool")


@pytest.fixture
def keyword(pool):
    return KeywordFactory(pool=pool, text="assurance habitation")


@pytest.fixture
def world(db):
    """The shared world, without the source rows other apps' fixtures put in it: the reports'
    tests make every click, cost, lead, statistic and conversation they count."""
    from budgets.models import Click, DailyCharge, KeywordDailyCost, Lead
    from listings.models import ListingDailyStats
    from tests.world import build_world

    w = build_world()
    from messaging.models import Conversation

    for model in (Lead, Click, ListingDailyStats, Conversation):
        model.objects.all().delete()
    for model in (DailyCharge, KeywordDailyCost):  # money history: only a day's re-import replaces it
        model.objects.all().supersede()
    return w
