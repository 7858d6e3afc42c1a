"""The interface every ad platform connector offers; the rest of the app only sees this."""

from datetime import date
from decimal import Decimal
from typing import Protocol


class AdPlatformError(Exception):
    """The ad platform could not be reached or refused a request."""


class AdPlatformConnector(Protocol):
    source: str  # "google" or "microsoft": how its reports are read and stored

    def push_keywords(self, *, campaign: str, keywords: list[dict]) -> None:
        """Replace the campaign's keyword list ({text, group})."""

    def push_budget(self, *, campaign: str, day: date, amount: Decimal, currency: str) -> None:
        """Set the campaign's budget for one day (the paced total of the pool)."""

    def fetch_report(self, *, campaign: str, day: date) -> str:
        """The day's keyword performance report, as the platform's CSV export."""
