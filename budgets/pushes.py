"""What we send the ad platforms: the pool's keyword list and today's paced budget."""

from datetime import date
from decimal import Decimal

from budgets import pacing
from budgets.models import Pool
from budgets.services import current_period


def pool_daily_budget(pool: Pool, day: date) -> Decimal:
    period = current_period(pool, day)
    return sum((row["daily_budget"] for row in pacing.plan_for_day(pool, period, day)), Decimal("0.00"))


def push_budget_and_keywords(*, pool: Pool, day: date, connector) -> Decimal:
    keywords = [{"text": k.text, "group": k.group} for k in pool.keywords.filter(is_active=True)]
    connector.push_keywords(campaign=pool.slug, keywords=keywords)
    amount = pool_daily_budget(pool, day)
    connector.push_budget(campaign=pool.slug, day=day, amount=amount, currency=pool.currency)
    return amount
