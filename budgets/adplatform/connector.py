"""The HTTP connector used with the project's ad-platform simulator (same shape as a real one)."""

from datetime import date
from decimal import Decimal

import requests
from django.conf import settings

from budgets.adplatform.base import AdPlatformError

TIMEOUT = 10


class HttpAdPlatformConnector:
    def __init__(self, base_url: str, source: str = "google"):
        self.base_url = base_url.rstrip("/")
        self.source = source
        self.session = requests.Session()

    def _call(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, f"{self.base_url}{path}", timeout=TIMEOUT, **kwargs)
        except requests.RequestException as error:
            raise AdPlatformError(f"ad platform unreachable: {error}") from error
        if response.status_code >= 400:
            raise AdPlatformError(f"ad platform answered {response.status_code}: {response.text[:200]}")
        return response

    def push_keywords(self, *, campaign: str, keywords: list[dict]) -> None:
        self._call("PUT", f"/api/{self.source}/campaigns/{campaign}/keywords", json={"keywords": keywords})

    def push_budget(self, *, campaign: str, day: date, amount: Decimal, currency: str) -> None:
        self._call(
            "PUT",
            f"/api/{self.source}/campaigns/{campaign}/budgets/{day.isoformat()}",
            json={"amount": str(amount), "currency": currency},
        )

    def fetch_report(self, *, campaign: str, day: date) -> str:
        return self._call("GET", f"/api/{self.source}/campaigns/{campaign}/reports/{day.isoformat()}.csv").text


def get_connector(source: str = "google") -> HttpAdPlatformConnector:
    return HttpAdPlatformConnector(settings.ADPLATFORM_URL, source)
