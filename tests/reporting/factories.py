"""Source rows the reports read (budgets and listings records), created directly."""

import datetime
from decimal import Decimal

import factory

from budgets.models import Click, DailyCharge, Keyword, KeywordDailyCost, Lead, Pool
from listings.models import ListingDailyStats
from tests.factories import BrandFactory


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


class PoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pool

    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Pool {n}")
    slug = factory.Sequence(lambda n: f"pool-{n}")


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keyword

    pool = factory.SubFactory(PoolFactory)
    text = factory.Sequence(lambda n: f"assurance auto {n}")


class ClickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Click

    keyword = factory.SubFactory(KeywordFactory)
    pool = factory.LazyAttribute(lambda o: o.keyword.pool)
    keyword_text = factory.LazyAttribute(lambda o: o.keyword.text)


class DailyCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeywordDailyCost

    keyword = factory.SubFactory(KeywordFactory)
    pool = factory.LazyAttribute(lambda o: o.keyword.pool)
    day = datetime.date(2026, 11, 1)


class DailyChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyCharge

    keyword = factory.SubFactory(KeywordFactory)
    pool = factory.LazyAttribute(lambda o: o.keyword.pool)
    day = datetime.date(2026, 11, 1)
    impressions = 100
    clicks = 5
    amount = Decimal("12.50")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    brand = factory.LazyAttribute(lambda o: o.franchise.brand)
    name = factory.Sequence(lambda n: f"Prospect {n}")


class ListingStatsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListingDailyStats

    directory = "google"
    day = datetime.date(2026, 11, 1)
    views = 100
    calls = 3
    direction_requests = 4
    website_clicks = 5
    review_count = 20
    rating = Decimal("4.50")
