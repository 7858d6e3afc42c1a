"""New stores from the listings CSV import: a row without a store id and with the `franchise`
column (the franchise's slug) adds that store, through the same service as the form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from franchise_platform.errors import DomainError
from network import permissions, selectors, services

# CSV column -> Location field
STORE_COLUMNS = {
    "name": "name",
    "street": "street_address",
    "postal_code": "postal_code",
    "city": "city",
    "region": "state",
    "country": "country",
    "phone": "phone",
    "latitude": "latitude",
    "longitude": "longitude",
}
REQUIRED = ("franchise", "name", "street", "postal_code", "city", "country")


def is_new_store(row: dict) -> bool:
    return not (row.get("location_id") or "").strip()


def _franchises(user) -> dict[str, list]:
    """Franchises where the user may add a store, by slug (a slug may exist in two brands)."""
    rights = permissions.NetworkRights(user)
    by_slug: dict[str, list] = {}
    for franchise in selectors.franchise_list(user=user):
        if rights.may_add_store(franchise):
            by_slug.setdefault(franchise.slug, []).append(franchise)
    return by_slug


def create_stores(*, user, rows) -> tuple[dict[int, object], list[dict]]:
    """Create the store of each (row number, row); returns {row number: location} and the
    errors per row. The caller's transaction undoes them all if any row of the file fails."""
    franchises = _franchises(user)
    created, errors = {}, []
    for number, row in rows:
        missing = [column for column in REQUIRED if not (row.get(column) or "").strip()]
        if missing:
            errors.extend(
                {"row": number, "field": column, "message": _("Required for a new store.")} for column in missing
            )
            continue
        slug = row["franchise"].strip()
        found = franchises.get(slug, [])
        if len(found) != 1:
            message = (
                _("You may not add a store to this franchise, or it does not exist.")
                if not found
                else _("Several brands have a franchise “%(slug)s”: add this store with the form.") % {"slug": slug}
            )
            errors.append({"row": number, "field": "franchise", "message": message})
            continue
        data = {field: (row.get(column) or "").strip() for column, field in STORE_COLUMNS.items() if column in row}
        for field in ("latitude", "longitude"):
            data[field] = data.get(field) or None
        try:
            created[number] = services.location_create(actor=user, franchise=found[0], data=data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = next((c for c, f in STORE_COLUMNS.items() if f == field), field)
                errors.extend({"row": number, "field": column, "message": m} for m in messages)
        except (DomainError, PermissionDenied) as error:
            errors.append({"row": number, "field": "franchise", "message": getattr(error, "message", str(error))})
    return created, errors
