"""Writes that face the directories: linking a store to its listing (search, link, create),
duplicates, reviews and their replies, daily statistics, and reading a listing back for the
drift verifier.

Calls to a directory happen outside database transactions (a slow directory never holds a row
lock); the rows are written afterwards in short atomic blocks.
"""

import datetime
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from franchise_platform.errors import DomainError
from listings.directories import matching, permissions
from listings.directories.base import DIRECTORIES, DirectoryError, empty_payload, get_connector
from listings.directories.selectors import linked
from listings.models import DirectoryLink, DuplicateCandidate, DuplicateStatus, LinkStatus, ListingDailyStats, Review
from network.audit import audit

logger = logging.getLogger(__name__)
MAX_REPLY_LENGTH = 4000


def _connector(directory: str, connector=None, location=None):
    """The directory's connector, writing categories with the store's brand lookup."""
    from listings.directories.categories import category_lookup

    if directory not in DIRECTORIES:
        raise DomainError(_("Unknown directory."), code="unknown_directory")
    connector = connector or get_connector(directory)
    if location is not None:
        connector = connector.with_categories(category_lookup(location.brand_id).get(directory, {}))
    return connector


def _unavailable(error: DirectoryError, directory: str = "") -> DomainError:
    """A directory failure as a user-facing error: what happened and what to do, translated."""
    from listings.directories.messages import describe

    logger.warning("directory call failed: %r", error)
    code = "directory_unavailable" if error.retryable else "directory_refused"
    return DomainError(describe(error.code, error.params, directory), code=code)


def location_payload(location) -> dict:
    """The canonical payload of the store as every directory should show it: the listing's
    (`listings.payload.listing_payload`, hours and photos included) when that module is there,
    otherwise what the network knows (name, address, phone, position)."""
    try:
        from listings.payload import listing_payload
    except ImportError:
        listing_payload = None
    if listing_payload is not None:
        return listing_payload(location)
    payload = empty_payload()
    payload.update(
        {
            "name": location.name,
            "address": {
                "street": location.street_address,
                "city": location.city,
                "postal_code": location.postal_code,
                "region": location.state,
                "country": location.country,
            },
            "phone": location.phone,
            "website": location.brand.website if location.brand_id else "",
            "latitude": f"{location.latitude:.6f}" if location.latitude is not None else None,
            "longitude": f"{location.longitude:.6f}" if location.longitude is not None else None,
        }
    )
    return payload


# -- Linking -----------------------------------------------------------------------------------
def directory_search(*, user, location, directory: str, connector=None) -> list[dict]:
    """Listings on the directory that may be this store: [{external_id, payload, score, linked_location}]
    best first."""
    permissions.check_manage_listing_links(user, location)
    connector = _connector(directory, connector, location)
    ours = location_payload(location)
    try:
        found = connector.search(name=ours["name"], address=ours["address"], phone=ours["phone"])
    except DirectoryError as error:
        raise _unavailable(error, directory) from error
    taken = dict(
        DirectoryLink.objects.filter(
            directory=directory, external_id__in=[m["external_id"] for m in found], status=LinkStatus.LINKED
        ).values_list("external_id", "location_id")
    )
    results = [
        {
            "external_id": match["external_id"],
            "payload": match["payload"],
            "score": matching.similarity(ours, match["payload"]),
            "linked_location": taken.get(match["external_id"]),
        }
        for match in found
    ]
    return sorted(results, key=lambda r: (-r["score"], r["external_id"]))


def _save_link(*, user, location, directory: str, external_id: str, action: str) -> DirectoryLink:
    with transaction.atomic():
        other = (
            DirectoryLink.objects.select_for_update()
            .filter(directory=directory, external_id=external_id, status=LinkStatus.LINKED)
            .exclude(location=location)
            .first()
        )
        if other is not None:
            raise DomainError(_("This listing is already linked to another store."), code="already_linked")
        link, _created = DirectoryLink.objects.update_or_create(
            location=location, directory=directory, defaults={"external_id": external_id, "status": LinkStatus.LINKED}
        )
        audit(
            actor=user,
            action=f"listings.directory_{action}",
            target=location,
            summary=f"{location.name}: {directory} listing {external_id} {action}",
            data={"directory": directory, "external_id": external_id},
        )
    return link


def directory_link(*, user, location, directory: str, external_id: str, connector=None) -> DirectoryLink:
    """Link the store to an existing listing on the directory (after checking it exists)."""
    permissions.check_manage_listing_links(user, location)
    connector = _connector(directory, connector, location)
    external_id = str(external_id).strip()
    if not external_id:
        raise DomainError(_("Give the listing's id on the directory."), code="invalid")
    current = linked(location=location, directory=directory)
    if current is not None and current.external_id == external_id:
        return current
    try:
        connector.get(external_id)
    except DirectoryError as error:
        if error.status == 404:
            raise DomainError(_("The directory has no listing with this id."), code="not_found") from error
        raise _unavailable(error, directory) from error
    return _save_link(user=user, location=location, directory=directory, external_id=external_id, action="linked")


def directory_create(*, user, location, directory: str, payload: dict | None = None, connector=None) -> DirectoryLink:
    """Create the store's listing on the directory and link it."""
    permissions.check_manage_listing_links(user, location)
    connector = _connector(directory, connector, location)
    if linked(location=location, directory=directory) is not None:
        raise DomainError(_("This store is already linked to a listing on this directory."), code="already_linked")
    payload = payload or location_payload(location)
    try:
        external_id = connector.create(payload)
    except DirectoryError as error:
        # A lost answer may hide a listing that was created: find it rather than make a second one.
        external_id = _created_anyway(connector, payload) if error.retryable else None
        if external_id is None:
            raise _unavailable(error, directory) from error
    return _save_link(user=user, location=location, directory=directory, external_id=external_id, action="created")


def _created_anyway(connector, payload: dict) -> str | None:
    """An unlinked listing showing exactly our name, address and phone, if the directory has one."""
    try:
        found = connector.search(name=payload["name"], address=payload["address"], phone=payload["phone"])
    except DirectoryError:
        return None
    exact = [m["external_id"] for m in found if matching.similarity(payload, m["payload"]) == 1]
    taken = set(
        DirectoryLink.objects.filter(directory=connector.key, external_id__in=exact).values_list(
            "external_id", flat=True
        )
    )
    return next((external_id for external_id in exact if external_id not in taken), None)


def read_listing(location, directory: str, *, connector=None) -> dict:
    """What the directory shows now for the store (the drift verifier compares it with ours).
    Raises DomainError(code="not_linked") without a link, DirectoryError when the directory fails."""
    link = linked(location=location, directory=directory)
    if link is None:
        raise DomainError(_("This store is not linked to this directory."), code="not_linked")
    return _connector(directory, connector, location).get(link.external_id)


# -- Duplicates --------------------------------------------------------------------------------
def duplicates_detect(*, link: DirectoryLink, payload: dict | None = None, connector=None) -> list[DuplicateCandidate]:
    """Flag listings on the directory that look like the store but are not its linked listing.
    A candidate already reviewed keeps its status; its score and data are refreshed."""
    connector = _connector(link.directory, connector, link.location)
    ours = payload or location_payload(link.location)
    found = connector.search(name=ours["name"], address=ours["address"], phone=ours["phone"])
    others = set(
        DirectoryLink.objects.filter(directory=link.directory, status=LinkStatus.LINKED).values_list(
            "external_id", flat=True
        )
    )
    flagged = []
    for match in found:
        if match["external_id"] == link.external_id or match["external_id"] in others:
            continue
        score = matching.similarity(ours, match["payload"])
        if score < matching.DUPLICATE_THRESHOLD:
            continue
        candidate, _created = DuplicateCandidate.objects.update_or_create(
            location=link.location,
            directory=link.directory,
            external_id=match["external_id"],
            defaults={"score": score, "payload": match["payload"]},
        )
        flagged.append(candidate)
    return flagged


def _move_duplicate(*, user, duplicate, status: str, verb: str) -> DuplicateCandidate:
    permissions.check_manage_duplicate(user, duplicate)
    with transaction.atomic():
        duplicate = DuplicateCandidate.objects.select_for_update().get(pk=duplicate.pk)
        if duplicate.status == status:
            return duplicate
        if duplicate.status != DuplicateStatus.OPEN:
            raise DomainError(_("This duplicate has already been dealt with."), code="invalid_state")
        duplicate.status = status
        duplicate.save(update_fields=["status"])
        audit(
            actor=user,
            action=f"listings.duplicate_{verb}",
            target=duplicate.location,
            summary=f"{duplicate.location.name}: {duplicate.directory} listing {duplicate.external_id} {verb}",
            data={"directory": duplicate.directory, "external_id": duplicate.external_id},
        )
    return duplicate


def duplicate_request_suppression(*, user, duplicate) -> DuplicateCandidate:
    return _move_duplicate(
        user=user, duplicate=duplicate, status=DuplicateStatus.SUPPRESSION_REQUESTED, verb="suppression_requested"
    )


def duplicate_dismiss(*, user, duplicate) -> DuplicateCandidate:
    return _move_duplicate(user=user, duplicate=duplicate, status=DuplicateStatus.DISMISSED, verb="dismissed")


# -- Reviews -----------------------------------------------------------------------------------
def _when(value: str):
    parsed = parse_datetime(value) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


def reviews_import(*, link: DirectoryLink, connector=None) -> int:
    """Bring the listing's reviews (and the replies shown on the directory) in; returns how many
    were new. Idempotent."""
    connector = _connector(link.directory, connector)
    fetched = connector.reviews(link.external_id)
    existing = {
        r.external_review_id: r
        for r in Review.objects.filter(
            directory=link.directory, external_review_id__in=[f["review_id"] for f in fetched]
        )
    }
    new = 0
    for item in fetched:
        reply = item.get("reply") or {}
        values = {
            "author": item.get("author", "")[:200],
            "rating": max(1, min(5, int(item.get("rating") or 1))),
            "text": item.get("text", ""),
            "created_at": _when(item.get("created_at", "")) or timezone.now(),
            "reply_text": reply.get("text", ""),
            "replied_at": _when(reply.get("updated_at", "")) if reply else None,
        }
        review = existing.get(item["review_id"])
        if review is None:
            try:
                with transaction.atomic():
                    Review.objects.create(
                        location=link.location, directory=link.directory, external_review_id=item["review_id"], **values
                    )
                new += 1
            except IntegrityError:  # imported meanwhile by another worker
                continue
        elif any(getattr(review, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(review, key, value)
            review.save(update_fields=list(values))
    return new


def review_reply(*, user, review: Review, text: str, connector=None) -> Review:
    """Publish our reply on the directory, then record it."""
    permissions.check_reply_review(user, review)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a reply."), code="invalid")
    if len(text) > MAX_REPLY_LENGTH:
        raise DomainError(_("A reply has at most %(count)d characters.") % {"count": MAX_REPLY_LENGTH}, code="invalid")
    link = linked(location=review.location, directory=review.directory)
    if link is None:
        raise DomainError(_("This store is not linked to this directory any more."), code="not_linked")
    try:
        _connector(review.directory, connector).reply_review(link.external_id, review.external_review_id, text)
    except DirectoryError as error:
        raise _unavailable(error, review.directory) from error
    with transaction.atomic():
        review.reply_text = text
        review.replied_at = timezone.now()
        review.replied_by = user
        review.save(update_fields=["reply_text", "replied_at", "replied_by"])
        audit(
            actor=user,
            action="listings.review_replied",
            target=review.location,
            summary=f"{review.location.name}: reply to a {review.rating}-star review on {review.directory}",
            data={"review": review.pk},
        )
    return review


# -- Statistics --------------------------------------------------------------------------------
def stats_import(*, link: DirectoryLink, day: datetime.date, connector=None) -> ListingDailyStats:
    """The day's statistics of the listing (idempotent: a rerun overwrites the same row)."""
    numbers = _connector(link.directory, connector).daily_stats(link.external_id, day)
    rating = numbers.get("rating")
    row, _created = ListingDailyStats.objects.update_or_create(
        location=link.location,
        directory=link.directory,
        day=day,
        defaults={
            "views": int(numbers.get("views", 0)),
            "calls": int(numbers.get("calls", 0)),
            "direction_requests": int(numbers.get("direction_requests", 0)),
            "website_clicks": int(numbers.get("website_clicks", 0)),
            "review_count": int(numbers.get("review_count", 0)),
            "rating": Decimal(str(rating)).quantize(Decimal("0.01")) if rating not in (None, "") else None,
        },
    )
    return row
