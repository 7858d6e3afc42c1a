"""What listings ask of a user on the home page (network.actions): changes to approve, stores
whose publication failed, directories showing other data, reviews unanswered for 48 hours.
One query per kind, scoped to what the user may act on."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from listings import permissions, selectors
from listings.changes import field_label
from listings.directories.selectors import review_list, unanswered_since
from listings.models import DriftStatus, Listing, SuggestionStatus, SyncStatus
from network.actions import Action, More, take
from network.scoping import covered, with_capability

THROUGH_LISTING = {
    "brand": "listing__location__brand_id",
    "region": "listing__location__region_id",
    "franchise": "listing__location__franchise_id",
}
THROUGH_LOCATION = {
    "brand": "location__brand_id",
    "region": "location__region_id",
    "franchise": "location__franchise_id",
    "location": "location_id",
}


def _more(kind, label, total, shown, url):
    return [More(kind, label, total, url)] if total > len(shown) else []


def approvals(user, now) -> list:
    pending = (
        selectors.suggestion_list(user=user)
        .filter(status=SuggestionStatus.PENDING)
        .filter(covered(user, roles=permissions.APPROVERS, **THROUGH_LISTING))
        .order_by("-created_at", "-pk")
    )
    rows, total = take(pending)
    label, url = _("Approval"), reverse("listing-suggestions")
    actions = [
        Action(
            "approval",
            label,
            _("Change to approve: %(store)s") % {"store": suggestion.listing.location.name},
            url,
            suggestion.created_at,
            _("By %(person)s") % {"person": suggestion.created_by or "—"},
        )
        for suggestion in rows
    ]
    return actions + _more("approval", label, total, rows, url)


def failed_stores(user, now) -> list:
    failed = (
        Listing.objects.filter(sync_status__in=[SyncStatus.ROLLED_BACK, SyncStatus.NEEDS_ATTENTION])
        .filter(permissions.any_capability(user, **THROUGH_LOCATION))
        .select_related("location")
        .order_by("-updated_at", "-pk")
    )
    rows, total = take(failed)
    label = _("Publication")
    actions = [
        Action(
            "sync",
            label,
            _("Publication failed: %(store)s") % {"store": listing.location.name},
            reverse("listing-detail", args=[listing.location_id]),
            listing.updated_at,
            listing.sync_reason_text,
        )
        for listing in rows
    ]
    return actions + _more("sync", label, total, rows, reverse("listings-home") + "?status=needs_attention")


def drifts(user, now) -> list:
    open_drifts = (
        selectors.drift_list(user=user)
        .filter(status=DriftStatus.OPEN)
        .filter(permissions.any_capability(user, **THROUGH_LOCATION))
        .order_by("-found_at", "-pk")
    )
    rows, total = take(open_drifts)
    label, url = _("Directory"), reverse("listing-drifts")
    actions = [
        Action(
            "drift",
            label,
            _("%(directory)s shows other data for %(store)s")
            % {"directory": drift.get_directory_display(), "store": drift.location.name},
            url,
            drift.found_at,
            ", ".join(field_label(field) for field in drift.fields),
        )
        for drift in rows
    ]
    return actions + _more("drift", label, total, rows, url)


def reviews(user, now) -> list:
    overdue = (
        review_list(user=user)
        .filter(reply_text="", created_at__lte=unanswered_since(now))
        .filter(with_capability(user, "reply_reviews", **THROUGH_LOCATION))
        .order_by("-created_at", "-pk")
    )
    rows, total = take(overdue)
    label = _("Review")
    page = reverse("listings-reviews")
    actions = [
        Action(
            "review",
            label,
            _("Review waiting for a reply for more than 48 hours: %(store)s") % {"store": review.location.name},
            f"{page}?{urlencode({'location': review.location_id, 'unanswered': 'on'})}",
            review.created_at,
            f"{'★' * review.rating}{'☆' * (5 - review.rating)} {review.author}: {Truncator(review.text).chars(90)}",
        )
        for review in rows
    ]
    return actions + _more("review", label, total, rows, f"{page}?unanswered=on")


def register_actions() -> None:
    from network.actions import register

    for source in (approvals, failed_stores, drifts, reviews):
        register(f"listings.{source.__name__}", source)
