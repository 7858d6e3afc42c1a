"""An in-memory directory implementing the connector interface, with injectable failures.

`FakeDirectories` holds the three directories; `factory` is what the sync engine takes.
Failures are rules: `fail("google", "update", kind="permanent", times=1, external_id=None)`,
kinds `permanent` (400), `retryable` (503, optional retry_after) and `lost` (the write is
applied, then the response is lost: a retryable error).
"""

import copy
import itertools
import threading
from dataclasses import dataclass

try:  # the real classes once the connectors are merged
    from listings.directories.base import DirectoryError, FieldError
except ImportError:  # pragma: no cover - before the merge
    from typing import NamedTuple

    class DirectoryError(Exception):
        def __init__(self, message, *, retryable, status=None, code="", field="", retry_after=None):
            super().__init__(message)
            self.retryable, self.status, self.code = retryable, status, code
            self.field, self.retry_after = field, retry_after

    class FieldError(NamedTuple):
        field: str
        code: str
        message: str


@dataclass
class Rule:
    directory: str
    method: str
    kind: str
    times: int
    external_id: str | None = None
    retry_after: float | None = None


class FakeDirectories:
    def __init__(self):
        self.listings: dict[str, dict[str, dict]] = {"google": {}, "facebook": {}, "pagesjaunes": {}}
        self.rules: list[Rule] = []
        self.calls: list[tuple[str, str, str]] = []
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def factory(self, key: str) -> "FakeConnector":
        return FakeConnector(self, key)

    def fail(self, directory, method, *, kind="permanent", times=1, external_id=None, retry_after=None):
        self.rules.append(Rule(directory, method, kind, times, external_id, retry_after))

    def add(self, directory: str, payload: dict, external_id: str | None = None) -> str:
        external_id = external_id or f"{directory[:2]}-{next(self.ids)}"
        self.listings[directory][external_id] = copy.deepcopy(payload)
        return external_id

    def shown(self, directory: str, external_id: str) -> dict:
        return self.listings[directory][external_id]

    def _rule(self, directory, method, external_id):
        with self.lock:
            for rule in self.rules:
                if (
                    rule.times > 0
                    and rule.directory == directory
                    and rule.method == method
                    and rule.external_id in (None, external_id)
                ):
                    rule.times -= 1
                    return rule
        return None


class FakeConnector:
    def __init__(self, directories: FakeDirectories, key: str):
        self.d, self.key = directories, key

    def _enter(self, method, external_id):
        self.d.calls.append((self.key, method, external_id))
        rule = self.d._rule(self.key, method, external_id)
        if rule and rule.kind == "permanent":
            raise DirectoryError("rejected by the fake", retryable=False, status=400, code="invalid")
        if rule and rule.kind == "retryable":
            raise DirectoryError("busy", retryable=True, status=429, retry_after=rule.retry_after)
        if external_id is not None and external_id not in self.d.listings[self.key]:
            raise DirectoryError("not found", retryable=False, status=404, code="not_found")
        return rule

    def get(self, external_id):
        self._enter("get", external_id)
        return copy.deepcopy(self.d.listings[self.key][external_id])

    def update(self, external_id, payload, fields):
        rule = self._enter("update", external_id)
        shown = self.d.listings[self.key][external_id]
        for field in fields:
            shown[field] = copy.deepcopy(payload[field])
        if rule and rule.kind == "lost":
            raise DirectoryError("response lost", retryable=True, status=None)
        return copy.deepcopy(shown)

    def validate(self, external_id, payload, fields):
        self._enter("validate", external_id)
        errors = []
        for entry in payload.get("special_hours", []) if "special_hours" in fields else []:
            if entry["date"] < "2000-01-01":
                errors.append(FieldError("special_hours", "invalid", "date too old"))
        return errors

    def create(self, payload):
        self._enter("create", None)
        return self.d.add(self.key, payload)
