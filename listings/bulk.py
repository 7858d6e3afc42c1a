"""Bulk tools: holiday hours for many stores at once (with a directory preview) and the full
JSON export of a brand's listings (CSV lives in csv_io)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from listings import permissions
from listings.hours import HoursValidationError, merge_special_hours, validate_special_hours
from listings.models import Listing, RevisionKind
from listings.services import commit_many, current_payload, ensure_listings
from network.audit import audit
from network.models import Location
from network.scoping import with_capability


def _check_hours_everywhere(user, location_ids) -> None:
    outside = Location.objects.filter(pk__in=location_ids).exclude(with_capability(user, "edit_hours"))
    if outside.exists():
        raise PermissionDenied(_("You may not change the hours of some of these stores."))


def _clean_entries(entries) -> list[dict]:
    try:
        return validate_special_hours(entries)
    except HoursValidationError as error:
        raise ValidationError(error.as_dict()) from None


@transaction.atomic
def bulk_special_hours(*, user, locations, entries, label: str = "", all_or_nothing: bool = False):
    """Set the same special hours (e.g. closed 25 December) on every given store: one revision
    per store, one sync batch."""
    from listings.sync.batches import sync_start

    locations = list(locations)
    if not locations:
        raise DomainError(_("Choose at least one store."), code="empty")
    brands = {location.brand_id for location in locations}
    if len(brands) != 1:
        raise DomainError(_("A bulk change concerns the stores of one brand."), code="brands")
    _check_hours_everywhere(user, [location.pk for location in locations])
    if any(permissions.needs_approval(user, location) for location in locations[:1]):
        raise DomainError(_("Your edits need approval: change the stores one by one."), code="approval")
    changes = _clean_entries(entries)
    listings = ensure_listings(locations)
    planned = []
    for location in locations:
        listing = listings[location.pk]
        before = current_payload(listing)
        planned.append((location, listing, {"special_hours": merge_special_hours(before["special_hours"], changes)}))
    done = commit_many(planned, kind=RevisionKind.BULK, user=user, note=label)
    label = label or stored_text.ngettext("Holiday hours for %(n)s store", "Holiday hours for %(n)s stores", len(done))
    audit(
        actor=user,
        action="listing.bulk_special_hours",
        target=locations[0].brand,
        summary=stored_text.render(label),
        data={"locations": len(done), "dates": [entry["date"] for entry in changes]},
    )
    return sync_start(
        brand=locations[0].brand,
        changes=done,
        user=user,
        label=label,
        kind=RevisionKind.BULK,
        all_or_nothing=all_or_nothing,
    )


def bulk_preview(*, user, locations, entries, sample: int = 10, factory=None) -> dict:
    """What a bulk change would do, checked by the directories' dry run (validateOnly) on a
    sample of linked stores; nothing is saved."""
    from listings.models import DirectoryLink, LinkStatus
    from listings.sync.connectors import Caller, current_factory

    locations = list(locations)
    _check_hours_everywhere(user, [location.pk for location in locations])
    changes = _clean_entries(entries)
    factory = factory or current_factory()
    listings = {
        listing.location_id: listing
        for listing in Listing.objects.filter(location__in=locations).select_related("current_revision")
    }
    from listings.directories.categories import category_lookup
    from listings.directories.messages import describe

    lookup = category_lookup(locations[0].brand_id) if locations else {}
    problems, unsupported, checked = [], {}, 0
    links = DirectoryLink.objects.filter(location__in=locations[:sample], status=LinkStatus.LINKED).select_related(
        "location"
    )
    for link in links:
        connector = factory(link.directory).with_categories(lookup.get(link.directory, {}))
        fields = connector.unsupported(["special_hours"])
        if fields:  # not sent to this directory, said per directory and field, never faked
            unsupported[link.directory] = {
                "directory": link.directory,
                "fields": fields,
                "message": describe("not_supported", {"fields": fields}, link.directory),
            }
            continue
        listing = listings.get(link.location_id)
        before = current_payload(listing) if listing else {"special_hours": []}
        payload = {**before, "special_hours": merge_special_hours(before["special_hours"], changes)}
        checked += 1
        try:
            errors = Caller(link.directory, connector)("validate", link.external_id, payload, ["special_hours"])
        except Exception as error:
            errors = [
                (
                    "",
                    getattr(error, "code", "unexpected"),
                    describe(getattr(error, "code", "unexpected"), getattr(error, "params", {}), link.directory),
                )
            ]
        for error in errors:
            problems.append(
                {"location": link.location.name, "directory": link.directory, "field": error[0], "message": error[2]}
            )
    return {
        "locations": len(locations),
        "entries": changes,
        "checked": checked,
        "problems": problems,
        "unsupported": list(unsupported.values()),
    }


def export_brand_json(*, brand, locations) -> dict:
    """Everything we hold about a brand's listings: current data, revisions, photos."""
    listings = ensure_listings(list(locations))
    result = []
    ids = [listing.pk for listing in listings.values()]
    for listing in Listing.objects.filter(pk__in=ids).select_related("location", "published_revision"):
        result.append(
            {
                "location_id": listing.location_id,
                "location": listing.location.name,
                "listing": current_payload(listing),
                "sync_status": listing.sync_status,
                "published_revision": listing.published_revision_id and listing.published_revision.number,
                "revisions": [
                    {
                        "number": r.number,
                        "kind": r.kind,
                        "created_at": r.created_at.isoformat(),
                        "created_by": r.created_by.username if r.created_by else None,
                        "fields": r.fields,
                        "diff": r.diff,
                        "note": r.note,
                    }
                    for r in listing.revisions.select_related("created_by").order_by("number")
                ],
            }
        )
    return {"brand": brand.slug, "exported_at": timezone.now().isoformat(), "listings": result}
