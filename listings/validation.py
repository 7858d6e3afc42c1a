"""Checking listing edits field by field; every problem is reported, nothing is half-applied."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from listings.hours import HoursValidationError, validate_regular_hours, validate_special_hours
from listings.payload import FIELDS, geo
from network.validation import normalise_phone

MAX_CATEGORIES = 10


def _text(value, *, limit: int, required: bool) -> str:
    if not isinstance(value, str):
        raise ValueError(_("Expected text."))
    value = value.strip()
    if required and not value:
        raise ValueError(_("This field is required."))
    if len(value) > limit:
        raise ValueError(_("At most %(n)s characters.") % {"n": limit})
    return value


def _address(value) -> dict:
    if not isinstance(value, dict):
        raise ValueError(_("Expected street, city, postal_code, region and country."))
    address = {
        "street": _text(value.get("street", ""), limit=255, required=True),
        "city": _text(value.get("city", ""), limit=120, required=True),
        "postal_code": _text(value.get("postal_code", ""), limit=16, required=True),
        "region": _text(value.get("region", "") or "", limit=120, required=False),
        "country": _text(value.get("country", ""), limit=2, required=True).upper(),
    }
    if len(address["country"]) != 2 or not address["country"].isalpha():
        raise ValueError(_("The country is a two-letter code such as CA or FR."))
    return address


def _coordinate(value, bound: int):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_("Unknown number format.")) from None
    if not number.is_finite() or abs(number) > bound:
        raise ValueError(_("Must be between -%(b)s and %(b)s.") % {"b": bound})
    return geo(number)


def _categories(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValueError(_("Expected a list of category names."))
    if len(value) > MAX_CATEGORIES:
        raise ValueError(_("At most %(n)s categories.") % {"n": MAX_CATEGORIES})
    cleaned = []
    for item in value:
        item = _text(item, limit=100, required=True)
        if item not in cleaned:
            cleaned.append(item)
    return cleaned


def _website(value) -> str:
    value = _text(value, limit=200, required=False)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValueError(_("Enter a full address starting with https://.")) from None
    return value


def clean_listing_data(data: dict, *, country: str, explicit_overnight: bool = False) -> dict:
    """Canonical values of the given fields, or a ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field in data:
        if field not in FIELDS or field == "photos":
            errors.setdefault(field, []).append(_("Unknown or read-only field."))
    checks = {
        "name": lambda v: _text(v, limit=200, required=True),
        "address": _address,
        "website": _website,
        "categories": _categories,
        "description": lambda v: _text(v, limit=750, required=False),
        "latitude": lambda v: _coordinate(v, 90),
        "longitude": lambda v: _coordinate(v, 180),
    }
    for field, check in checks.items():
        if field in data:
            try:
                cleaned[field] = check(data[field])
            except ValueError as error:
                errors.setdefault(field, []).append(str(error))
    if "phone" in data:
        value = data["phone"] if isinstance(data["phone"], str) else None
        if value is None:
            errors.setdefault("phone", []).append(_("Expected text."))
        elif value.strip():
            phone_country = (cleaned.get("address") or {}).get("country") or country
            try:
                cleaned["phone"] = normalise_phone(value.strip(), phone_country, field="phone")
            except ValidationError as error:
                for message in error.message_dict.get("phone", error.messages):
                    errors.setdefault("phone", []).append(message)
        else:
            cleaned["phone"] = ""
    for field, check in (
        ("regular_hours", lambda v: validate_regular_hours(v, explicit_overnight=explicit_overnight)),
        ("special_hours", validate_special_hours),
    ):
        if field in data:
            try:
                cleaned[field] = check(data[field])
            except HoursValidationError as error:
                for where, messages in error.as_dict().items():
                    errors.setdefault(where, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned
