"""What a directory problem means for a user, in the reader's language.

Connectors and the sync engine store a stable code and its parameters (never a sentence); the
pages, the API and the notifications call `describe` when they show it, so a French reader
reads French whatever the language of whoever started the sync. Each message says what happened
and what to do."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "address": gettext_lazy("address"),
    "phone": gettext_lazy("phone"),
    "website": gettext_lazy("website"),
    "categories": gettext_lazy("categories"),
    "description": gettext_lazy("description"),
    "latitude": gettext_lazy("position"),
    "longitude": gettext_lazy("position"),
    "regular_hours": gettext_lazy("opening hours"),
    "special_hours": gettext_lazy("holiday hours"),
    "photos": gettext_lazy("photos"),
}
DIRECTORY_NAMES = {"google": "Google", "facebook": "Facebook", "pagesjaunes": "Pages Jaunes"}


def field_list(fields) -> str:
    labels = []
    for field in fields or []:
        label = str(FIELD_LABELS.get(field, field))
        if label not in labels:
            labels.append(label)
    return ", ".join(labels) or _("data")


def describe(code: str, params: dict | None = None, directory: str = "") -> str:
    """The sentence of a problem code (an unknown code is an old stored text: shown as it is)."""
    params = params or {}
    values = {
        "directory": DIRECTORY_NAMES.get(directory or params.get("directory", ""), directory) or _("The directory"),
        "fields": field_list(params.get("fields")),
        "detail": params.get("detail", ""),
        "category": params.get("category", ""),
    }
    messages = {
        "timeout": _("%(directory)s did not answer in time. Retry in a few minutes."),
        "connection_lost": _(
            "The connection to %(directory)s was lost before it answered. Retry the store: nothing is written twice."
        ),
        "rate_limited": _("%(directory)s's request quota is used up for now. Retry in a few minutes."),
        "unavailable": _("%(directory)s is temporarily unavailable. Retry in a few minutes."),
        "unreadable": _(
            "%(directory)s sent an answer we could not read. Retry later; if it persists, contact support."
        ),
        "not_found": _("%(directory)s no longer has this listing. Link the store to its listing again."),
        "permission_denied": _(
            "%(directory)s refused access to this listing. Reconnect the account that manages it, then retry."
        ),
        "invalid": _("%(directory)s refused the %(fields)s (%(detail)s). Correct the store's data, then retry."),
        "category_not_mapped": _(
            "The category “%(category)s” has no %(directory)s id. Add it to the category lookup, then retry."
        ),
        "refused": _("%(directory)s refused the change (%(detail)s). Check the store's data, then retry."),
        "not_supported": _("%(directory)s: %(fields)s not supported by this directory (not sent)."),
        "mismatch": _(
            "%(directory)s shows other values than we sent for the %(fields)s. Retry; if it persists, check the "
            "listing on %(directory)s."
        ),
        "restore_mismatch": _(
            "%(directory)s did not take back the previous %(fields)s. Check the listing on %(directory)s and "
            "correct it there."
        ),
        "unexpected": _("An unexpected error occurred with %(directory)s. Retry; if it persists, contact support."),
        "superseded": _("A newer change was published first."),
        "batch_failed": _("Another store of this all-or-nothing batch failed: every directory was put back."),
        "directory_failed": _("A directory refused the change: every directory was put back as it was."),
        "restore_failed": _("A directory refused the change and could not be put back: check the listings below."),
    }
    if code == "not_supported" and params.get("action") == "create":
        return _("%(directory)s does not let us create listings: create it there, then link the store.") % values
    template = messages.get(code)
    return template % values if template else str(code)


def describe_all(problems) -> list[str]:
    return [describe(p.get("code", ""), p.get("params"), p.get("directory", "")) for p in problems or []]
