"""Linking stores to directory listings, duplicates, reviews and statistics, against the
simulator over HTTP and the real database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from franchise_platform.errors import DomainError
from listings.directories import selectors, services, tasks
from listings.models import DirectoryLink, DuplicateCandidate, DuplicateStatus, ListingDailyStats, Review
from network.models import AuditLog
from tests.listings.native import native

pytestmark = pytest.mark.django_db


def store_payload(location, **changes):
    return {**services.location_payload(location), **changes}


@pytest.fixture
def l1(world):
    # These tests build their own directory rows, from the directories.
    for model in (DirectoryLink, Review, DuplicateCandidate):
        model.objects.all().delete()
    location = world.L1
    location.name, location.street_address, location.postal_code = "Nike Outlet", "12 rue du Marché Central", "H4N 1J8"
    location.phone = "+15145550142"
    location.save()
    return location


@pytest.fixture
def nike(l1, sim, directories):
    """On Google: the store's listing, a duplicate under another name, and a bakery next door."""
    ours, duplicate, bakery = sim.seed(
        {"directory": "google", **native("google", store_payload(l1))},
        {"directory": "google", **native("google", store_payload(l1, name="Nike Factory Marche Central"))},
        {
            "directory": "google",
            **native("google", store_payload(l1, name="Boulangerie Nike d'Or", phone="+15145559876")),
        },
    )
    return ours, duplicate, bakery


def test_search_ranks_the_stores_own_listing_first(world, l1, nike):
    ours, duplicate, _bakery = nike
    found = services.directory_search(user=world.users["franchisor"], location=l1, directory="google")
    assert [m["external_id"] for m in found][:2] == [ours, duplicate]
    assert found[0]["score"] == Decimal("1.000")
    assert found[0]["linked_location"] is None


def test_a_listings_editor_links_a_store_and_it_is_audited(world, l1, nike):
    link = services.directory_link(user=world.users["listings"], location=l1, directory="google", external_id=nike[0])
    assert (link.external_id, link.status) == (nike[0], "linked")
    assert AuditLog.objects.filter(action="listings.directory_linked", target_id=str(l1.pk)).exists()
    found = services.directory_search(user=world.users["franchisor"], location=l1, directory="google")
    assert found[0]["linked_location"] == l1.pk


def test_a_franchisee_owner_may_not_link_listings(world, l1, nike):
    with pytest.raises(PermissionDenied):
        services.directory_link(user=world.users["franchisee"], location=l1, directory="google", external_id=nike[0])
    with pytest.raises(PermissionDenied):
        services.directory_search(user=world.users["franchisee2"], location=l1, directory="google")


def test_a_listing_links_to_one_store_only_and_must_exist(world, l1, nike):
    services.directory_link(user=world.users["franchisor"], location=l1, directory="google", external_id=nike[0])
    with pytest.raises(DomainError) as taken:
        services.directory_link(
            user=world.users["franchisor"], location=world.L3, directory="google", external_id=nike[0]
        )
    assert taken.value.code == "already_linked"
    with pytest.raises(DomainError) as missing:
        services.directory_link(
            user=world.users["franchisor"], location=world.L3, directory="google", external_id="999"
        )
    assert missing.value.code == "not_found"


def test_creating_a_listing_publishes_the_store_and_links_it(world, l1, sim, directories):
    link = services.directory_create(user=world.users["franchisor"], location=l1, directory="pagesjaunes")
    fiche = sim.state("pagesjaunes", link.external_id).json()
    assert (fiche["denomination"], fiche["telephones"][0]["numero"], fiche["adresse"]["code_postal"]) == (
        "Nike Outlet",
        "+15145550142",
        "H4N 1J8",
    )
    shown = services.read_listing(l1, "pagesjaunes")
    assert (shown["name"], shown["phone"]) == ("Nike Outlet", "+15145550142")
    with pytest.raises(DomainError):
        services.directory_create(user=world.users["franchisor"], location=l1, directory="pagesjaunes")


def test_reading_an_unlinked_store_says_so(l1, directories):
    with pytest.raises(DomainError) as error:
        services.read_listing(l1, "facebook")
    assert error.value.code == "not_linked"


def test_a_directory_that_fails_is_a_clear_error(world, l1, sim, directories):
    sim.faults(directory="*", error_rate=1.0)
    with pytest.raises(DomainError) as error:
        services.directory_create(user=world.users["franchisor"], location=l1, directory="pagesjaunes")
    assert error.value.code == "directory_unavailable"
    assert not DirectoryLink.objects.exists()


def test_facebook_pages_are_not_created_through_the_api_and_the_user_is_told_what_to_do(world, l1, directories):
    with pytest.raises(DomainError) as error:
        services.directory_create(user=world.users["franchisor"], location=l1, directory="facebook")
    assert error.value.code == "directory_refused"
    assert error.value.message == (
        "Facebook ne permet pas de créer des fiches par API : créez-la sur Facebook, puis reliez le point de vente."
    )
    assert not DirectoryLink.objects.exists()


def test_the_nike_factory_listing_is_flagged_as_a_duplicate_and_the_bakery_is_not(world, l1, nike):
    ours, duplicate, _bakery = nike
    link = services.directory_link(user=world.users["franchisor"], location=l1, directory="google", external_id=ours)
    flagged = services.duplicates_detect(link=link)
    assert [c.external_id for c in flagged] == [duplicate]
    assert flagged[0].payload["name"] == "Nike Factory Marche Central"
    assert flagged[0].score >= Decimal("0.6")
    services.duplicates_detect(link=link)  # a rerun refreshes, never doubles
    assert DuplicateCandidate.objects.count() == 1


def test_a_duplicate_is_sent_for_suppression_once(world, l1, nike):
    link = services.directory_link(user=world.users["franchisor"], location=l1, directory="google", external_id=nike[0])
    (candidate,) = services.duplicates_detect(link=link)
    with pytest.raises(PermissionDenied):
        services.duplicate_request_suppression(user=world.users["franchisee"], duplicate=candidate)
    candidate = services.duplicate_request_suppression(user=world.users["region"], duplicate=candidate)
    assert candidate.status == DuplicateStatus.SUPPRESSION_REQUESTED
    assert services.duplicate_request_suppression(user=world.users["region"], duplicate=candidate).status == (
        DuplicateStatus.SUPPRESSION_REQUESTED
    )
    with pytest.raises(DomainError):
        services.duplicate_dismiss(user=world.users["region"], duplicate=candidate)
    services.duplicates_detect(link=link)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.SUPPRESSION_REQUESTED


@pytest.fixture
def reviewed(world, l1, sim, directories):
    (external_id,) = sim.seed(
        {
            "directory": "facebook",
            **native("google", store_payload(l1)),
            "reviews": [
                {
                    "review_id": "fb1",
                    "author": "Julie",
                    "rating": 5,
                    "text": "Parfait",
                    "created_at": "2026-11-01T10:00:00Z",
                },
                {
                    "review_id": "fb2",
                    "author": "Marc",
                    "rating": 2,
                    "text": "Long",
                    "created_at": "2026-11-02T10:00:00Z",
                    "reply": {"text": "Merci Marc", "updated_at": "2026-11-03T08:00:00Z"},
                },
            ],
        }
    )
    return services.directory_link(
        user=world.users["franchisor"], location=l1, directory="facebook", external_id=external_id
    )


def test_reviews_are_imported_once_with_the_replies_shown_on_the_directory(reviewed):
    assert services.reviews_import(link=reviewed) == 2
    assert services.reviews_import(link=reviewed) == 0
    marc = Review.objects.get(external_review_id="fb2")
    assert (marc.rating, marc.reply_text, marc.replied_at.isoformat()) == (2, "Merci Marc", "2026-11-03T08:00:00+00:00")


def test_a_franchisee_owner_replies_and_the_reply_shows_on_the_directory(world, reviewed, sim):
    services.reviews_import(link=reviewed)
    julie = Review.objects.get(external_review_id="fb1")
    services.review_reply(user=world.users["franchisee"], review=julie, text="Merci Julie !")
    julie.refresh_from_db()
    assert (julie.reply_text, julie.replied_by) == ("Merci Julie !", world.users["franchisee"])
    services.reviews_import(link=reviewed)
    julie.refresh_from_db()
    assert julie.reply_text == "Merci Julie !" and julie.replied_by == world.users["franchisee"]


@pytest.mark.parametrize("role", ["staff1", "franchisee2", "marketing"])
def test_replying_needs_the_reply_reviews_right_on_the_store(world, reviewed, role):
    services.reviews_import(link=reviewed)
    with pytest.raises(PermissionDenied):
        services.review_reply(user=world.users[role], review=Review.objects.get(external_review_id="fb1"), text="Merci")


def test_a_reply_the_directory_did_not_take_is_not_recorded(world, reviewed, sim):
    services.reviews_import(link=reviewed)
    julie = Review.objects.get(external_review_id="fb1")
    sim.faults(directory="facebook", rate_limit_rate=1.0)
    with pytest.raises(DomainError):
        services.review_reply(user=world.users["franchisee"], review=julie, text="Merci")
    julie.refresh_from_db()
    assert julie.reply_text == ""
    with pytest.raises(DomainError):
        services.review_reply(user=world.users["franchisee"], review=julie, text="   ")


def test_the_48_hour_indicator_counts_reviews_left_without_reply(world, reviewed):
    services.reviews_import(link=reviewed)
    now = datetime.datetime(2026, 11, 3, 12, tzinfo=datetime.UTC)
    row = selectors.locations_with_review_counts(user=world.users["franchisee"], now=now).get()
    assert (row.review_count, row.unanswered_count, row.overdue_count) == (2, 1, 1)
    assert not selectors.locations_with_review_counts(user=world.users["franchisee2"], now=now).exists()
    julie = Review.objects.get(external_review_id="fb1")
    assert selectors.review_is_overdue(julie, now) is True
    assert selectors.review_is_overdue(julie, datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)) is False


def test_daily_statistics_are_imported_idempotently(world, l1, sim, directories):
    (external_id,) = sim.seed(
        {
            "directory": "google",
            **native("google", store_payload(l1)),
            "reviews": [{"rating": 4}, {"rating": 5}],
            "stats": [{"day": "2026-11-20", "views": 120, "calls": 4, "direction_requests": 9, "website_clicks": 3}],
        }
    )
    link = services.directory_link(
        user=world.users["franchisor"], location=l1, directory="google", external_id=external_id
    )
    day = datetime.date(2026, 11, 20)
    services.stats_import(link=link, day=day)
    row = services.stats_import(link=link, day=day)
    assert ListingDailyStats.objects.count() == 1
    assert (row.views, row.calls, row.direction_requests, row.website_clicks, row.review_count, row.rating) == (
        120,
        4,
        9,
        3,
        2,
        Decimal("4.50"),
    )


def test_the_daily_import_task_brings_statistics_reviews_and_duplicates(
    world, l1, nike, sim, django_capture_on_commit_callbacks
):
    link = services.directory_link(user=world.users["franchisor"], location=l1, directory="google", external_id=nike[0])
    sim.seed({"directory": "google", "external_id": nike[0], "reviews": [{"review_id": "g1", "rating": 3}]})
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_import.delay("2026-11-21").get() == 1
    assert ListingDailyStats.objects.get(location=l1, directory="google").day == datetime.date(2026, 11, 21)
    assert Review.objects.filter(location=l1).count() == 1
    assert DuplicateCandidate.objects.filter(location=l1).count() == 1
    link.status = "unlinked"
    link.save()
    assert tasks.import_reviews.delay(link.pk).get() is None


def test_a_task_retries_a_directory_that_is_down(world, l1, nike, sim):
    from celery.exceptions import Retry

    link = services.directory_link(user=world.users["franchisor"], location=l1, directory="google", external_id=nike[0])
    sim.faults(directory="google", error_rate=1.0)
    with pytest.raises(Retry):
        tasks.import_reviews.apply(args=[link.pk], throw=True)


def test_a_create_whose_answer_was_lost_links_the_listing_it_made(world, l1, sim, directories):
    sim.faults(directory="pagesjaunes", lost_response_rate=1.0)
    link = services.directory_create(user=world.users["franchisor"], location=l1, directory="pagesjaunes")
    assert sim.state("pagesjaunes", link.external_id).json()["denomination"] == "Nike Outlet"
    sim.faults(directory="pagesjaunes")
    found = services.directory_search(user=world.users["franchisor"], location=l1, directory="pagesjaunes")
    assert [m["external_id"] for m in found] == [link.external_id]
