"""Where the current request comes from, for code that has no request at hand (the audit log).

`security.middleware.RequestSourceMiddleware` fills it for each request; Celery tasks and
commands leave it empty. Only the anonymised address is kept, never the raw one.
"""

from contextvars import ContextVar

_source: ContextVar[dict | None] = ContextVar("request_source", default=None)


def current_source() -> dict | None:
    """{'address': '203.0.113.0', 'user_agent': '...'} for the request being served, else None."""
    return _source.get()


def set_source(source: dict | None):
    return _source.set(source)


def reset_source(token) -> None:
    _source.reset(token)
