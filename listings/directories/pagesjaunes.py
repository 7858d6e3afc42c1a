"""Pages Jaunes connector, for a MODEL of a partner API: Pages Jaunes (Solocal in France, Yellow
Pages in Canada) publishes no API for listings, so `simulators/pagesjaunes.py` defines the small
API this connector speaks (French field names, `horaires` per `jour` with `plages` written 09h00,
PATCH with a dry run `simulation=true`, `rubriques` written by their `code`, reviews `avis`,
`statistiques`; errors 422 `erreurs[]` naming the `champ`). Replace it when a real partner
agreement gives a documented API.
"""

import datetime
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
    normalise,
    only,
    with_coupled,
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


def to_pagesjaunes(payload: dict, fields, category_ids=None) -> dict:
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
            doc["rubriques"] = [
                {"code": code} for code in (category_ids or list)(list(payload.get("categories") or []))
            ]
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


def from_pagesjaunes(doc: dict, category_names=None) -> dict:
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
    pairs = [(r.get("code", ""), r.get("libelle", "")) for r in doc.get("rubriques") or []]
    payload["categories"] = (category_names or (lambda items: [label or code for code, label in items]))(pairs)
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

    def listing(self, path: str = "") -> str:
        return self.url("pagesjaunes", f"/partner/v2/listings{path}")

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

    def _fiche(self, doc: dict, fields) -> dict:
        return only(from_pagesjaunes(doc, self.category_names), fields)

    def get(self, external_id: str, fields=None) -> dict:
        fields = with_coupled(check_fields(fields or self.readable))
        return self._fiche(self.request("GET", self.listing(f"/{external_id}")), fields)

    def update(self, external_id: str, payload: dict, fields: list[str]) -> dict:
        fields = with_coupled(check_fields(fields))
        doc = mapped(to_pagesjaunes, payload, fields, self.category_ids)
        return self._fiche(self.request("PATCH", self.listing(f"/{external_id}"), json=doc), fields)

    def validate(self, external_id: str, payload: dict, fields: list[str]) -> list[FieldError]:
        try:
            doc = mapped(to_pagesjaunes, payload, check_fields(fields), self.category_ids)
            self.request("PATCH", self.listing(f"/{external_id}"), params={"simulation": "true"}, json=doc)
        except ValidationFailed as failure:
            return failure.errors
        return []

    def create(self, payload: dict) -> str:
        return str(
            self.request("POST", self.listing(), json=mapped(to_pagesjaunes, payload, FIELDS, self.category_ids))["id"]
        )

    def search(self, *, name: str, address: dict, phone: str) -> list[dict]:
        params = {"q": name, "code_postal": address.get("postal_code", ""), "telephone": phone}
        body = self.request("GET", self.listing(), params={k: v for k, v in params.items() if v})
        return [
            {"external_id": str(doc["id"]), "payload": from_pagesjaunes(doc, self.category_names)}
            for doc in body.get("resultats", [])
        ]

    def reviews(self, external_id: str) -> list[dict]:
        return [
            review_from_pagesjaunes(a)
            for a in self.request("GET", self.listing(f"/{external_id}/avis")).get("avis", [])
        ]

    def reply_review(self, external_id: str, review_id: str, text: str) -> None:
        self.request("PUT", self.listing(f"/{external_id}/avis/{review_id}/reponse"), json={"texte": text})

    def daily_stats(self, external_id: str, day: datetime.date) -> dict:
        body = self.request("GET", self.listing(f"/{external_id}/statistiques"), params={"date": day.isoformat()})
        return {
            "views": int(body.get("affichages", 0)),
            "calls": int(body.get("appels", 0)),
            "direction_requests": int(body.get("itineraires", 0)),
            "website_clicks": int(body.get("clics_site", 0)),
            "review_count": int(body.get("nombre_avis", 0)),
            "rating": body.get("note_moyenne"),
        }
