"""How much a directory listing looks like one of our stores, from name, address and phone.

Pure functions over canonical payloads: a score in [0, 1]. The brief's case, a "Nike Outlet"
and a "Nike Factory Marche Central" at the same address with the same phone, scores high even
though the names differ, because address and phone agree.
"""

import difflib
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

STOPWORDS = {"de", "du", "des", "la", "le", "les", "et", "the", "of", "and", "a", "l", "d", "au", "aux", "en"}
STREET_WORDS = {
    "rue": "",
    "r": "",
    "avenue": "",
    "av": "",
    "ave": "",
    "boulevard": "",
    "boul": "",
    "bd": "",
    "blvd": "",
    "chemin": "",
    "ch": "",
    "route": "",
    "rte": "",
    "street": "",
    "st": "saint",
    "ste": "sainte",
}
WEIGHTS = {"name": Decimal("0.40"), "address": Decimal("0.35"), "phone": Decimal("0.25")}
DUPLICATE_THRESHOLD = Decimal("0.600")
MATCH_THRESHOLD = Decimal("0.350")


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def name_words(name: str) -> list[str]:
    return [word for word in plain(name).split() if word not in STOPWORDS]


def name_similarity(ours: str, theirs: str) -> float:
    """The better of word overlap (a shared brand word counts) and character similarity."""
    a, b = name_words(ours), name_words(theirs)
    if not a or not b:
        return 0.0
    overlap = len(set(a) & set(b)) / min(len(set(a)), len(set(b)))
    ratio = difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return max(overlap * 0.9, ratio)


def street_key(street: str) -> str:
    words = [STREET_WORDS.get(word, word) for word in plain(street).split()]
    return " ".join(word for word in words if word and word not in STOPWORDS)


def address_similarity(ours: dict, theirs: dict) -> float:
    ours, theirs = ours or {}, theirs or {}
    postal_a = plain(ours.get("postal_code", "")).replace(" ", "")
    postal_b = plain(theirs.get("postal_code", "")).replace(" ", "")
    street_a, street_b = street_key(ours.get("street", "")), street_key(theirs.get("street", ""))
    if not (street_a and street_b):
        return 0.5 if postal_a and postal_a == postal_b else 0.0
    number_a, number_b = re.findall(r"\d+", street_a)[:1], re.findall(r"\d+", street_b)[:1]
    street = difflib.SequenceMatcher(None, street_a, street_b).ratio()
    if number_a and number_b and number_a != number_b:
        street *= 0.5
    same_postal = 1.0 if postal_a and postal_a == postal_b else 0.0
    same_city = 1.0 if plain(ours.get("city", "")) == plain(theirs.get("city", "")) else 0.0
    return 0.6 * street + 0.3 * same_postal + 0.1 * same_city


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")[-9:]


def phone_similarity(ours: str, theirs: str) -> float:
    a, b = phone_digits(ours), phone_digits(theirs)
    return 1.0 if a and a == b else 0.0


def similarity(ours: dict, theirs: dict) -> Decimal:
    """A score in [0, 1] with 3 decimals."""
    parts = {
        "name": name_similarity(ours.get("name", ""), theirs.get("name", "")),
        "address": address_similarity(ours.get("address"), theirs.get("address")),
        "phone": phone_similarity(ours.get("phone", ""), theirs.get("phone", "")),
    }
    score = sum((WEIGHTS[key] * Decimal(str(round(value, 4))) for key, value in parts.items()), Decimal(0))
    # A listing with our phone number at our address is ours whatever its name says.
    if parts["phone"] == 1.0 and parts["address"] >= 0.8:
        score = max(score, Decimal("0.85"))
    return min(Decimal(1), score).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
