"""Pages Jaunes-style partner API (v2): French field names (`denomination`, `adresse`,
`horaires` per `jour` with `plages` written 09h00), PATCH with a dry-run mode (`simulation=true`),
reviews (`avis`) and daily statistics (`statistiques`). Errors are 422 with `erreurs[]` naming
the `champ`.
"""

import datetime
import itertools
import re

from listings.directories.base import (
    DAYS,
    FIELDS,
    DirectoryConnector,
    FieldError,
    ValidationFailed,
    check_fields,
    coordinate,
    empty_payload,
    mapped,
    minutes,
    normalise,
)

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HEURE = re.compile(r"^([01]\d|2[0-4])h[0-5]\d$")
MAX_PLAGES = 4
# PJ name of a field -> ours.
NATIVE = {
    "name": "denomination",
    "address": "adresse",
    "phone": "telephones",
    "website": "site_web",
    "categories": "rubriques",
    "description": "description",
    "latitude": "geolocalisation",
    "longitude": "geolocalisation",
    "regular_hours": "horaires",
    "special_hours": "horaires_exceptionnels",
    "photos": "medias",
}
ERROR_FIELDS = {native: ours for ours, native in NATIVE.items() if ours != "longitude"}


def heure(hhmm: str) -> str:
    return hhmm.replace(":", "h")


def from_heure(value: str) -> str:
    return value.replace("h", ":")


def french_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def from_french_date(value: str) -> str:
    day, month, year = value.split("/")
    return datetime.date(int(year), int(month), int(day)).isoformat()


def to_pagesjaunes(payload: dict, fields) -> dict:
    doc: dict = {}
    for field in fields:
        if field == "name":
            doc["denomination"] = payload.get("name", "")
        elif field == "address":
            address = payload.get("address") or {}
            doc["adresse"] = {
                "voie": address.get("street", ""),
                "code_postal": address.get("postal_code", ""),
                "ville": address.get("city", ""),
                "region": address.get("region", ""),
                "pays": address.get("country", ""),
            }
        elif field == "phone":
            doc["telephones"] = [{"type": "fixe", "numero": payload["phone"]}] if payload.get("phone") else []
        elif field == "website":
            doc["site_web"] = payload.get("website") or ""
        elif field == "categories":
            doc["rubriques"] = [{"libelle": name} for name in payload.get("categories") or []]
        elif field == "description":
            doc["description"] = payload.get("description") or ""
        elif field in ("latitude", "longitude"):
            lat, lng = payload.get("latitude"), payload.get("longitude")
            doc["geolocalisation"] = (
                {"latitude": coordinate(lat), "longitude": coordinate(lng)} if lat is not None and lng else None
            )
        elif field == "regular_hours":
            by_day: dict = {}
            for period in payload.get("regular_hours") or []:
                by_day.setdefault(period["day"], []).append(
                    {"debut": heure(period["open"]), "fin": heure(period["close"])}
                )
            doc["horaires"] = [
                {"jour": JOURS[DAYS.index(day)], "plages": sorted(by_day[day], key=lambda p: p["debut"])}
                for day in DAYS
                if day in by_day
            ]
        elif field == "special_hours":
            doc["horaires_exceptionnels"] = [
                {"date": french_date(entry["date"]), "ferme": True, "plages": []}
                if entry.get("closed")
                else {
                    "date": french_date(entry["date"]),
                    "ferme": False,
                    "plages": [{"debut": heure(entry["open"]), "fin": heure(entry["close"])}],
                }
                for entry in payload.get("special_hours") or []
            ]
        elif field == "photos":
            doc["medias"] = [
                {
                    "type": p.get("category", "").lower(),
                    "url": p.get("url", ""),
                    "empreinte_sha256": p.get("sha256", ""),
                }
                for p in payload.get("photos") or []
            ]
    return doc


def from_pagesjaunes(doc: dict) -> dict:
    payload = empty_payload()
    payload["name"] = doc.get("denomination", "")
    adresse = doc.get("adresse") or {}
    payload["address"] = {
        "street": adresse.get("voie", ""),
        "city": adresse.get("ville", ""),
        "postal_code": adresse.get("code_postal", ""),
        "region": adresse.get("region", ""),
        "country": adresse.get("pays", ""),
    }
    phones = doc.get("telephones") or []
    payload["phone"] = phones[0].get("numero", "") if phones else ""
    payload["website"] = doc.get("site_web", "")
    payload["categories"] = [r.get("libelle", "") for r in doc.get("rubriques") or []]
    payload["description"] = doc.get("description", "")
    geo = doc.get("geolocalisation") or {}
    payload["latitude"] = coordinate(geo.get("latitude"))
    payload["longitude"] = coordinate(geo.get("longitude"))
    payload["regular_hours"] = [
        {"day": DAYS[JOURS.index(day["jour"])], "open": from_heure(p["debut"]), "close": from_heure(p["fin"])}
        for day in doc.get("horaires") or []
        for p in day.get("plages") or []
    ]
    special = []
    for entry in doc.get("horaires_exceptionnels") or []:
        date = from_french_date(entry["date"])
        if entry.get("ferme"):
            special.append({"date": date, "closed": True})
        for p in [] if entry.get("ferme") else entry.get("plages") or []:
            special.append(
                {"date": date, "closed": False, "open": from_heure(p["debut"]), "close": from_heure(p["fin"])}
            )
    payload["special_hours"] = special
    payload["photos"] = [
        {"category": m.get("type", "").upper(), "url": m.get("url", ""), "sha256": m.get("empreinte_sha256", "")}
        for m in doc.get("medias") or []
    ]
    return normalise(payload)


def _plage_errors(champ: str, plages: list[dict]) -> list[dict]:
    errors, spans = [], []
    if len(plages) > MAX_PLAGES:
        errors.append({"champ": champ, "code": "TROP_DE_PLAGES", "message": f"{MAX_PLAGES} plages au plus"})
    for index, plage in enumerate(plages):
        debut, fin = str(plage.get("debut", "")), str(plage.get("fin", ""))
        if not (HEURE.match(debut) and HEURE.match(fin)) or debut == "24h00":
            errors.append({"champ": f"{champ}[{index}]", "code": "HEURE_INVALIDE", "message": "heure HHhMM attendue"})
            continue
        start, end = minutes(from_heure(debut)), minutes(from_heure(fin))
        spans.append((start, end if end > start else end + 1440))
    ordered = sorted(spans)
    if any(b[0] < a[1] for a, b in itertools.pairwise(ordered)):
        errors.append({"champ": champ, "code": "CHEVAUCHEMENT", "message": "des plages se chevauchent"})
    return errors


def fiche_errors(doc: dict) -> list[dict]:
    """Pages Jaunes' rules over a listing document (or the part being written)."""
    errors = []
    if "denomination" in doc and not str(doc["denomination"]).strip():
        errors.append({"champ": "denomination", "code": "OBLIGATOIRE", "message": "la dénomination est obligatoire"})
    if "adresse" in doc and not (doc["adresse"] or {}).get("code_postal"):
        errors.append({"champ": "adresse.code_postal", "code": "OBLIGATOIRE", "message": "code postal obligatoire"})
    for index, day in enumerate(doc.get("horaires") or []):
        if day.get("jour") not in JOURS:
            errors.append({"champ": f"horaires[{index}].jour", "code": "JOUR_INCONNU", "message": str(day.get("jour"))})
            continue
        errors.extend(_plage_errors(f"horaires[{index}].plages", day.get("plages") or []))
    for index, entry in enumerate(doc.get("horaires_exceptionnels") or []):
        try:
            from_french_date(str(entry.get("date", "")))
        except ValueError:
            errors.append({"champ": f"horaires_exceptionnels[{index}].date", "code": "DATE_INVALIDE", "message": ""})
            continue
        errors.extend(_plage_errors(f"horaires_exceptionnels[{index}].plages", entry.get("plages") or []))
    return errors


def review_from_pagesjaunes(avis: dict) -> dict:
    reponse = avis.get("reponse")
    return {
        "review_id": str(avis["id"]),
        "author": avis.get("auteur", ""),
        "rating": int(avis.get("note", 0)),
        "text": avis.get("commentaire", ""),
        "created_at": avis.get("date_publication", ""),
        "reply": {"text": reponse.get("texte", ""), "updated_at": reponse.get("date", "")} if reponse else None,
    }


class PagesJaunesConnector(DirectoryConnector):
    key = "pagesjaunes"
    prefix = "/pagesjaunes/partner/v2"

    def field_errors(self, body: dict) -> list[FieldError]:
        result = []
        for error in body.get("erreurs") or []:
            head = str(error.get("champ", "")).split(".", 1)[0].split("[", 1)[0]
            if head:
                result.append(
                    FieldError(ERROR_FIELDS.get(head, head), error.get("code", "INVALIDE"), error.get("message", ""))
                )
        return result

    def error_message(self, body: dict) -> tuple[str, str]:
        errors = body.get("erreurs") or [{}]
        return errors[0].get("message", ""), errors[0].get("code", "")

    def get(self, external_id: str) -> dict:
        return from_pagesjaunes(self.request("GET", f"/listings/{external_id}"))

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        doc = mapped(to_pagesjaunes, payload, check_fields(fields))
        return from_pagesjaunes(self.request("PATCH", f"/listings/{external_id}", json=doc))

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        try:
            doc = mapped(to_pagesjaunes, payload, check_fields(fields))
            self.request("PATCH", f"/listings/{external_id}", params={"simulation": "true"}, json=doc)
        except ValidationFailed as failure:
            return failure.errors
        return []

    def create(self, payload: dict) -> str:
        return str(self.request("POST", "/listings", json=to_pagesjaunes(payload, FIELDS))["id"])

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        params = {"q": name, "code_postal": address.get("postal_code", ""), "telephone": phone}
        body = self.request("GET", "/listings", params={k: v for k, v in params.items() if v})
        return [{"external_id": str(doc["id"]), "payload": from_pagesjaunes(doc)} for doc in body.get("resultats", [])]

    def reviews(self, external_id: str) -> list[dict]:
        return [
            review_from_pagesjaunes(a) for a in self.request("GET", f"/listings/{external_id}/avis").get("avis", [])
        ]

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        self.request("PUT", f"/listings/{external_id}/avis/{review_id}/reponse", json={"texte": text})

    def daily_stats(self, external_id: str, day: datetime.date) -> dict:
        body = self.request("GET", f"/listings/{external_id}/statistiques", params={"date": day.isoformat()})
        return {
            "views": int(body.get("affichages", 0)),
            "calls": int(body.get("appels", 0)),
            "direction_requests": int(body.get("itineraires", 0)),
            "website_clicks": int(body.get("clics_site", 0)),
            "review_count": int(body.get("nombre_avis", 0)),
            "rating": body.get("note_moyenne"),
        }
