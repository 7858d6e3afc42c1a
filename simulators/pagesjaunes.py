"""Pages Jaunes: a MODEL, not a simulation of a documented API.

Neither Solocal (pagesjaunes.fr, whose self-service tool is "Solocal Manager") nor Yellow Pages
(pagesjaunes.ca) publishes a write API for listings (see /work/shared/reference: "No public write
API found for either: unverified"). The platform still needs a third directory to prove that a
sync batch stays consistent across directories with different formats, so this module defines a
small partner API of our own, labelled as such everywhere:

    GET    /pagesjaunes/partner/v2/listings?q=&code_postal=&telephone=   search
    POST   /pagesjaunes/partner/v2/listings                               create (201)
    GET    /pagesjaunes/partner/v2/listings/{id}                          a fiche
    PATCH  /pagesjaunes/partner/v2/listings/{id}[?simulation=true]        update (dry run)
    GET    /pagesjaunes/partner/v2/listings/{id}/avis                     reviews
    PUT    /pagesjaunes/partner/v2/listings/{id}/avis/{avis}/reponse      reply
    GET    /pagesjaunes/partner/v2/listings/{id}/statistiques?date=       a day's statistics

A fiche: `denomination`, `adresse` {voie, code_postal, ville, region, pays}, `telephones`
[{type, numero}], `site_web`, `rubriques` [{code, libelle}] (a rubrique is written by its `code`),
`description`, `geolocalisation` {latitude, longitude} (strings), `horaires` [{jour: lundi..dimanche,
plages: [{debut: "09h00", fin: "12h00"}]}], `horaires_exceptionnels` [{date: "25/12/2026", ferme,
plages}], `medias` [{type, url, empreinte_sha256}]. Errors: 422 `{"erreurs": [{champ, code,
message}]}`; 404 FICHE_INTROUVABLE; 429 QUOTA_DEPASSE with Retry-After.
"""

import datetime
import itertools
import re

HOSTS = ("pagesjaunes",)
PREFIX = "partner/v2"
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HEURE = re.compile(r"^([01]\d|2[0-4])h[0-5]\d$")
FICHE = {
    "denomination", "adresse", "telephones", "site_web", "rubriques", "description", "geolocalisation", "horaires",
    "horaires_exceptionnels", "medias",
}  # fmt: skip
RUBRIQUES = {"ASS001": "Assurances", "ASS002": "Courtiers en assurance", "ASS003": "Assurance automobile"}


def error(status: int, code: str, message: str, champ: str = ""):
    item = {"code": code, "message": message}
    if champ:
        item["champ"] = champ
    return status, {"erreurs": [item]}, {}


def fault(status: int):
    return {
        429: error(429, "QUOTA_DEPASSE", "Trop de requêtes, réessayez plus tard"),
        400: error(422, "INVALIDE", "Requête refusée"),
        403: error(403, "ACCES_REFUSE", "Accès refusé à cette fiche"),
        404: error(404, "FICHE_INTROUVABLE", "Fiche introuvable"),
    }.get(status, error(status, "INDISPONIBLE", "Service momentanément indisponible"))


def malformed(text: str):
    return error(400, "REQUETE_INVALIDE", text)


def _plages(champ: str, plages) -> list[dict]:
    errors, spans = [], []
    if len(plages) > 4:
        errors.append({"champ": champ, "code": "TROP_DE_PLAGES", "message": "4 plages au plus"})
    for index, plage in enumerate(plages):
        debut, fin = str(plage.get("debut", "")), str(plage.get("fin", ""))
        if not (HEURE.match(debut) and HEURE.match(fin)) or debut == "24h00":
            errors.append({"champ": f"{champ}[{index}]", "code": "HEURE_INVALIDE", "message": "heure HHhMM attendue"})
            continue
        start, end = int(debut[:2]) * 60 + int(debut[3:]), int(fin[:2]) * 60 + int(fin[3:])
        spans.append((start, end if end > start else end + 1440))
    spans.sort()
    if any(b[0] < a[1] for a, b in itertools.pairwise(spans)):
        errors.append({"champ": champ, "code": "CHEVAUCHEMENT", "message": "des plages se chevauchent"})
    return errors


def fiche_errors(doc: dict) -> list[dict]:
    errors = [
        {"champ": key, "code": "CHAMP_INCONNU", "message": f"champ inconnu : {key}"}
        for key in sorted(set(doc) - FICHE - {"id"})
    ]
    if "denomination" in doc and not str(doc["denomination"]).strip():
        errors.append({"champ": "denomination", "code": "OBLIGATOIRE", "message": "la dénomination est obligatoire"})
    if "adresse" in doc and not (doc["adresse"] or {}).get("code_postal"):
        errors.append({"champ": "adresse.code_postal", "code": "OBLIGATOIRE", "message": "code postal obligatoire"})
    for index, rubrique in enumerate(doc.get("rubriques") or []):
        if not str((rubrique or {}).get("code", "")).strip():
            errors.append(
                {"champ": f"rubriques[{index}].code", "code": "OBLIGATOIRE", "message": "code de rubrique attendu"}
            )
    for index, day in enumerate(doc.get("horaires") or []):
        if day.get("jour") not in JOURS:
            errors.append({"champ": f"horaires[{index}].jour", "code": "JOUR_INCONNU", "message": str(day.get("jour"))})
            continue
        errors.extend(_plages(f"horaires[{index}].plages", day.get("plages") or []))
    for index, entry in enumerate(doc.get("horaires_exceptionnels") or []):
        try:
            day, month, year = str(entry.get("date", "")).split("/")
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            errors.append(
                {"champ": f"horaires_exceptionnels[{index}].date", "code": "DATE_INVALIDE", "message": "JJ/MM/AAAA"}
            )
            continue
        errors.extend(_plages(f"horaires_exceptionnels[{index}].plages", entry.get("plages") or []))
    return errors


def _with_labels(doc: dict) -> dict:
    if "rubriques" in doc:
        doc["rubriques"] = [
            {
                "code": r.get("code", ""),
                "libelle": RUBRIQUES.get(r.get("code", ""), r.get("libelle") or r.get("code", "")),
            }
            for r in doc["rubriques"] or []
        ]
    return doc


def seed(sim, item: dict) -> str:
    external_id = str(item.get("external_id") or f"PJ{sim.new_id():08d}")
    if "document" not in item and external_id in sim.docs["pagesjaunes"]:
        return external_id  # seeding reviews or statistics of a listing already there
    sim.docs["pagesjaunes"][external_id] = _with_labels({**(item.get("document") or {}), "id": external_id})
    return external_id


def tamper(sim, external_id: str, changes: dict) -> dict | None:
    doc = sim.docs["pagesjaunes"].get(external_id)
    if doc is None:
        return None
    doc.update(_with_labels(dict(changes)))
    return doc


def state(sim, external_id: str, part: str = "") -> dict | None:
    return sim.docs["pagesjaunes"].get(external_id)


def _words(text: str) -> set[str]:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return {w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in {"de", "du", "des", "la", "le", "les", "et"}}


def handle(sim, request):
    path = request.path.strip("/")
    if not path.startswith(PREFIX + "/"):
        return error(404, "RESSOURCE_INTROUVABLE", request.path)
    parts = path[len(PREFIX) + 1 :].split("/")
    method, query, body = request.method, request.query, request.json
    listings = sim.docs["pagesjaunes"]
    if parts == ["listings"] and method == "GET":
        name, postal, phone = (
            _words(query.get("q", "")),
            query.get("code_postal", "").replace(" ", ""),
            query.get("telephone", ""),
        )
        found = []
        for external_id, doc in listings.items():
            phones = [t.get("numero") for t in doc.get("telephones") or []]
            common = len(name & _words(doc.get("denomination", "")))
            if common or (phone and phone in phones):
                same_postal = postal and postal == (doc.get("adresse") or {}).get("code_postal", "").replace(" ", "")
                found.append((common + 3 * (phone in phones) + 2 * bool(same_postal), external_id, doc))
        found.sort(key=lambda item: (-item[0], item[1]))
        return 200, {"resultats": [doc for *_rest, doc in found[:10]], "total": len(found)}, {}
    if parts == ["listings"] and method == "POST":
        problems = fiche_errors(body or {})
        if problems:
            return 422, {"erreurs": problems}, {}
        external_id = seed(sim, {"document": body})
        return 201, listings[external_id], {}
    if len(parts) < 2 or parts[0] != "listings":
        return error(404, "RESSOURCE_INTROUVABLE", request.path)
    external_id, rest = parts[1], parts[2:]
    doc = listings.get(external_id)
    if doc is None:
        return error(404, "FICHE_INTROUVABLE", f"fiche {external_id} introuvable")
    if not rest and method == "GET":
        return 200, doc, {}
    if not rest and method == "PATCH":
        problems = fiche_errors(body or {})
        if problems:
            return 422, {"erreurs": problems}, {}
        candidate = _with_labels({**doc, **(body or {}), "id": external_id})
        if query.get("simulation") == "true":
            return 200, {"valide": True, "fiche": candidate}, {}
        listings[external_id] = candidate
        return 200, candidate, {}
    stored = sim.reviews.get(("pagesjaunes", external_id), [])
    if rest == ["avis"] and method == "GET":
        return 200, {"avis": [render_avis(r) for r in stored], "total": len(stored)}, {}
    if len(rest) == 3 and rest[0] == "avis" and rest[2] == "reponse" and method == "PUT":
        review = next((r for r in stored if r["review_id"] == rest[1]), None)
        if review is None:
            return error(404, "AVIS_INTROUVABLE", f"avis {rest[1]} introuvable")
        texte = str((body or {}).get("texte", "")).strip()
        if not texte or len(texte) > 2000:
            return error(422, "REPONSE_INVALIDE", "réponse de 1 à 2000 caractères", "texte")
        review["reply"] = {"text": texte, "updated_at": sim.now()}
        return 200, render_avis(review), {}
    if rest == ["statistiques"] and method == "GET":
        numbers = sim.day_stats("pagesjaunes", external_id, query.get("date", ""))
        average = f"{sum(r['rating'] for r in stored) / len(stored):.2f}" if stored else None
        return (
            200,
            {
                "date": query.get("date", ""),
                "affichages": numbers["views"],
                "appels": numbers["calls"],
                "itineraires": numbers["direction_requests"],
                "clics_site": numbers["website_clicks"],
                "nombre_avis": len(stored),
                "note_moyenne": average,
            },
            {},
        )
    return error(405, "METHODE_NON_AUTORISEE", method)


def render_avis(review: dict) -> dict:
    return {
        "id": review["review_id"],
        "auteur": review.get("author", ""),
        "note": review["rating"],
        "commentaire": review.get("text", ""),
        "date_publication": review.get("created_at", ""),
        "reponse": {"texte": review["reply"]["text"], "date": review["reply"]["updated_at"]}
        if review.get("reply")
        else None,
    }
