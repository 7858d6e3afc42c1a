"""Listing edits: per-field errors, revisions, revert, capabilities and approval."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from franchise_platform.errors import DomainError
from listings.models import ListingRevision, ListingSuggestion, SyncItem
from listings.payload import listing_payload
from listings.services import listing_revert, listing_update, photo_add, suggestion_approve, suggestion_reject

HOURS = [{"day": "MONDAY", "open": "09:00", "close": "12:00"}, {"day": "MONDAY", "open": "13:00", "close": "17:00"}]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_invalid_data_gets_an_error_per_field_and_nothing_is_saved(world, directories):
    user, location = world.users["listings"], world.L1
    revisions = ListingRevision.objects.count()
    with pytest.raises(ValidationError) as error:
        listing_update(
            location=location,
            user=user,
            data={
                "website": "not a url",
                "phone": "123",
                "regular_hours": [*HOURS, {"day": "MONDAY", "open": "16:00", "close": "18:00"}],
                "description": "Nouveau texte",
            },
        )
    errors = error.value.message_dict
    assert set(errors) == {"website", "phone", "regular_hours[2]"}
    assert ListingRevision.objects.count() == revisions
    assert listing_payload(location)["description"] == ""


def test_a_saved_change_is_a_revision_with_its_diff_and_phone_in_e164(world, directories, on_commit):
    user, location = world.users["listings"], world.L1
    with on_commit():
        revision = listing_update(location=location, user=user, data={"phone": "514 555 0142", "regular_hours": HOURS})
    assert revision.number == world.rev_L1.number + 1 and revision.created_by == user
    assert sorted(revision.fields) == ["phone", "regular_hours"]
    assert revision.diff["phone"] == ["+15145550123", "+15145550142"]
    assert listing_payload(location) == revision.payload
    with pytest.raises(TypeError):
        revision.save()
    with pytest.raises(TypeError):
        ListingRevision.objects.filter(pk=revision.pk).update(note="x")


def test_revert_goes_back_to_any_revision_in_one_call(world, directories, on_commit):
    user, location = world.users["listings"], world.L1
    with on_commit():
        first = listing_update(location=location, user=user, data={"description": "Un"})
        listing_update(location=location, user=user, data={"description": "Deux", "regular_hours": HOURS})
        reverted = listing_revert(location=location, revision=first, user=user)
    assert reverted.kind == "revert" and sorted(reverted.fields) == ["description", "regular_hours"]
    assert listing_payload(location)["description"] == "Un"
    assert listing_payload(location)["regular_hours"] == []


def test_each_field_needs_its_capability(world, directories):
    owner, location = world.users["franchisee"], world.L1
    listing_update(location=location, user=owner, data={"regular_hours": HOURS})  # owners edit hours
    with pytest.raises(PermissionDenied):
        listing_update(location=location, user=owner, data={"description": "x"})  # not the profile
    with pytest.raises(PermissionDenied):
        listing_update(location=world.L2, user=owner, data={"regular_hours": HOURS})  # not the neighbour's


def test_in_an_approval_brand_a_franchisee_edit_waits_for_the_region_manager(world, directories, on_commit):
    world.A.requires_listing_approval = True
    world.A.save()
    owner, location = world.users["franchisee"], world.L1
    suggestion = listing_update(location=location, user=owner, data={"regular_hours": HOURS})
    assert isinstance(suggestion, ListingSuggestion) and suggestion.status == "pending"
    assert listing_payload(location)["regular_hours"] == []
    with pytest.raises(PermissionDenied):
        suggestion_approve(suggestion=suggestion, user=owner)
    with on_commit():
        revision = suggestion_approve(suggestion=suggestion, user=world.users["region"])
    assert revision.kind == "suggestion" and listing_payload(location)["regular_hours"] == HOURS
    with pytest.raises(DomainError):
        suggestion_reject(suggestion=suggestion, user=world.users["listings"])


def test_a_rejected_suggestion_changes_nothing(world, directories):
    world.A.requires_listing_approval = True
    world.A.save()
    suggestion = listing_update(location=world.L1, user=world.users["franchisee"], data={"regular_hours": HOURS})
    suggestion_reject(suggestion=suggestion, user=world.users["listings"], note="Horaires faux")
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected" and listing_payload(world.L1)["regular_hours"] == []


def test_a_photo_is_validated_stored_and_published(world, directories, on_commit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "blue").save(out, format="PNG")
    with on_commit():
        revision = photo_add(
            location=world.L1,
            category="EXTERIOR",
            content=out.getvalue(),
            filename="facade.png",
            user=world.users["listings"],
        )
    assert revision.fields == ["photos"]
    assert listing_payload(world.L1)["photos"][0]["category"] == "EXTERIOR"
    assert SyncItem.objects.filter(revision=revision).exists()
    with pytest.raises(PermissionDenied):
        photo_add(
            location=world.L1, category="LOGO", content=out.getvalue(), filename="x.png", user=world.users["franchisee"]
        )


def test_the_api_patch_reports_each_bad_field_and_saves_nothing(world, directories):
    from tests.world import client_for

    response = client_for(world, "listings").patch(
        f"/api/v1/locations/{world.L1.pk}/listing/",
        {
            "special_hours": [{"date": "2026-12-24", "open": "14:00", "close": "09:00"}],
            "latitude": "95",
            "website": "ftp://x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"special_hours[0].close", "latitude", "website"}
    assert listing_payload(world.L1)["latitude"] is None
