"""Canonical payloads shared by the directory tests."""

import copy

PLATEAU = {
    "name": "Grande Assurance Plateau",
    "address": {
        "street": "123 rue Saint-Denis",
        "city": "Montréal",
        "postal_code": "H2X 1K4",
        "region": "QC",
        "country": "CA",
    },
    "phone": "+15145550123",
    "website": "https://www.grande-assurance.example/montreal-01/",
    "categories": ["Agence d'assurance", "Assurance auto"],
    "description": "Votre agence d'assurance au cœur du Plateau.",
    "latitude": "45.508800",
    "longitude": "-73.561700",
    "regular_hours": [
        {"day": "MONDAY", "open": "09:00", "close": "12:00"},
        {"day": "MONDAY", "open": "13:00", "close": "17:00"},
        {"day": "TUESDAY", "open": "09:00", "close": "17:30"},
        {"day": "THURSDAY", "open": "18:00", "close": "00:00"},
        {"day": "FRIDAY", "open": "22:00", "close": "02:00"},
        {"day": "SUNDAY", "open": "00:00", "close": "24:00"},
    ],
    "special_hours": [
        {"date": "2026-12-24", "closed": False, "open": "09:00", "close": "14:00"},
        {"date": "2026-12-25", "closed": True},
        {"date": "2026-12-30", "closed": False, "open": "18:00", "close": "00:00"},
        {"date": "2026-12-31", "closed": False, "open": "20:00", "close": "01:00"},
    ],
    "photos": [
        {"category": "COVER", "url": "https://cdn.example/cover.jpg", "sha256": "c0ffee"},
        {"category": "LOGO", "url": "https://cdn.example/logo.png", "sha256": "beef"},
    ],
}

# Another value for every field, to check each one is written and read back.
CHANGED = {
    "name": "Grande Assurance Plateau-Mont-Royal",
    "address": {
        "street": "4500 avenue du Parc",
        "city": "Montréal",
        "postal_code": "H2V 4E4",
        "region": "QC",
        "country": "CA",
    },
    "phone": "+15145550999",
    "website": "https://www.grande-assurance.example/montreal-02/",
    "categories": ["Assurance habitation"],
    "description": "Nouvelle adresse, même équipe.",
    "latitude": "45.520100",
    "longitude": "-73.590000",
    "regular_hours": [{"day": "WEDNESDAY", "open": "08:30", "close": "18:45"}],
    "special_hours": [{"date": "2027-01-01", "closed": True}],
    "photos": [{"category": "EXTERIOR", "url": "https://cdn.example/front.jpg", "sha256": "f00d"}],
}


def plateau(**changes) -> dict:
    return {**copy.deepcopy(PLATEAU), **changes}
