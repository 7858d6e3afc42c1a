"""The public store locator: where the visitor searched, the stores nearest to it, and what each
card shows (today's hours and the coming holiday hours in the store's own time zone, the phone
number as people dial it).

The searched postal code or city is placed with the stores' own coordinates: the centre of the
stores in that city, or sharing the longest prefix of that postal code (the Canadian FSA, the
French département), so no outside geocoding service is called.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

import phonenumbers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from budgets.routing import normalise_city, normalise_postal

EARTH_RADIUS_KM = 6371.0088  # not money


@dataclass
class StoreCard:
    store: object
    distance_km: Decimal | None = None
    today: str | None = None
    holidays: list[str] = field(default_factory=list)
    phone_display: str = ""
    phone_href: str = ""


def distance_km(a: tuple, b: tuple) -> Decimal:
    """Great-circle distance between two (latitude, longitude) points, to 0.1 km."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (*a, *b))  # not money
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return Decimal(str(round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h)), 1)))


def _point(store) -> tuple | None:
    if store.latitude is None or store.longitude is None:
        return None
    return (store.latitude, store.longitude)


def _centre(points: list[tuple]) -> tuple | None:
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def search_origin(stores, query: str) -> tuple | None:
    """Where the visitor searched: a city, or a postal code (or its first characters)."""
    city = normalise_city(query)
    if city:
        in_city = [_point(s) for s in stores if normalise_city(s.city) == city and _point(s)]
        if not in_city and len(city) >= 3:  # the start of a city's name: "Montr"
            in_city = [_point(s) for s in stores if normalise_city(s.city).startswith(city) and _point(s)]
        if in_city:
            return _centre(in_city)
    postal = normalise_postal(query)
    for length in range(len(postal), 1, -1):
        prefix = postal[:length]
        near = [_point(s) for s in stores if normalise_postal(s.postal_code).startswith(prefix) and _point(s)]
        if near:
            return _centre(near)
    return None


def phone_parts(phone: str, country: str) -> tuple[str, str]:
    """(the number in the country's national format, the tel: target in E.164)."""
    if not phone:
        return "", ""
    try:
        number = phonenumbers.parse(phone, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return phone, ""
    if not phonenumbers.is_possible_number(number):
        return phone, ""
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )


def _today_text(periods) -> str | None:
    if periods is None:
        return None
    if not periods:
        return _("Closed today")
    return _("Open today: %(hours)s") % {"hours": ", ".join(f"{o}–{c}" for o, c in periods)}


def _holiday_text(date, closed, open_, close) -> str:
    day = date_format(date, "SHORT_DATE_FORMAT")
    if closed:
        return _("%(date)s: %(hours)s") % {"date": day, "hours": pgettext("opening hours", "closed")}
    return _("%(date)s: %(hours)s") % {"date": day, "hours": f"{open_}–{close}"}


def store_cards(stores, hours: dict, origin: tuple | None) -> list[StoreCard]:
    """The cards of the locator, nearest first when the search was placed."""
    cards = []
    for store in stores:
        info = hours.get(store.pk, {"today": None, "special": []})
        display, href = phone_parts(store.phone, store.country)
        cards.append(
            StoreCard(
                store=store,
                distance_km=distance_km(origin, _point(store)) if origin and _point(store) else None,
                today=_today_text(info["today"]),
                holidays=[_holiday_text(*row) for row in info["special"][:3]],
                phone_display=display,
                phone_href=href,
            )
        )
    if origin is not None:
        cards.sort(key=lambda c: (c.distance_km is None, c.distance_km or 0, c.store.name))
    return cards


def map_points(cards: list[StoreCard]) -> list[dict]:
    """What the map script draws (read from a JSON script element, not inline code)."""
    return [
        {
            "id": card.store.pk,
            "name": card.store.name,
            "lat": str(card.store.latitude),
            "lng": str(card.store.longitude),
            "address": f"{card.store.street_address}, {card.store.city}",
        }
        for card in cards
        if card.store.latitude is not None and card.store.longitude is not None
    ]
