"""The connector interface every directory implements, and the HTTP plumbing they share.

Connectors speak HTTP with `requests` and map our canonical listing payload to each directory's
own format and back, following each directory's public API reference (named in each module).
They never retry or sleep: a transient failure (429, 5xx, timeout, connection lost) is a
`DirectoryError(retryable=True)` and the caller (the sync engine, a task) decides when to try again.
"""

import copy
import datetime
from typing import NamedTuple

import requests
from django.conf import settings

DIRECTORIES = ("google", "facebook", "pagesjaunes")
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
FIELDS = (
    "name",
    "address",
    "phone",
    "website",
    "categories",
    "description",
    "latitude",
    "longitude",
    "regular_hours",
    "special_hours",
    "photos",
)
DEFAULT_TIMEOUT = (3.05, 10.0)  # (connect, read) seconds


class DirectoryError(Exception):
    """A directory refused or failed a request. `retryable`: transient (5xx, timeout, 429, lost
    response), the caller may try again, after `retry_after` seconds when the directory said so.

    `code` is stable and names what happened (see `listings.directories.messages`, which turns a
    code and its `params` into a sentence in the reader's language); `message` is for logs."""

    def __init__(
        self,
        message,
        *,
        retryable: bool,
        status: int | None = None,
        code: str = "",
        field: str = "",
        retry_after: float | None = None,
        params: dict | None = None,
    ):
        super().__init__(message)
        self.message = str(message)
        self.retryable = retryable
        self.status = status
        self.code = code or ("unavailable" if retryable else "refused")
        self.field = field
        self.retry_after = retry_after
        self.params = dict(params or {})

    def __repr__(self) -> str:
        return f"DirectoryError({self.message!r}, retryable={self.retryable}, status={self.status}, code={self.code!r})"


class FieldError(NamedTuple):
    field: str
    code: str
    message: str


class ValidationFailed(DirectoryError):
    """The directory rejected the payload (400/422): not retryable; `errors` name the fields."""

    def __init__(self, errors: list[FieldError], *, status: int | None, code: str = "invalid", params=None):
        first = errors[0] if errors else FieldError("", "INVALID", "invalid request")
        fields = sorted({e.field for e in errors if e.field})
        super().__init__(
            "; ".join(f"{e.field}: {e.code} {e.message}" for e in errors) or "invalid request",
            retryable=False,
            status=status,
            code=code,
            field=first.field,
            params={"fields": fields, "detail": first.message[:200], **(params or {})},
        )
        self.errors = errors


def empty_payload() -> dict:
    return {
        "name": "",
        "address": {"street": "", "city": "", "postal_code": "", "region": "", "country": ""},
        "phone": "",
        "website": "",
        "categories": [],
        "description": "",
        "latitude": None,
        "longitude": None,
        "regular_hours": [],
        "special_hours": [],
        "photos": [],
    }


def coordinate(value) -> str | None:
    """Coordinates travel as strings with 6 decimals (what our DecimalField stores)."""
    if value is None or value == "":
        return None
    return f"{float(value):.6f}"


def normalise(payload: dict) -> dict:
    """Sort periods and dates as the contract says, so two payloads compare with ==."""
    result = dict(payload)
    day_order = {day: index for index, day in enumerate(DAYS)}
    result["regular_hours"] = sorted(
        (dict(p) for p in payload.get("regular_hours") or []), key=lambda p: (day_order[p["day"]], p["open"])
    )
    result["special_hours"] = sorted((dict(p) for p in payload.get("special_hours") or []), key=lambda p: p["date"])
    result["photos"] = sorted(
        (dict(p) for p in payload.get("photos") or []), key=lambda p: (p.get("category", ""), p.get("sha256", ""))
    )
    for key in ("latitude", "longitude"):
        if key in result:
            result[key] = coordinate(result[key])
    return result


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def retry_after_seconds(response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


# Where each API answers, under a root URL: the simulator's (which serves every API under the real
# service's host name as a path prefix). Issue 12 makes the real hosts the production default.
API_HOSTS = {
    "google_info": "mybusinessbusinessinformation.googleapis.com",
    "google_v4": "mybusiness.googleapis.com",
    "google_performance": "businessprofileperformance.googleapis.com",
    "facebook": "graph.facebook.com",
    "pagesjaunes": "pagesjaunes",
}


def api_url(root: str, api: str) -> str:
    return f"{root.rstrip('/')}/{API_HOSTS[api]}"


class DirectoryConnector:
    """Base of the three connectors: one `requests.Session`, timeouts, errors mapped once.

    `readable` are the canonical fields the directory shows, `writable` those its API lets us
    write; a field outside `writable` is "not supported by this directory" (never faked)."""

    key = ""
    readable: tuple = FIELDS
    writable: tuple = FIELDS

    def __init__(self, *, base_url: str | None = None, timeout=None, categories: dict | None = None):
        self.root = (base_url or settings.DIRECTORY_SIMULATOR_URL).rstrip("/")
        self.timeout = timeout or getattr(settings, "DIRECTORY_TIMEOUT", DEFAULT_TIMEOUT)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "franchise-platform/1.0"
        self.categories = dict(categories or {})

    def with_categories(self, categories: dict) -> "DirectoryConnector":
        """The same connector (and HTTP session) writing categories with this brand's ids:
        {our category name: the directory's category id}."""
        bound = copy.copy(self)
        bound.categories = dict(categories or {})
        return bound

    def category_ids(self, names) -> list[str]:
        missing = [name for name in names if not self.categories.get(name)]
        if missing:
            raise ValidationFailed(
                [FieldError("categories", "category_not_mapped", missing[0])],
                status=None,
                code="category_not_mapped",
                params={"category": missing[0], "directory": self.key},
            )
        return [self.categories[name] for name in names]

    def category_names(self, ids_and_labels) -> list[str]:
        """Our names of the directory's categories [(id, label)]; an id we do not map keeps the
        directory's label, so it shows as a difference rather than vanish."""
        reverse = {value: name for name, value in self.categories.items()}
        return [reverse.get(str(cid), label or str(cid)) for cid, label in ids_and_labels]

    def unsupported(self, fields) -> list[str]:
        return [field for field in fields if field not in self.writable]

    # -- HTTP ---------------------------------------------------------------------------------
    def url(self, api: str, path: str) -> str:
        return f"{api_url(self.root, api)}{path}"

    def request(self, method: str, url: str, *, params=None, json=None, data=None, expect_json: bool = True):
        try:
            response = self.session.request(method, url, params=params, json=json, data=data, timeout=self.timeout)
        except requests.Timeout as error:
            raise DirectoryError(f"{self.key}: timed out", retryable=True, code="timeout") from error
        except requests.ConnectionError as error:
            # A dropped connection may have been applied on the directory (lost response).
            raise DirectoryError(f"{self.key}: connection lost", retryable=True, code="connection_lost") from error
        if response.status_code >= 400:
            self.raise_for(response)
        if not expect_json or response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError as error:
            raise DirectoryError(
                f"{self.key}: unreadable answer", retryable=True, status=response.status_code, code="unreadable"
            ) from error

    def raise_for(self, response) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        message, _native = self.error_message(body)
        if status == 429:
            raise DirectoryError(
                f"{self.key}: rate limited",
                retryable=True,
                status=status,
                code="rate_limited",
                retry_after=retry_after_seconds(response),
            )
        if status >= 500 or status == 408:
            raise DirectoryError(
                f"{self.key}: server error {status}: {message}",
                retryable=True,
                status=status,
                code="unavailable",
                retry_after=retry_after_seconds(response),
            )
        errors = self.field_errors(body)
        if errors and status in (400, 422):
            raise ValidationFailed(errors, status=status)
        code = {401: "permission_denied", 403: "permission_denied", 404: "not_found"}.get(status, "refused")
        raise DirectoryError(
            f"{self.key}: {message or f'HTTP {status}'}",
            retryable=False,
            status=status,
            code=code,
            params={"detail": message[:200]},
        )

    def field_errors(self, body: dict) -> list[FieldError]:
        """The directory's validation errors in its own error format, as our FieldErrors."""
        return []

    def error_message(self, body: dict) -> tuple[str, str]:
        return "", ""

    # -- The interface ------------------------------------------------------------------------
    def get(self, external_id: str, fields=None) -> dict:
        """What the directory shows in `fields` (default: every readable field), canonical."""
        raise NotImplementedError

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        """Write `fields` of the payload; the directory's answer to the write, canonical, for
        those fields (the check that it took them)."""
        raise NotImplementedError

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        raise NotImplementedError

    def create(self, payload: dict) -> str:
        raise NotImplementedError

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        raise NotImplementedError

    def reviews(self, external_id: str) -> list[dict]:
        raise NotImplementedError

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        raise NotImplementedError

    def daily_stats(self, external_id: str, day: datetime.date) -> dict:
        raise NotImplementedError


def mapped(function, payload: dict, fields, *args):
    """A mapping of our payload to a directory's format; a malformed payload (a time like "9h",
    a missing key) is a ValidationFailed naming the field, never a crash."""
    try:
        return function(payload, fields, *args)
    except ValidationFailed:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        field = next(
            (f for f in fields if f in ("regular_hours", "special_hours", "photos")), fields[0] if fields else ""
        )
        raise ValidationFailed([FieldError(field, "INVALID_FORMAT", f"cannot read {error!s}")], status=None) from error


def check_fields(fields) -> list[str]:
    unknown = [field for field in fields if field not in FIELDS]
    if unknown:
        raise ValueError(f"unknown listing fields: {unknown}")
    return list(fields)


def with_coupled(fields) -> list[str]:
    """A position is one value on every directory: latitude and longitude travel together."""
    fields = list(fields)
    if ("latitude" in fields) != ("longitude" in fields):
        fields.append("longitude" if "latitude" in fields else "latitude")
    return fields


def only(payload: dict, fields) -> dict:
    return {field: payload[field] for field in fields if field in payload}


def get_connector(
    key: str, *, base_url: str | None = None, timeout=None, categories: dict | None = None
) -> DirectoryConnector:
    from listings.directories.facebook import FacebookConnector
    from listings.directories.google import GoogleConnector
    from listings.directories.pagesjaunes import PagesJaunesConnector

    classes = {"google": GoogleConnector, "facebook": FacebookConnector, "pagesjaunes": PagesJaunesConnector}
    if key not in classes:
        raise ValueError(f"unknown directory {key!r}")
    return classes[key](base_url=base_url, timeout=timeout, categories=categories)
