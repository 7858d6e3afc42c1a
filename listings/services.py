"""Writes of listing data: edits become immutable revisions (or suggestions) and sync batches."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from listings import permissions
from listings.changes import stored_field_list
from listings.models import (
    Listing,
    ListingPhoto,
    ListingRevision,
    ListingSuggestion,
    RegularHoursPeriod,
    RevisionKind,
    SpecialHours,
    SuggestionStatus,
)
from listings.payload import FIELDS, build_payload, diff, empty_payload, listing_payload
from listings.photos import clean_photo
from listings.validation import clean_listing_data
from network.audit import audit

# Listings -----------------------------------------------------------------------------------


def listing_for(location) -> Listing:
    """The location's listing, created with its initial revision the first time."""
    return ensure_listings([location])[location.pk]


def ensure_listings(locations) -> dict[int, Listing]:
    """Listings of these locations by location id, creating the missing ones in bulk."""
    locations = list(locations)
    existing = {
        listing.location_id: listing
        for listing in Listing.objects.filter(location__in=locations).select_related("current_revision")
    }
    missing = [location for location in locations if location.pk not in existing]
    if missing:
        with transaction.atomic():
            Listing.objects.bulk_create([Listing(location=location) for location in missing])
            created = list(Listing.objects.filter(location__in=missing))
            by_location = {location.pk: location for location in missing}
            revisions = ListingRevision.objects.bulk_create(
                [
                    ListingRevision(
                        listing=listing,
                        number=1,
                        kind=RevisionKind.INITIAL,
                        fields=[],
                        diff={},
                        payload=empty_payload(by_location[listing.location_id]),
                    )
                    for listing in created
                ]
            )
            if revisions[0].pk is None:  # back ends that do not return ids from bulk inserts
                revisions = list(ListingRevision.objects.filter(listing__in=created, number=1))
            by_listing = {revision.listing_id: revision for revision in revisions}
            for listing in created:
                listing.current_revision = by_listing[listing.pk]
            Listing.objects.bulk_update(created, ["current_revision"])
            existing.update({listing.location_id: listing for listing in created})
    return existing


def current_payload(listing: Listing) -> dict:
    return listing.current_revision.payload if listing.current_revision_id else listing_payload(listing.location)


def apply_fields(listing: Listing, location, values: dict) -> None:
    """Write canonical field values to the location and listing rows."""
    location_fields, listing_fields = [], []
    if "name" in values:
        location.name = values["name"]
        location_fields.append("name")
    if "address" in values:
        address = values["address"]
        location.street_address, location.city = address["street"], address["city"]
        location.postal_code, location.state = address["postal_code"], address.get("region", "")
        location.country = address["country"]
        location_fields += ["street_address", "city", "postal_code", "state", "country"]
    for field in ("phone", "latitude", "longitude"):
        if field in values:
            setattr(location, field, values[field] or ("" if field == "phone" else None))
            location_fields.append(field)
    for field in ("website", "categories", "description"):
        if field in values:
            setattr(listing, field, values[field])
            listing_fields.append(field)
    if location_fields:
        location.save(update_fields=location_fields)
    if listing_fields:
        listing.save(update_fields=[*listing_fields, "updated_at"])
    if "regular_hours" in values:
        listing.regular_hours.all().delete()
        RegularHoursPeriod.objects.bulk_create(
            [RegularHoursPeriod(listing=listing, **period) for period in values["regular_hours"]]
        )
    if "special_hours" in values:
        listing.special_hours.all().delete()
        SpecialHours.objects.bulk_create([special_row(listing, entry) for entry in values["special_hours"]])
    if "photos" in values:
        shown = {(p["category"], p["sha256"]) for p in values["photos"]}
        for photo in listing.photos.all():
            active = (photo.category, photo.sha256) in shown
            if photo.is_active != active:
                photo.is_active = active
                photo.save(update_fields=["is_active"])


def special_row(listing, entry: dict) -> SpecialHours:
    return SpecialHours(
        listing=listing,
        date=datetime.date.fromisoformat(entry["date"]),
        closed=entry["closed"],
        open=entry.get("open", ""),
        close=entry.get("close", ""),
    )


def record_revision(*, listing, before: dict, after: dict, kind: str, user, note: str = "") -> ListingRevision | None:
    changes = diff(before, after)
    if not changes:
        return None
    number = (listing.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = ListingRevision.objects.create(
        listing=listing,
        number=number,
        kind=kind,
        created_by=user if user is not None and user.is_authenticated else None,
        fields=list(changes),
        diff=changes,
        payload=after,
        note=note[:300],
    )
    listing.current_revision = revision
    listing.save(update_fields=["current_revision", "updated_at"])
    return revision


BULK_FIELDS = {"regular_hours": RegularHoursPeriod, "special_hours": SpecialHours}


def commit_many(changes, *, kind: str, user, note: str = ""):
    """Apply many (location, listing, values) changes with bulk queries: one revision each.
    Returns [(location, revision)] for the changes that changed something (no sync started)."""
    from django.db.models import Max

    listings = [listing for _location, listing, _values in changes]
    numbers = dict(
        ListingRevision.objects.filter(listing__in=listings)
        .values("listing")
        .annotate(top=Max("number"))
        .values_list("listing", "top")
    )
    author = user if user is not None and user.is_authenticated else None
    planned, rows = [], {field: [] for field in BULK_FIELDS}
    for location, listing, values in changes:
        before = current_payload(listing)
        after = {**before, **values}
        change = diff(before, after)
        if not change:
            continue
        other = {field: value for field, value in values.items() if field not in BULK_FIELDS}
        if other:
            apply_fields(listing, location, other)
        if "regular_hours" in values:
            rows["regular_hours"] += [
                (listing, RegularHoursPeriod(listing=listing, **p)) for p in values["regular_hours"]
            ]
        if "special_hours" in values:
            rows["special_hours"] += [(listing, special_row(listing, e)) for e in values["special_hours"]]
        revision = ListingRevision(
            listing=listing,
            number=numbers.get(listing.pk, 0) + 1,
            kind=kind,
            created_by=author,
            fields=list(change),
            diff=change,
            payload=after,
            note=str(note)[:300],
        )
        planned.append((location, listing, values, revision))
    for field, model in BULK_FIELDS.items():
        touched = [listing for _l, listing, values, _r in planned if field in values]
        if touched:
            model.objects.filter(listing__in=touched).delete()
            model.objects.bulk_create([row for _listing, row in rows[field]], batch_size=1000)
    revisions = ListingRevision.objects.bulk_create([r for *_rest, r in planned], batch_size=1000)
    if revisions and revisions[0].pk is None:
        by_key = {
            (r.listing_id, r.number): r
            for r in ListingRevision.objects.filter(listing__in=[p[1] for p in planned], kind=kind)
        }
        revisions = [by_key[(r.listing_id, r.number)] for r in revisions]
    for (_location, listing, _values, _r), revision in zip(planned, revisions, strict=True):
        listing.current_revision = revision
    Listing.objects.bulk_update([p[1] for p in planned], ["current_revision"], batch_size=1000)
    return [(location, revision) for (location, *_rest), revision in zip(planned, revisions, strict=True)]


def _commit_change(*, location, listing, values: dict, kind: str, user, note: str = "", sync: bool = True):
    """Apply values, record the revision and start its sync; None when nothing changed."""
    from listings.sync.batches import sync_start

    before = current_payload(listing)
    after = {**before, **values}
    if not diff(before, after):
        return None
    apply_fields(listing, location, values)
    if "photos" not in values:
        after["photos"] = before["photos"]
    revision = record_revision(listing=listing, before=before, after=after, kind=kind, user=user, note=note)
    audit(
        actor=user,
        action=f"listing.{kind}",
        target=location,
        summary=stored_text.dumps(
            stored_text.message(
                gettext_noop("%(store)s, revision %(number)s: %(fields)s"),
                store=str(location),
                number=str(revision.number),
                fields=stored_field_list(revision.fields),
            ),
            500,
        ),
        data={"revision": revision.pk, "fields": revision.fields},
    )
    if sync:
        sync_start(
            brand=location.brand,
            changes=[(location, revision)],
            user=user,
            label=stored_text.message(
                gettext_noop("%(store)s: %(fields)s"),
                store=location.name,
                fields=stored_field_list(revision.fields),
            ),
            kind=kind,
        )
    return revision


@transaction.atomic
def listing_update(*, location, data: dict, user, explicit_overnight: bool = False, sync: bool = True):
    """Edit a listing. Returns the new revision, a suggestion when the brand requires approval
    of this user's edits, or None when nothing changed. Raises ValidationError per field."""
    if not data:
        raise DomainError(_("Nothing to change."), code="empty")
    permissions.check_edit_fields(user, location, [field for field in data if field in FIELDS])
    values = clean_listing_data(data, country=location.country, explicit_overnight=explicit_overnight)
    listing = listing_for(location)
    if permissions.needs_approval(user, location):
        return _suggest(listing=listing, values=values, user=user)
    return _commit_change(
        location=location, listing=listing, values=values, kind=RevisionKind.EDIT, user=user, sync=sync
    )


def _suggest(*, listing, values: dict, user) -> ListingSuggestion | None:
    before = current_payload(listing)
    changes = diff(before, {**before, **values})
    if not changes:
        return None
    suggestion = ListingSuggestion.objects.create(
        listing=listing, created_by=user, fields=list(changes), data=values, diff=changes
    )
    audit(
        actor=user,
        action="listing.suggest",
        target=listing.location,
        summary=stored_text.dumps(
            stored_text.message(
                gettext_noop("%(store)s: %(fields)s"), store=str(listing.location), fields=stored_field_list(changes)
            ),
            500,
        ),
    )
    return suggestion


@transaction.atomic
def listing_revert(*, location, revision: ListingRevision, user) -> ListingRevision | None:
    """Make a location's listing what it was at `revision` (a new revision, synced)."""
    if revision.listing.location_id != location.pk:
        raise DomainError(_("This revision belongs to another store."), code="wrong_listing")
    listing = listing_for(location)
    before = current_payload(listing)
    fields = list(diff(before, revision.payload))
    permissions.check_edit_fields(user, location, fields)
    values = {field: revision.payload[field] for field in fields}
    return _commit_change(
        location=location,
        listing=listing,
        values=values,
        kind=RevisionKind.REVERT,
        user=user,
        note=_("Back to revision %(n)s") % {"n": revision.number},
    )


@transaction.atomic
def suggestion_approve(*, suggestion: ListingSuggestion, user, note: str = "") -> ListingRevision | None:
    permissions.check_decide_suggestion(user, suggestion)
    suggestion = ListingSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise DomainError(_("This suggestion was already decided."), code="decided")
    listing = suggestion.listing
    revision = _commit_change(
        location=listing.location,
        listing=listing,
        values=suggestion.data,
        kind=RevisionKind.SUGGESTION,
        user=user,
        note=note or _("Suggested by %(user)s") % {"user": suggestion.created_by},
    )
    suggestion.status, suggestion.decided_by, suggestion.decided_at = SuggestionStatus.APPROVED, user, timezone.now()
    suggestion.decision_note, suggestion.revision = note[:300], revision
    suggestion.save()
    return revision


@transaction.atomic
def suggestion_reject(*, suggestion: ListingSuggestion, user, note: str = "") -> ListingSuggestion:
    permissions.check_decide_suggestion(user, suggestion)
    suggestion = ListingSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise DomainError(_("This suggestion was already decided."), code="decided")
    suggestion.status, suggestion.decided_by, suggestion.decided_at = SuggestionStatus.REJECTED, user, timezone.now()
    suggestion.decision_note = note[:300]
    suggestion.save()
    audit(actor=user, action="listing.suggestion_reject", target=suggestion.listing.location, summary=note[:200])
    return suggestion


# Photos -------------------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, location, category: str, content: bytes, filename: str, user):
    """Validate and add a photo; returns the revision (or suggestion)."""
    from listings.models import PhotoCategory

    permissions.check_edit_fields(user, location, ["photos"])
    if category not in PhotoCategory.values:
        raise ValidationError({"category": _("Unknown photo category.")})
    photo = clean_photo(content)
    listing = listing_for(location)
    row = ListingPhoto.objects.filter(listing=listing, category=category, sha256=photo.sha256).first()
    if row is None:
        row = ListingPhoto(
            listing=listing,
            category=category,
            sha256=photo.sha256,
            width=photo.width,
            height=photo.height,
            uploaded_by=user,
            is_active=False,
        )
        row.image.save(
            f"{filename.rsplit('.', 1)[0][:40] or 'photo'}.{photo.extension}", ContentFile(photo.content), save=False
        )
        row.save()
    before = current_payload(listing)
    photos = [p for p in before["photos"] if not (p["category"] == category and p["sha256"] == photo.sha256)]
    if category in ("LOGO", "COVER"):  # one logo and one cover
        photos = [p for p in photos if p["category"] != category]
    photos.append({"category": category, "url": _url(row), "sha256": photo.sha256})
    return _photos_change(location=location, listing=listing, photos=photos, user=user)


@transaction.atomic
def photo_remove(*, location, photo: ListingPhoto, user):
    permissions.check_edit_fields(user, location, ["photos"])
    listing = listing_for(location)
    if photo.listing_id != listing.pk:
        raise DomainError(_("This photo belongs to another store."), code="wrong_listing")
    before = current_payload(listing)
    photos = [p for p in before["photos"] if not (p["category"] == photo.category and p["sha256"] == photo.sha256)]
    return _photos_change(location=location, listing=listing, photos=photos, user=user)


def _url(photo) -> str:
    from listings.payload import photo_url

    return photo_url(photo)


def _photos_change(*, location, listing, photos, user):
    photos = sorted(photos, key=lambda p: p["category"])
    if permissions.needs_approval(user, location):
        return _suggest(listing=listing, values={"photos": photos}, user=user)
    return _commit_change(
        location=location, listing=listing, values={"photos": photos}, kind=RevisionKind.EDIT, user=user
    )


def rebuild_payload(listing) -> dict:
    """The payload read back from the rows (used by tests and the verifier's self-check)."""
    return build_payload(listing.location, listing)
