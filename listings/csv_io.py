"""CSV import and export of every listing: errors reported per row, all-or-nothing import."""

import csv
import io
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from listings import permissions
from listings.models import RevisionKind
from listings.payload import diff
from listings.services import _commit_change, current_payload, ensure_listings
from listings.validation import clean_listing_data

CSV_COLUMNS = [
    "location_id",
    "name",
    "street",
    "city",
    "postal_code",
    "region",
    "country",
    "phone",
    "website",
    "categories",
    "description",
    "latitude",
    "longitude",
    "regular_hours",
    "special_hours",
    "franchise",  # the franchise's slug; with an empty location_id, the row adds a new store
]
PERIOD_RE = re.compile(r"^(?P<day>[A-Za-z]+)\s+(?P<open>\S+)-(?P<close>\S+)$")
SPECIAL_RE = re.compile(r"^(?P<date>\S+)\s+(?:(?P<closed>closed|fermé)|(?P<open>\S+)-(?P<close>\S+))$", re.I)


def format_regular(periods) -> str:
    return "; ".join(f"{p['day']} {p['open']}-{p['close']}" for p in periods)


def format_special(entries) -> str:
    return "; ".join(f"{e['date']} closed" if e["closed"] else f"{e['date']} {e['open']}-{e['close']}" for e in entries)


def parse_regular(text: str) -> list:
    periods = []
    for part in filter(None, (chunk.strip() for chunk in text.split(";"))):
        match = PERIOD_RE.match(part)
        periods.append(match.groupdict() if match else {"day": part, "open": "", "close": ""})
    return periods


def parse_special(text: str) -> list:
    entries = []
    for part in filter(None, (chunk.strip() for chunk in text.split(";"))):
        match = SPECIAL_RE.match(part)
        if not match:
            entries.append({"date": part, "closed": False, "open": "", "close": ""})
        elif match["closed"]:
            entries.append({"date": match["date"], "closed": True})
        else:
            entries.append({"date": match["date"], "closed": False, "open": match["open"], "close": match["close"]})
    return entries


def export_rows(locations):
    listings = ensure_listings(locations)
    for location in locations:
        payload = current_payload(listings[location.pk])
        address = payload["address"]
        yield {
            "location_id": location.pk,
            "name": payload["name"],
            "street": address["street"],
            "city": address["city"],
            "postal_code": address["postal_code"],
            "region": address["region"],
            "country": address["country"],
            "phone": payload["phone"],
            "website": payload["website"],
            "categories": " | ".join(payload["categories"]),
            "description": payload["description"],
            "latitude": payload["latitude"] or "",
            "longitude": payload["longitude"] or "",
            "regular_hours": format_regular(payload["regular_hours"]),
            "special_hours": format_special(payload["special_hours"]),
            "franchise": location.franchise.slug,
        }


def export_csv(locations) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(export_rows(list(locations)))
    return out.getvalue()


class ImportErrors(DomainError):
    def __init__(self, errors: list[dict]):
        super().__init__(
            ngettext(
                "The file has %(n)s error; nothing was imported.",
                "The file has %(n)s errors; nothing was imported.",
                len(errors),
            )
            % {"n": len(errors)},
            code="rows",
        )
        self.errors = errors


def _row_data(row: dict) -> dict:
    return {
        "name": row.get("name", ""),
        "address": {
            "street": row.get("street", ""),
            "city": row.get("city", ""),
            "postal_code": row.get("postal_code", ""),
            "region": row.get("region", ""),
            "country": row.get("country", ""),
        },
        "phone": row.get("phone", ""),
        "website": row.get("website", ""),
        "categories": [c.strip() for c in (row.get("categories") or "").split("|") if c.strip()],
        "description": row.get("description", ""),
        "latitude": row.get("latitude") or None,
        "longitude": row.get("longitude") or None,
        "regular_hours": parse_regular(row.get("regular_hours") or ""),
        "special_hours": parse_special(row.get("special_hours") or ""),
    }


class ImportResult(NamedTuple):
    batch: object  # the sync batch publishing the changes, or None when nothing changed
    created: int  # new stores added by rows without a location_id


@transaction.atomic
def import_csv(*, user, text: str, scope) -> ImportResult:
    """Import listings from CSV (the export's columns): every row is checked first; one bad row
    and nothing is saved (ImportErrors lists each row's errors). A row with no location_id and a
    `franchise` adds a new store (csv_stores). Returns the sync batch and the stores added."""
    from listings.csv_stores import create_stores, is_new_store
    from listings.sync.batches import sync_start

    reader = csv.DictReader(io.StringIO(text))
    missing = {"location_id", "name"} - set(reader.fieldnames or [])
    if missing:
        raise DomainError(_("Missing columns: %(cols)s.") % {"cols": ", ".join(sorted(missing))}, code="columns")
    rows = list(reader)
    new_stores, errors = create_stores(
        user=user, rows=[(number, row) for number, row in enumerate(rows, start=2) if is_new_store(row)]
    )
    ids = []
    for number, row in enumerate(rows, start=2):
        try:
            ids.append(new_stores[number].pk if number in new_stores else int(row.get("location_id") or 0))
        except ValueError:
            ids.append(0)
    locations = {location.pk: location for location in scope.filter(pk__in=ids).select_related("brand")}
    planned = []
    for number, (row, location_id) in enumerate(zip(rows, ids, strict=True), start=2):
        location = locations.get(location_id)
        if location is None:
            if not is_new_store(row):
                errors.append({"row": number, "field": "location_id", "message": _("Unknown store.")})
            continue
        data = {k: v for k, v in _row_data(row).items() if k in row or k in ("address",)}
        if not all(col in row for col in ("street", "city", "postal_code", "country")):
            data.pop("address", None)
        try:
            values = clean_listing_data(data, country=location.country)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.extend({"row": number, "field": field, "message": m} for m in messages)
            continue
        planned.append((location, values))
    if errors:
        raise ImportErrors(errors)
    listings = ensure_listings([location for location, _values in planned])
    changes = []
    for location, values in planned:
        before = current_payload(listings[location.pk])
        changed = list(diff(before, {**before, **values}))
        if not changed:
            continue
        if not permissions.can_edit_fields(user, location, changed):
            errors.append(
                {"row": ids.index(location.pk) + 2, "field": "", "message": _("You may not change this store.")}
            )
            continue
        revision = _commit_change(
            location=location,
            listing=listings[location.pk],
            values=values,
            kind=RevisionKind.IMPORT,
            user=user,
            sync=False,
        )
        changes.append((location, revision))
    if errors:
        raise ImportErrors(sorted(errors, key=lambda error: error["row"]))
    if not changes:
        return ImportResult(None, len(new_stores))
    batch = sync_start(
        brand=changes[0][0].brand,
        changes=changes,
        user=user,
        label=stored_text.ngettext("CSV import (%(n)s store)", "CSV import (%(n)s stores)", len(changes)),
        kind=RevisionKind.IMPORT,
    )
    return ImportResult(batch, len(new_stores))
