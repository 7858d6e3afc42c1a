"""Texts written now and read later (notifications, batch labels, rollback reasons), shown in the
reader's language, not the writer's.

What is stored is a message id of the catalogue and its parameters, as JSON in the text column;
it is translated when shown. A parameter is plain text (a store's name), a nested message
(`{"msgid": "Holiday hours"}`, translated too), a list of them (joined with commas), or a count
for a plural (`{"msgid": "%(n)s photo", "plural": "%(n)s photos", "n": 3}`). A column written
before this existed holds plain text, which is shown as it is.
"""

import json

from django.utils import translation
from django.utils.translation import gettext, pgettext

MARK = '{"msgid":'
MARKS = (MARK, '[{"msgid":')


def message(msgid: str, /, **params) -> dict:
    """A message to store, e.g. `message("%(store)s: %(fields)s", store=..., fields=[...])`."""
    return {"msgid": str(msgid), "params": params} if params else {"msgid": str(msgid)}


def from_lazy(label) -> dict | str:
    """The message behind a lazily translated label (`gettext_lazy`, `pgettext_lazy`)."""
    args = getattr(label, "_args", None)
    if not args:
        return str(label)
    if len(args) == 2:
        return {"msgid": str(args[1]), "context": str(args[0])}
    return {"msgid": str(args[0])}


def ngettext(singular: str, plural: str, n: int, /, **params) -> dict:
    """A message with a count to store (named like gettext's function, so makemessages finds it)."""
    return {"msgid": singular, "plural": plural, "n": n, "params": params}


def dumps(value: dict, limit: int) -> str:
    """The stored form of a message, within the column's size (long parameters are shortened)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= limit:
        return text
    params = {
        key: (param[: max(10, len(param) - (len(text) - limit) - 1)] + "…" if isinstance(param, str) else param)
        for key, param in value.get("params", {}).items()
    }
    text = json.dumps({**value, "params": params}, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= limit else gettext(value["msgid"])[:limit]


def as_param(text: str):
    """A stored text used as a parameter of another (e.g. "Undo: <the batch's label>")."""
    if isinstance(text, str) and text.startswith(MARKS):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def render(value) -> str:
    """A stored text in the active language."""
    if isinstance(value, str):
        if not value.startswith(MARKS):
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(render(item) for item in value)
    if not isinstance(value, dict) or "msgid" not in value:
        return "" if value is None else str(value)
    params = {key: render(param) for key, param in (value.get("params") or {}).items()}
    if "plural" in value:
        params["n"] = value["n"]
        template = translation.ngettext(value["msgid"], value["plural"], value["n"])
    elif value.get("context"):
        template = pgettext(value["context"], value["msgid"])
    else:
        template = gettext(value["msgid"])
    try:
        return template % params if params else template
    except (KeyError, ValueError, TypeError):
        return template
