"""Money and numbers as the reader writes them: "36 700,00 $" in French, "$36,700.00" in
English, with the currency of the brand or pool (Babel's CLDR data, not hand-made rules)."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.utils.translation import get_language

# The locale whose conventions a language uses for a currency (the network is Canadian first).
_REGIONS = {"EUR": {"fr": "fr_FR", "en": "en_IE"}, "USD": {"fr": "fr_CA", "en": "en_US"}}


def locale_for(currency: str = "") -> str:
    language = (get_language() or "fr")[:2]
    if language not in ("fr", "en"):
        language = "fr"
    return _REGIONS.get((currency or "").upper(), {}).get(language, f"{language}_CA")


def money(value, currency: str = "CAD") -> str:
    """An amount with its currency, two decimals, the reader's separators ("—" when missing)."""
    if value is None or value == "":
        return "—"
    return format_currency(Decimal(value), (currency or "CAD").upper(), locale=locale_for(currency))


def number(value, decimals: int | None = None) -> str:
    """A count or a figure with the reader's separators (thousands, decimal comma)."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_for())


def percent(value, decimals: int = 2) -> str:
    """A value already in percent (12.5 -> "12,50 %" / "12.50%")."""
    if value is None:
        return "—"
    text = number(value, decimals)
    return f"{text}\u00a0%" if locale_for().startswith("fr") else f"{text}%"
