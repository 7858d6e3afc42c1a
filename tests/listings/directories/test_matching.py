from decimal import Decimal

from listings.directories.matching import DUPLICATE_THRESHOLD, MATCH_THRESHOLD, similarity

CENTRAL = {"street": "12 rue du Marché Central", "city": "Montréal", "postal_code": "H4N 1J8", "country": "CA"}


def store(name, address=CENTRAL, phone="+15145550142"):
    return {"name": name, "address": address, "phone": phone}


def test_the_same_listing_scores_one():
    assert similarity(store("Nike Outlet"), store("Nike Outlet")) == Decimal("1.000")


def test_nike_factory_at_the_same_address_and_phone_is_a_duplicate_of_nike_outlet():
    assert similarity(store("Nike Outlet"), store("Nike Factory Marche Central")) >= DUPLICATE_THRESHOLD


def test_abbreviations_accents_and_phone_formats_do_not_hide_a_duplicate():
    ours = store(
        "Grande Assurance Plateau", {"street": "123 rue Saint-Denis", "postal_code": "H2X 1K4", "city": "Montréal"}
    )
    theirs = store(
        "GRANDE ASSURANCE - PLATEAU",
        {"street": "123, r. St-Denis", "postal_code": "h2x1k4", "city": "Montreal"},
        phone="(514) 555-0142",
    )
    assert similarity(ours, theirs) >= DUPLICATE_THRESHOLD


def test_a_neighbour_in_the_same_mall_with_another_name_and_phone_is_not_a_duplicate():
    score = similarity(store("Nike Outlet"), store("Boulangerie Rivard", phone="+15145559876"))
    assert score < DUPLICATE_THRESHOLD


def test_another_business_elsewhere_is_not_even_a_match():
    elsewhere = {"street": "4 avenue Laurier", "city": "Québec", "postal_code": "G1R 2L3", "country": "CA"}
    assert similarity(store("Nike Outlet"), store("Boulangerie Rivard", elsewhere, "+14185550000")) < MATCH_THRESHOLD


def test_the_same_brand_elsewhere_is_not_a_duplicate():
    elsewhere = {"street": "900 boulevard Le Corbusier", "city": "Laval", "postal_code": "H7T 2K6", "country": "CA"}
    assert similarity(store("Nike Outlet"), store("Nike Outlet", elsewhere, "+14505550100")) < DUPLICATE_THRESHOLD
