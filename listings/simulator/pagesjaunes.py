"""The Pages Jaunes-style partner API (v2) of the simulator."""

from listings.directories.pagesjaunes import NATIVE, fiche_errors, from_pagesjaunes

WRITABLE = set(NATIVE.values())


def error(status: int, code: str, message: str, champ: str = ""):
    item = {"code": code, "message": message}
    if champ:
        item["champ"] = champ
    return status, {"erreurs": [item]}, {}


def fault(status: int):
    if status == 429:
        return error(429, "QUOTA_DEPASSE", "Trop de requêtes, réessayez plus tard")
    return error(status, "INDISPONIBLE", "Service momentanément indisponible")


def state(sim, external_id: str) -> dict | None:
    doc = sim.listings["pagesjaunes"].get(external_id)
    return None if doc is None else from_pagesjaunes(doc)


def search_key(doc: dict) -> tuple[str, str, str]:
    phones = doc.get("telephones") or []
    return (
        doc.get("denomination", ""),
        (doc.get("adresse") or {}).get("code_postal", ""),
        phones[0].get("numero", "") if phones else "",
    )


def _check(changes: dict):
    unknown = sorted(set(changes) - WRITABLE - {"id"})
    if unknown:
        return error(422, "CHAMP_INCONNU", f"champ inconnu : {unknown[0]}", unknown[0])
    problems = fiche_errors(changes)
    if problems:
        return 422, {"erreurs": problems}, {}
    return None


def handle(sim, method: str, path: str, query: dict, body):
    parts = path.strip("/").split("/")
    listings = sim.listings["pagesjaunes"]
    if parts == ["listings"] and method == "GET":
        found = sim.search(
            "pagesjaunes", query.get("q", ""), query.get("code_postal", ""), query.get("telephone", ""), search_key
        )
        return 200, {"resultats": [doc for _, doc in found], "total": len(found)}, {}
    if parts == ["listings"] and method == "POST":
        problem = _check(body or {})
        if problem:
            return problem
        external_id = sim.new_id("pagesjaunes")
        listings[external_id] = {**(body or {}), "id": external_id}
        return 201, listings[external_id], {}
    if len(parts) < 2 or parts[0] != "listings":
        return error(404, "RESSOURCE_INTROUVABLE", path)
    external_id, rest = parts[1], parts[2:]
    doc = listings.get(external_id)
    if doc is None:
        return error(404, "FICHE_INTROUVABLE", f"fiche {external_id} introuvable")
    if not rest and method == "GET":
        return 200, doc, {}
    if not rest and method == "PATCH":
        problem = _check(body or {})
        if problem:
            return problem
        candidate = {**doc, **(body or {}), "id": external_id}
        if query.get("simulation") == "true":
            return 200, {"valide": True, "fiche": candidate}, {}
        listings[external_id] = candidate
        return 200, candidate, {}
    if rest == ["avis"] and method == "GET":
        stored = sim.reviews.get(("pagesjaunes", external_id), [])
        return 200, {"avis": [render_avis(r) for r in stored], "total": len(stored)}, {}
    if len(rest) == 3 and rest[0] == "avis" and rest[2] == "reponse" and method == "PUT":
        stored = sim.reviews.get(("pagesjaunes", external_id), [])
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
        stored = sim.reviews.get(("pagesjaunes", external_id), [])
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
