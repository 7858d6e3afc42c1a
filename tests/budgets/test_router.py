"""The click router: choices, recording, bots, repeated ids, hostile input, and its query count."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import router
from budgets.models import Click, GeoTarget, MicrosoftLocation, Territory
from tests.budgets.helpers import fund, make_pool, spend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_tables():
    router.reset()
    yield
    router.reset()


@pytest.fixture
def pool(world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "300.00")
    fund(pool, world.F2, "100.00")
    Territory.objects.create(franchise=world.F1, kind="postal_prefix", value="H2X")
    Territory.objects.create(franchise=world.F2, kind="postal_prefix", value="750")
    Territory.objects.create(franchise=world.F2, kind="city", value="Laval")
    return pool


def go(client, pool_slug="t-pool", **params):
    return client.get(f"/go/{pool_slug}/", params, HTTP_USER_AGENT="Mozilla/5.0")


def test_a_click_from_a_franchise_territory_goes_to_its_page_with_utm_parameters(client, pool):
    response = go(client, kw="alpha assurance", match="e", gclid="g-1", device="m", loc="H2X 1K4")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/alpha/f1/" and not url.netloc
    query = parse_qs(url.query)
    assert query["utm_source"] == ["google"] and query["utm_term"] == ["alpha assurance"]
    assert query["click"] == ["g-1"]
    click = Click.objects.get(pool=pool)
    assert (click.franchise.slug, click.keyword.text, click.match_type, click.device, click.place) == (
        "f1",
        "alpha assurance",
        "e",
        "m",
        "H2X1K4",
    )


def test_a_city_from_a_google_geo_target_routes_to_the_franchise_of_that_city(client, pool):
    GeoTarget.objects.create(
        criteria_id=1002604, name="Laval", canonical_name="Laval,Quebec,Canada", target_type="City"
    )
    response = go(client, kw="assurance auto", geo="1002604", gclid="g-laval")
    assert urlsplit(response["Location"]).path == "/alpha/f2/"
    assert Click.objects.get(pool=pool).geo_criteria_id == 1002604


def test_a_city_from_a_microsoft_location_id_is_read_in_microsofts_table(client, pool):
    GeoTarget.objects.create(criteria_id=1002604, name="Montreal", target_type="City")  # Google's: not used
    MicrosoftLocation.objects.create(location_id=1002604, display_name="Laval|Québec|Canada", location_type="City")
    response = go(client, kw="assurance auto", geo="1002604", msclkid="m-1")
    assert urlsplit(response["Location"]).path == "/alpha/f2/"
    assert parse_qs(urlsplit(response["Location"]).query)["utm_source"] == ["bing"]
    assert Click.objects.get(pool=pool).geo_criteria_id is None


def test_no_covering_franchise_goes_to_the_store_locator_and_the_franchisor(client, pool):
    response = go(client, kw="alpha assurance", loc="G1R 2B5")
    assert urlsplit(response["Location"]).path == "/alpha/"
    assert Click.objects.get(pool=pool).franchise is None


def test_unknown_searcher_is_shared_by_contribution(client, pool):
    paths = [urlsplit(go(client, kw="alpha assurance").url).path for _ in range(8)]
    assert paths.count("/alpha/f1/") == 6 and paths.count("/alpha/f2/") == 2


def test_a_franchise_whose_balance_is_used_up_is_skipped(client, world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "10.00")
    fund(pool, world.F3, "5000.00")
    spend(pool, world.F1, "10.00")
    paths = {urlsplit(go(client, loc="H2X1A1").url).path for _ in range(6)}
    assert paths == {"/alpha/f3/"}


def test_pacing_stops_a_franchise_once_its_daily_budget_is_reached(client, world):
    pool = make_pool(world.A)
    fund(pool, world.F1, "1.00")  # at the default CPC of 1.50: one click today, then paced
    paths = [urlsplit(go(client, loc="H2X1A1").url).path for _ in range(3)]
    assert paths == ["/alpha/f1/", "/alpha/", "/alpha/"]


def test_a_repeated_click_id_counts_once(client, pool):
    for _ in range(3):
        assert go(client, gclid="same-click", loc="H2X").status_code == 302
    assert Click.objects.filter(pool=pool).count() == 1


def test_known_bots_are_redirected_but_marked_and_never_counted(client, pool):
    response = client.get("/go/t-pool/", {"loc": "H2X"}, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert response.status_code == 302
    assert Click.objects.get(pool=pool).is_bot is True


def test_unknown_pool_is_a_404_not_a_redirect(client, pool):
    assert go(client, pool_slug="nope").status_code == 404


def test_a_warm_router_request_makes_a_single_query(client, pool):
    go(client, loc="H2X", gclid="warm-up")
    with CaptureQueriesContext(connection) as queries:
        assert go(client, kw="alpha assurance", loc="H2X", gclid="second").status_code == 302
    assert len(queries) == 1, [q["sql"] for q in queries]


HOSTILE = [
    {"kw": "//evil.example/"},
    {"kw": "https://evil.example", "loc": "javascript:alert(1)"},
    {"kw": "\x00\x01", "gclid": "\x00" * 10},
    {"kw": "x" * 100_000},
    {"loc": "999999,99999", "geo": "9" * 40},
    {"geo": "-1", "device": "<script>"},
    {"next": "https://evil.example", "url": "//evil"},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_parameters_never_fail_and_never_leave_the_site(client, pool, params):
    response = go(client, **params)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/alpha/") and not location.startswith("//")


def test_bad_encodings_and_odd_paths_never_fail(client, pool):
    response = client.get("/go/t-pool/?kw=%ff%fe%00&loc=%c3%28&gclid=%e2%82")
    assert response.status_code == 302 and response["Location"].startswith("/alpha/")
    assert client.get("/go/%2F%2Fevil.example/").status_code == 404
    assert client.get("/go/" + "a" * 500 + "/").status_code == 404


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["kw", "match", "gclid", "msclkid", "device", "geo", "loc"]), st.text()))
def test_any_parameters_get_an_on_site_redirect(client, pool, params):
    response = go(client, **params)
    assert response.status_code == 302
    assert response["Location"].startswith("/alpha/")


def test_a_searcher_within_a_franchise_radius_goes_to_it(client, world):
    from decimal import Decimal

    pool = make_pool(world.A)
    fund(pool, world.F1, "100.00")
    fund(pool, world.F3, "100.00")
    world.L1.latitude, world.L1.longitude = Decimal("45.5088"), Decimal("-73.5617")
    world.L1.save()
    Territory.objects.create(franchise=world.F1, kind="radius", radius_km=Decimal("5"))
    Territory.objects.create(franchise=world.F3, kind="postal_prefix", value="G1R")
    assert urlsplit(go(client, loc="45.51,-73.57").url).path == "/alpha/f1/"
    assert urlsplit(go(client, loc="46.81,-71.21").url).path == "/alpha/"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the writer thread needs a real shared database")
@pytest.mark.django_db(transaction=True)
def test_write_behind_batches_clicks_and_loses_none(client, settings):
    from budgets import clickwriter
    from tests.factories import FranchiseFactory, LocationFactory

    settings.BUDGETS_CLICK_WRITE_BEHIND_MS = 5
    franchise = FranchiseFactory()
    LocationFactory(franchise=franchise)
    pool = make_pool(franchise.brand, slug="behind")
    fund(pool, franchise, "100000.00")
    for n in range(60):
        assert client.get("/go/behind/", {"gclid": f"wb-{n % 50}"}, HTTP_USER_AGENT="x").status_code == 302
    clickwriter.shutdown()
    assert Click.objects.filter(pool=pool).count() == 50  # 10 repeated click ids kept once


def test_the_fast_lane_redirect_carries_the_security_headers_and_no_cookie(client, pool):
    response = go(client, loc="H2X", gclid="headers")
    assert response.status_code == 302
    assert "default-src" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_the_router_skips_the_session_and_csrf_middleware_but_not_the_checks(client, pool):
    # A logged-in visitor's click is still anonymous: no session read, no cookie refreshed.
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = go(client, loc="H2X", gclid="logged-in")
    assert response.status_code == 302 and not response.cookies
    # Other methods and the path without its slash go down the ordinary chain.
    assert client.post("/go/t-pool/", {"kw": "x"}).status_code in (403, 405)
    assert client.get("/go/t-pool", {"loc": "H2X"}).status_code == 301
    assert Click.objects.filter(pool=pool).count() == 1


def test_query_parameters_read_like_request_get():
    assert router.query_params("kw=a+b&kw=c%20d&loc=H2X") == {"kw": "c d", "loc": "H2X"}
    assert router.query_params("kw=%ff%fe")["kw"] == "\ufffd\ufffd"
    assert router.query_params("kw=" + "\xe9")["kw"] == "é"  # a raw Latin-1 byte in the URL
    assert router.query_params("&".join(f"p{n}=1" for n in range(5000))) == {}
    assert router.query_params("") == {}


def test_too_many_parameters_still_get_a_redirect(client, pool):
    query = "&".join(f"p{n}=1" for n in range(3000))
    response = client.get(f"/go/t-pool/?{query}")
    assert response.status_code == 302 and response["Location"].startswith("/alpha/")
