"""Plain validation helpers shared by forms, serializers and services."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_phone(value: str, country: str | None, *, field: str = "phone") -> str:
    """Return the number in E.164, or raise a ValidationError naming the field."""
    try:
        number = phonenumbers.parse(value, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise ValidationError({field: _("Enter a valid phone number, e.g. +1 514 555 0100.")}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({field: _("This phone number does not exist for that country.")})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
