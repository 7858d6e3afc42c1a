"""Money validation in one place: what an amount, a count or a day may be before it is stored.

Every bound comes from what the columns hold or from a rule of the business, and each refusal
is a `DomainError` (a 400 with a clear message), never a database error:

- an amount has two decimals and fits its column: at most 9,999,999,999.99 (`max_digits=12`);
  a ledger balance at most 999,999,999,999.99 (`max_digits=14`), checked by every posting;
- a count (impressions, clicks) fits a positive integer column: at most 2,147,483,647;
- a day of imported costs is between 2000-01-01 and tomorrow (time zones ahead of UTC);
- a pledge (accepted or changed) and a round's suggested amount are at most `PLEDGE_CEILING`;
  a franchisor top-up at most `TOP_UP_CEILING`.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.money import cents
from franchise_platform.errors import DomainError
from franchise_platform.formats import money

MAX_AMOUNT = Decimal("9999999999.99")
MAX_BALANCE = Decimal("999999999999.99")
MAX_COUNT = 2_147_483_647
PLEDGE_CEILING = Decimal("1000000.00")
TOP_UP_CEILING = Decimal("10000000.00")
EARLIEST_DAY = date(2000, 1, 1)


def latest_cost_day(today: date | None = None) -> date:
    return (today or timezone.now().date()) + timedelta(days=1)


def amount_problem(
    value, *, ceiling: Decimal = MAX_AMOUNT, allow_zero: bool = False, currency: str = "CAD"
) -> str | None:
    """Why `value` is not an acceptable amount (None: it is)."""
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return _("enter an amount such as 12.34")
    if not value.is_finite():
        return _("enter an amount such as 12.34")
    if value < 0 or (value == 0 and not allow_zero):
        return _("the amount must be positive")
    if value > ceiling:
        return _("the amount may not exceed %(ceiling)s") % {"ceiling": money(ceiling, currency)}
    if value != cents(value):
        return _("the amount has at most two decimals")
    return None


def amount(value, *, ceiling: Decimal = MAX_AMOUNT, currency: str = "CAD", allow_zero: bool = False) -> Decimal:
    """A positive amount to the cent within `ceiling`, or a DomainError saying why not."""
    problem = amount_problem(value, ceiling=ceiling, allow_zero=allow_zero, currency=currency)
    if problem is not None:
        code = "amount_too_large" if _exceeds(value, ceiling) else "bad_amount"
        raise DomainError(_("Invalid amount: %(problem)s.") % {"problem": problem}, code=code)
    return cents(value)


def _exceeds(value, ceiling: Decimal) -> bool:
    try:
        value = Decimal(value)
        return value.is_finite() and value > ceiling
    except (InvalidOperation, TypeError, ValueError):
        return False


def count_problem(value) -> str | None:
    if not isinstance(value, int) or value < 0:
        return _("a count must be a whole number, zero or more")
    if value > MAX_COUNT:
        return _("a count may not exceed %(ceiling)s") % {"ceiling": f"{MAX_COUNT:,}".replace(",", "\u202f")}
    return None


def cost_day_problem(day: date, today: date | None = None) -> str | None:
    latest = latest_cost_day(today)
    if day < EARLIEST_DAY or day > latest:
        return _("the day must be between %(first)s and %(last)s") % {
            "first": EARLIEST_DAY.isoformat(),
            "last": latest.isoformat(),
        }
    return None


def balance_fits(balance: Decimal) -> bool:
    return -MAX_BALANCE <= balance <= MAX_BALANCE


def pledge_amount(value, currency: str = "CAD") -> Decimal:
    """An amount a franchise pledges (accepting the suggestion or changing it)."""
    return amount(value, ceiling=PLEDGE_CEILING, currency=currency)


def top_up_amount(value, currency: str = "CAD") -> Decimal:
    return amount(value, ceiling=TOP_UP_CEILING, currency=currency)
