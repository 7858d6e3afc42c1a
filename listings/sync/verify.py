"""The verifier: read back every linked listing and flag directories that drifted from our
published revision; people then re-publish ours or accept theirs (a new revision)."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from franchise_platform.errors import DomainError
from listings import permissions
from listings.models import DirectoryLink, DriftStatus, LinkStatus, Listing, ListingDrift, RevisionKind
from listings.payload import FIELDS, differing_fields
from listings.sync.connectors import Caller, current_factory

logger = logging.getLogger(__name__)


def verify_location(location, *, factory=None) -> list[ListingDrift]:
    factory = factory or current_factory()
    listing = Listing.objects.select_related("published_revision").filter(location=location).first()
    if listing is None or listing.published_revision is None:
        return []
    from listings.directories.categories import category_lookup

    ours = listing.published_revision.payload
    lookup = category_lookup(location.brand_id)
    found = []
    for link in DirectoryLink.objects.filter(location=location, status=LinkStatus.LINKED):
        connector = factory(link.directory).with_categories(lookup.get(link.directory, {}))
        try:
            theirs = Caller(link.directory, connector)("get", link.external_id)
        except Exception:
            logger.warning("verifier could not read %s %s", link.directory, link.external_id, exc_info=True)
            continue
        # A field the directory cannot hold (Facebook's holiday hours) is not a drift.
        fields = differing_fields(ours, theirs, [f for f in FIELDS if f in connector.readable])
        open_drifts = ListingDrift.objects.filter(location=location, directory=link.directory, status=DriftStatus.OPEN)
        if not fields:
            open_drifts.update(status=DriftStatus.GONE, resolved_at=timezone.now())
            continue
        drift = open_drifts.first()
        if drift is None:
            drift = ListingDrift(location=location, directory=link.directory)
        drift.fields, drift.theirs = fields, {field: theirs.get(field) for field in FIELDS if field in theirs}
        drift.save()
        found.append(drift)
    return found


def verify_all(*, factory=None) -> int:
    """Check every published listing; returns the number of drifts found."""
    count = 0
    listings = Listing.objects.filter(published_revision__isnull=False).select_related("location")
    for listing in listings.iterator(chunk_size=200):
        count += len(verify_location(listing.location, factory=factory))
    return count


@transaction.atomic
def drift_republish(*, drift: ListingDrift, user):
    """Push our current data to the directory again (to every linked directory)."""
    from listings.sync.batches import sync_start

    permissions.check_edit_fields(user, drift.location, drift.fields)
    if drift.status != DriftStatus.OPEN:
        raise DomainError(_("This difference was already handled."), code="decided")
    listing = Listing.objects.select_related("current_revision").get(location=drift.location)
    batch = sync_start(
        brand=drift.location.brand,
        changes=[(drift.location, listing.current_revision)],
        user=user,
        label=_("Re-publish %(store)s on %(directory)s")
        % {"store": drift.location.name, "directory": drift.get_directory_display()},
        fields=drift.fields,
    )
    drift.status, drift.resolved_at, drift.resolved_by = DriftStatus.REPUBLISHED, timezone.now(), user
    drift.save()
    return batch


@transaction.atomic
def drift_accept(*, drift: ListingDrift, user):
    """Take the directory's values as ours: a new revision, published everywhere."""
    from listings.services import _commit_change, listing_for
    from listings.validation import clean_listing_data

    permissions.check_edit_fields(user, drift.location, drift.fields)
    if drift.status != DriftStatus.OPEN:
        raise DomainError(_("This difference was already handled."), code="decided")
    data = {field: drift.theirs.get(field) for field in drift.fields if field != "photos"}
    values = clean_listing_data(data, country=drift.location.country) if data else {}
    revision = None
    if values:
        revision = _commit_change(
            location=drift.location,
            listing=listing_for(drift.location),
            values=values,
            kind=RevisionKind.ACCEPT_THEIRS,
            user=user,
            note=_("Accepted from %(directory)s") % {"directory": drift.get_directory_display()},
        )
    drift.status, drift.resolved_at, drift.resolved_by = DriftStatus.ACCEPTED, timezone.now(), user
    drift.save()
    return revision
