"""Routing by the ad platforms' own location ids.

The two tables are hand-written excerpts of each platform's published file, in its format:
Google's geotargets CSV (Criteria ID, Name, Canonical Name, Parent ID, Country Code, Target Type,
Status; the US and Spanish rows, 2124, 20121, 20123 and 1002604 are Google's published ids) and
Microsoft Advertising's geographical location codes file, version 2.0 (Location Id, Bing Display
Name, Location Type, Replaces, Status; 32 and 190 are its country ids). Each is loaded through
its own import command; the same number means different places on the two platforms (Google's
1002604 is Laval, Microsoft's is Toronto here), and each platform's ids are read in its table only.
"""

from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core.management import call_command

from budgets import router
from budgets.models import Click
from tests.budgets.helpers import fund, make_pool
from tests.factories import FranchiseFactory, LocationFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "geo"
pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"

# The pool's franchises and where their stores are (no territory drawn: their stores' areas).
STORES = {
    "f1": ("Montréal", "QC", "H2X 1K4"),
    "f2": ("St-Jérôme", "QC", "J7Z 1A1"),
    "f3": ("Québec", "Québec", "G1R 2B5"),
    "to": ("Toronto", "ON", "M5V 2T6"),
    "ny": ("New York", "New York", "10001"),
    "ta": ("Tampa", "Florida", "33611"),
    "ma": ("Madrid", "Comunidad de Madrid", "28018"),
}
EVERYONE = frozenset(STORES)
QUEBEC = frozenset({"f1", "f2", "f3"})


@pytest.fixture
def pool(world):
    call_command("import_geotargets", str(FIXTURES / "google_geotargets_excerpt.csv"))
    call_command("import_microsoft_locations", str(FIXTURES / "microsoft_locations_excerpt.csv"))
    pool = make_pool(world.A)
    franchises = {"f1": world.F1, "f2": world.F2, "f3": world.F3}
    for slug in ("to", "ny", "ta", "ma"):
        franchises[slug] = FranchiseFactory(region=world.A1, slug=slug, brand=world.A)
    for slug, (city, state, postal) in STORES.items():
        franchise = franchises[slug]
        franchise.locations.all().delete()
        LocationFactory(franchise=franchise, city=city, state=state, postal_code=postal, latitude=None, longitude=None)
        fund(pool, franchise, "100.00")
    router.reset()
    yield pool
    router.reset()


TABLE = [
    # Google Ads criteria ids (geotargets)
    ("google", 2124, EVERYONE, "country: tells nothing, every franchise shares"),
    ("google", 20123, QUEBEC, "province: fair share among the franchises in Quebec"),
    ("google", 20121, {"to"}, "province of Ontario"),
    ("google", 1002604, set(), "Laval: no franchise covers it (brand page)"),
    ("google", 1002451, {"f1"}, "Montreal ↔ Montréal"),
    ("google", 1002624, {"f3"}, "Quebec City ↔ Québec"),
    ("google", 1002632, {"f2"}, "Saint-Jerome ↔ St-Jérôme"),
    ("google", 1002585, set(), "Gatineau: nobody"),
    ("google", 9000181, {"f1"}, "neighbourhood Le Plateau-Mont-Royal through its parent city Montreal"),
    ("google", 9000182, {"f3"}, "neighbourhood Vieux-Québec through Quebec City"),
    ("google", 9001545, {"f1"}, "postal code H2X"),
    ("google", 9001556, {"f3"}, "postal code G1R"),
    ("google", 9001601, set(), "postal code J9H: nobody"),
    ("google", 1002321, {"to"}, "Toronto"),
    ("google", 2840, EVERYONE, "United States: country"),
    ("google", 21167, {"ny"}, "state of New York"),
    ("google", 1023191, {"ny"}, "New York City"),
    ("google", 9058770, {"ny"}, "Queens county, through its state"),
    ("google", 21142, {"ta"}, "Florida"),
    ("google", 1015214, {"ta"}, "Tampa"),
    ("google", 9012102, {"ta"}, "postal code 33611"),
    ("google", 2724, EVERYONE, "Spain: country"),
    ("google", 20275, set(), "Castile and Leon: no franchise in it"),
    ("google", 9047048, set(), "province of Burgos: nobody"),
    ("google", 1005493, {"ma"}, "Madrid"),
    ("google", 9061044, {"ma"}, "Puente de Vallecas through Madrid"),
    ("google", 987654321, EVERYONE, "unknown id: tells nothing"),
    # Microsoft Advertising location ids (its own file)
    ("microsoft", 32, EVERYONE, "Canada: country"),
    ("microsoft", 190, EVERYONE, "United States: country"),
    ("microsoft", 1002604, {"to"}, "Microsoft's 1002604 is Toronto, never Google's Laval"),
    ("microsoft", 20123, set(), "Microsoft's 20123 is Laval, never Google's Quebec province"),
    ("microsoft", 111, QUEBEC, "state Québec: fair share"),
    ("microsoft", 112, {"to"}, "state Ontario"),
    ("microsoft", 60320, {"f3"}, "Québec (city)"),
    ("microsoft", 60321, {"f1"}, "Montréal"),
    ("microsoft", 60322, {"f2"}, "Saint-Jérôme ↔ St-Jérôme"),
    ("microsoft", 60323, set(), "Gatineau: nobody"),
    ("microsoft", 81001, {"f1"}, "neighbourhood through its city Montréal"),
    ("microsoft", 81002, {"f3"}, "Vieux-Québec through Québec"),
    ("microsoft", 90210, {"f1"}, "postal code H2X"),
    ("microsoft", 90211, {"f3"}, "postal code G1R"),
    ("microsoft", 5001, {"ny"}, "New York"),
    ("microsoft", 5002, {"ny"}, "state of New York"),
    ("microsoft", 5003, {"ny"}, "Queens county: its state"),
    ("microsoft", 5004, {"ta"}, "Tampa"),
    ("microsoft", 5005, {"ta"}, "postal code 33611"),
    ("microsoft", 2124, EVERYONE, "an id of Google's table only: unknown to Microsoft"),
    ("microsoft", 9061044, EVERYONE, "unknown id"),
]


def test_the_routing_table_of_real_location_ids(pool):
    table = router.table_for(pool.slug)
    results = {
        (source, location_id): {route.slug for route in table.covering_routes(router.geo_searcher(location_id, source))}
        for source, location_id, _expected, _why in TABLE
    }
    assert len(TABLE) >= 30
    wrong = [
        (source, location_id, why, sorted(results[(source, location_id)]))
        for source, location_id, expected, why in TABLE
        if results[(source, location_id)] != set(expected)
    ]
    assert wrong == []


def go(client, **params):
    query = "&".join(f"{key}={quote(str(value), safe='{}')}" for key, value in params.items())
    return client.get(f"/go/{router_slug()}/?{query}", HTTP_USER_AGENT=BROWSER)


def router_slug():
    return "t-pool"


def test_a_province_is_shared_fairly_among_its_franchises(client, pool):
    paths = [urlsplit(go(client, src="google", geo=20123, gclid=f"g{n}")["Location"]).path for n in range(6)]
    assert sorted(paths) == ["/alpha/f1/"] * 2 + ["/alpha/f2/"] * 2 + ["/alpha/f3/"] * 2


def test_quebec_city_reaches_the_franchise_of_quebec(client, pool):
    response = go(client, src="google", geo=1002624, gclid="g-qc")
    assert urlsplit(response["Location"]).path == "/alpha/f3/"
    assert Click.objects.get(click_id="g-qc").geo_criteria_id == 1002624


def test_a_microsoft_click_reads_microsofts_ids_and_its_location_of_interest(client, pool):
    # Without a `src`, the msclkid tells the platform; its 1002604 is Toronto, not Google's Laval.
    assert urlsplit(go(client, msclkid="m-1", geo=1002604)["Location"]).path == "/alpha/to/"
    # Physical location unexpanded: the location of interest decides.
    response = go(client, src="microsoft", msclkid="m-2", geo="{loc_physical_ms}", geo_int=60320)
    assert urlsplit(response["Location"]).path == "/alpha/f3/"
    click = Click.objects.get(click_id="m-2")
    assert click.geo_criteria_id is None  # Microsoft's ids are not Google's criteria ids


def test_the_interest_location_is_used_when_the_physical_one_is_unknown(client, pool):
    response = go(client, src="google", gclid="g-int", geo=987654321, geo_int=1015214)
    assert urlsplit(response["Location"]).path == "/alpha/ta/"


def test_unexpanded_macros_are_absent_values(client, pool):
    response = go(
        client,
        src="google",
        kw="{keyword}",
        gclid="{gclid}",
        match="{matchtype}",
        device="{device}",
        geo="{loc_physical_ms}",
        geo_int="{loc_interest_ms}",
        url="{lpurl}",
    )
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert "click" not in query and query.get("utm_term") is None
    click = Click.objects.get(pool=pool)
    assert (click.click_id, click.keyword_text, click.match_type, click.device, click.geo_criteria_id) == (
        "",
        "",
        "",
        "",
        None,
    )


def test_the_advertisers_final_url_parameters_are_kept_but_never_its_host_or_path(client, pool):
    final = "https://www.grande-assurance.example/auto/?utm_source=gads&utm_content=ad-7&promo=AUTO10"
    response = go(client, src="google", gclid="g-lp", geo=1002451, url=final)
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == ("", "", "/alpha/f1/")
    query = parse_qs(location.query)
    assert query["promo"] == ["AUTO10"]
    assert query["utm_content"] == ["ad-7"]
    assert query["utm_source"] == ["gads"]  # the advertiser's own wins
    assert query["utm_campaign"] == ["t-pool"]
    assert query["click"] == ["g-lp"]
    # Escaped once more by the platform, and a hostile one: still only its parameters.
    escaped = quote("https://evil.example/phish?promo=X1&click=forged&next=https://evil.example", safe="")
    response = go(client, src="google", gclid="g-lp2", geo=1002451, url=escaped)
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path) == ("", "/alpha/f1/")
    query = parse_qs(location.query)
    assert query["promo"] == ["X1"] and query["click"] == ["g-lp2"]


def test_the_pool_page_gives_templates_with_both_location_macros(world, client, pool):
    client.force_login(world.users["franchisor"])
    page = client.get(f"/budgets/pools/{pool.pk}/").content.decode()
    assert "src=microsoft&amp;kw={keyword}" in page or "src=microsoft&kw={keyword}" in page
    assert "geo_int={loc_interest_ms}" in page
