"""Where an ad platform says the searcher is, from its own location ids.

Google Ads' `{loc_physical_ms}` / `{loc_interest_ms}` are criteria ids of Google's geotargets
(`GeoTarget`, imported with `import_geotargets`); Microsoft Advertising's are ids of Microsoft's
own location codes file (`MicrosoftLocation`, imported with `import_microsoft_locations`). Each
platform's ids are looked up in its own table only: the same number means different places.

By target type: a city or a postal code is the place itself (the territory covering it gets the
click); a neighbourhood (or borough) is its parent city; a province, state or region is every
franchise with a store in it (fair share among them); a country, or an id we do not know, tells
nothing (all franchises share).
"""

from budgets.models import GeoTarget, MicrosoftLocation
from budgets.routing import Searcher, normalise_city, normalise_postal, normalise_province

UNKNOWN = Searcher()
CITY = {"city", "municipality", "town", "village"}
NEIGHBOURHOOD = {"neighborhood", "neighbourhood", "borough", "city region", "district"}
POSTAL = {"postal code", "postalcode"}
PROVINCE = {
    "province",
    "state",
    "region",
    "territory",
    "department",
    "autonomous community",
    "prefecture",
    "county",
    "metroarea",
    "metro area",
}
# Google: areas between a city and its province are placed through their parent (the province).
VIA_PARENT = {"county", "dma region", "metro area", "metroarea", "canton", "okrug", "municipality district"}


def google_searcher(criteria_id: int) -> Searcher:
    target = GeoTarget.objects.filter(criteria_id=criteria_id).first()
    for _hop in range(3):  # a neighbourhood's parent may itself be a borough
        if target is None:
            return UNKNOWN
        kind = target.target_type.strip().lower()
        if kind in POSTAL:
            return Searcher(postal=normalise_postal(target.name))
        if kind in CITY:
            return Searcher(city=normalise_city(target.name))
        if kind in VIA_PARENT and target.parent_id:
            target = GeoTarget.objects.filter(criteria_id=target.parent_id).first()
            continue
        if kind in PROVINCE:
            return Searcher(province=normalise_province(target.name))
        if kind in NEIGHBOURHOOD and target.parent_id:
            target = GeoTarget.objects.filter(criteria_id=target.parent_id).first()
            continue
        return UNKNOWN
    return UNKNOWN


def microsoft_searcher(location_id: int) -> Searcher:
    location = MicrosoftLocation.objects.filter(location_id=location_id).first()
    if location is None:
        return UNKNOWN
    # "Bing Display Name": the components from the most specific to the least, split by "|".
    parts = [part.strip() for part in location.display_name.split("|") if part.strip()]
    kind = location.location_type.strip().lower()
    if not parts:
        return UNKNOWN
    if kind in POSTAL:
        return Searcher(postal=normalise_postal(parts[0]))
    if kind in CITY:
        return Searcher(city=normalise_city(parts[0]))
    if kind in NEIGHBOURHOOD and len(parts) >= 2:
        return Searcher(city=normalise_city(parts[1]))
    if kind in {"state", "province", "region"}:
        return Searcher(province=normalise_province(parts[0]))
    if kind in PROVINCE and len(parts) >= 3:  # county, metro area: the state it is in
        return Searcher(province=normalise_province(parts[-2]))
    return UNKNOWN
