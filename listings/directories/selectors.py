"""Reads of directory links, duplicates, reviews and statistics, scoped to the requester."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from listings.models import DirectoryLink, DuplicateCandidate, LinkStatus, ListingDailyStats, Review
from network.models import Location
from network.scoping import covered, visible_locations

THROUGH_LOCATION = {
    "brand": "location__brand_id",
    "region": "location__region_id",
    "franchise": "location__franchise_id",
}
UNANSWERED_AFTER = datetime.timedelta(hours=48)


def directory_link_list(*, user) -> QuerySet[DirectoryLink]:
    return DirectoryLink.objects.filter(covered(user, **THROUGH_LOCATION)).select_related("location")


def duplicate_list(*, user) -> QuerySet[DuplicateCandidate]:
    return DuplicateCandidate.objects.filter(covered(user, **THROUGH_LOCATION)).select_related("location")


def review_list(*, user) -> QuerySet[Review]:
    return Review.objects.filter(covered(user, **THROUGH_LOCATION)).select_related("location", "replied_by")


def daily_stats_list(*, user) -> QuerySet[ListingDailyStats]:
    return ListingDailyStats.objects.filter(covered(user, **THROUGH_LOCATION))


def location_choices(*, user) -> QuerySet[Location]:
    return Location.objects.filter(visible_locations(user))


def unanswered_since(now=None) -> datetime.datetime:
    return (now or timezone.now()) - UNANSWERED_AFTER


def review_is_overdue(review, now=None) -> bool:
    """A review without a reply for more than 48 hours."""
    return not review.reply_text and review.created_at <= unanswered_since(now)


def locations_with_review_counts(*, user, now=None) -> QuerySet[Location]:
    """The stores the user sees, each with its reviews, unanswered ones, and those unanswered for
    more than 48 hours (the indicator of the reviews page)."""
    unanswered = Q(reviews__reply_text="")
    return (
        Location.objects.filter(visible_locations(user))
        .annotate(
            review_count=Count("reviews"),
            unanswered_count=Count("reviews", filter=unanswered),
            overdue_count=Count("reviews", filter=unanswered & Q(reviews__created_at__lte=unanswered_since(now))),
        )
        .filter(review_count__gt=0)
        .order_by("-overdue_count", "name")
    )


def linked(*, location, directory) -> DirectoryLink | None:
    """The store's live link to a directory (internal: callers have checked the store's scope)."""
    return DirectoryLink.objects.filter(location=location, directory=directory, status=LinkStatus.LINKED).first()
