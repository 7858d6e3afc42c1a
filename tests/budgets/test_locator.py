"""The public store locator: a map, the nearest stores first, today's and holiday hours in the
store's time zone, phone numbers as people dial them."""

import datetime
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from budgets import locator
from listings.models import RegularHoursPeriod, SpecialHours
from listings.services import listing_for
from network.models import Brand
from tests.factories import BrandFactory, FranchiseFactory, LocationFactory, RegionFactory

MONTREAL = (Decimal("45.5017"), Decimal("-73.5673"))
QUEBEC = (Decimal("46.8139"), Decimal("-71.2080"))


def test_distance_between_montreal_and_quebec_city_is_about_233_km():
    assert Decimal("230") < locator.distance_km(MONTREAL, QUEBEC) < Decimal("236")
    assert locator.distance_km(MONTREAL, MONTREAL) == Decimal("0.0")


@pytest.mark.parametrize(
    ("phone", "country", "shown", "target"),
    [
        ("+15145550123", "CA", "(514) 555-0123", "+15145550123"),
        ("+33142685300", "FR", "01 42 68 53 00", "+33142685300"),
        ("", "CA", "", ""),
        ("not a number", "CA", "not a number", ""),
    ],
)
def test_phone_numbers_are_shown_in_national_format_and_dialled_in_e164(phone, country, shown, target):
    assert locator.phone_parts(phone, country) == (shown, target)


@pytest.fixture
def network(db):
    brand = BrandFactory(name="Grande", slug="grande")
    region = RegionFactory(brand=brand, name="Québec", slug="qc")
    stores = {}
    for key, city, postal, (lat, lng), tz, name in [
        ("mtl", "Montréal", "H2X 1K4", MONTREAL, "America/Toronto", "Centre-ville"),
        ("laval", "Laval", "H7N 5H9", (Decimal("45.5697"), Decimal("-73.7240")), "America/Toronto", "Laval"),
        ("qc", "Québec", "G1R 4P5", QUEBEC, "America/Toronto", "Vieux-Québec"),
        ("van", "Vancouver", "V6B 1A1", (Decimal("49.2827"), Decimal("-123.1207")), "America/Vancouver", "Gastown"),
    ]:
        franchise = FranchiseFactory(region=region, slug=f"f-{key}", name=f"Franchise {name}")
        stores[key] = LocationFactory(
            franchise=franchise,
            name=name,
            city=city,
            postal_code=postal,
            latitude=lat,
            longitude=lng,
            time_zone=tz,
            phone="+15145550123",
        )
    return brand, stores


def _cards(html: str) -> list[str]:
    return re.findall(r'<section class="store" data-store="(\d+)"', html)


def test_stores_are_sorted_by_distance_from_the_searched_postal_code(network):
    brand, stores = network
    html = Client().get(f"/{brand.slug}/?q=G1R 2B5").content.decode()
    assert _cards(html) == [str(stores[k].pk) for k in ("qc", "mtl", "laval", "van")]
    assert 'data-distance="0.0"' in html  # the searched area's own store
    html = Client().get(f"/{brand.slug}/?q=laval").content.decode()
    assert _cards(html)[:2] == [str(stores["laval"].pk), str(stores["mtl"].pk)]


def test_a_search_that_cannot_be_placed_lists_every_store_and_says_so(network):
    brand, _stores = network
    html = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/{brand.slug}/?q=Paris").content.decode()
    assert "Nous n'avons pas pu situer « Paris »" in html
    assert len(_cards(html)) == 4


def test_the_map_is_drawn_from_vendored_leaflet_and_a_json_list_of_the_stores(network):
    brand, _stores = network
    html = Client().get(f"/{brand.slug}/").content.decode()
    assert '/static/vendor/leaflet/leaflet.js"' in html and '/static/vendor/leaflet/leaflet.css"' in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert f'data-tiles="{settings.MAP_TILE_URL}"' in html
    points = json.loads(re.search(r'<script id="store-points" type="application/json">(.*?)</script>', html).group(1))
    assert {p["name"] for p in points} == {"Centre-ville", "Laval", "Vieux-Québec", "Gastown"}
    assert (settings.BASE_DIR / "static/vendor/leaflet/leaflet.js").exists()


def test_the_tile_server_is_allowed_by_the_content_security_policy(network):
    brand, _stores = network
    policy = Client().get(f"/{brand.slug}/")["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    assert "script-src 'self';" in policy or policy.endswith("script-src 'self'")


def test_each_card_shows_a_tel_link_in_national_format(network):
    brand, _stores = network
    html = Client().get(f"/{brand.slug}/").content.decode()
    assert '<a class="call" href="tel:+15145550123" data-phone>(514) 555-0123</a>' in html
    assert "+15145550123</a>" not in html


@time_machine.travel(datetime.datetime(2026, 12, 22, 6, 30, tzinfo=datetime.UTC), tick=False)
def test_todays_hours_are_those_of_the_stores_own_day(network):
    """At 06:30 UTC on Tuesday it is Tuesday in Montréal but still Monday evening in Vancouver."""
    brand, stores = network
    for key in ("mtl", "van"):
        listing = listing_for(stores[key])
        RegularHoursPeriod.objects.create(listing=listing, day="MONDAY", open="09:00", close="17:00")
        RegularHoursPeriod.objects.create(listing=listing, day="TUESDAY", open="10:00", close="18:00")
    html = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/{brand.slug}/").content.decode()
    montreal = html.split(f'data-store="{stores["mtl"].pk}"')[1].split("</section>")[0]
    vancouver = html.split(f'data-store="{stores["van"].pk}"')[1].split("</section>")[0]
    assert "Ouvert aujourd&#x27;hui : 10:00–18:00" in montreal
    assert "Ouvert aujourd&#x27;hui : 09:00–17:00" in vancouver


@time_machine.travel(datetime.datetime(2026, 12, 20, 15, 0, tzinfo=datetime.UTC), tick=False)
def test_holiday_hours_of_the_coming_days_are_on_the_card(network):
    brand, stores = network
    listing = listing_for(stores["mtl"])
    SpecialHours.objects.create(listing=listing, date=datetime.date(2026, 12, 25), closed=True)
    SpecialHours.objects.create(
        listing=listing, date=datetime.date(2026, 12, 24), closed=False, open="09:00", close="12:00"
    )
    SpecialHours.objects.create(listing=listing, date=datetime.date(2027, 3, 1), closed=True)  # too far ahead
    html = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/{brand.slug}/").content.decode()
    card = html.split(f'data-store="{stores["mtl"].pk}"')[1].split("</section>")[0]
    assert "Horaires de fêtes : 24/12/2026 : 09:00–12:00 · 25/12/2026 : fermé" in card
    assert "2027" not in card
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/{brand.slug}/").content.decode()
    assert "Holiday hours: 12/24/2026: 09:00–12:00 · 12/25/2026: closed" in english


def test_the_locator_runs_the_same_number_of_queries_for_4_or_24_stores(network, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    brand, stores = network
    with CaptureQueriesContext(connection) as few:
        Client().get(f"/{brand.slug}/?q=H2X")
    region = stores["mtl"].region
    for n in range(20):
        LocationFactory(franchise=FranchiseFactory(region=region, slug=f"more-{n}"), latitude=1, longitude=1)
    for store in Brand.objects.get(pk=brand.pk).locations.all()[:10]:
        RegularHoursPeriod.objects.create(listing=listing_for(store), day="MONDAY", open="09:00", close="17:00")
    with CaptureQueriesContext(connection) as many:
        response = Client().get(f"/{brand.slug}/?q=H2X")
    assert len(_cards(response.content.decode())) == 24
    assert len(many.captured_queries) == len(few.captured_queries)
