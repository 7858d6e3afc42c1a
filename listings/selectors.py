"""Reads of listings, already scoped to the requester through network.scoping."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from listings.models import ListingDrift, ListingRevision, ListingSuggestion, SyncBatch, SyncItem
from network.models import Location
from network.scoping import visible_locations

LOCATION_PATHS = {"brand": "location__brand_id", "region": "location__region_id", "franchise": "location__franchise_id"}
LISTING_PATHS = {
    "brand": "listing__location__brand_id",
    "region": "listing__location__region_id",
    "franchise": "listing__location__franchise_id",
}


def _visible(user, paths) -> Q:
    from network.scoping import covered

    return covered(user, **paths)


def listing_location_list(*, user) -> QuerySet[Location]:
    """Stores whose listing the user may see."""
    return Location.objects.filter(visible_locations(user)).select_related("brand", "region", "franchise")


def revision_list(*, user) -> QuerySet[ListingRevision]:
    return ListingRevision.objects.filter(_visible(user, LISTING_PATHS)).select_related(
        "listing__location", "created_by"
    )


def suggestion_list(*, user) -> QuerySet[ListingSuggestion]:
    return ListingSuggestion.objects.filter(_visible(user, LISTING_PATHS)).select_related(
        "listing__location", "created_by", "decided_by"
    )


def batch_list(*, user) -> QuerySet[SyncBatch]:
    """Batches touching a store the user sees (and the ones they started)."""
    touching = SyncItem.objects.filter(batch_id=OuterRef("pk")).filter(_visible(user, LOCATION_PATHS))
    scope = Q(Exists(touching))
    if user.is_authenticated:
        scope |= Q(created_by_id=user.pk)
    return SyncBatch.objects.filter(scope).select_related("created_by", "brand")


def batch_item_list(*, user, batch) -> QuerySet[SyncItem]:
    """The stores of one batch that the user may see: a network-wide batch shows a franchisee
    their own stores only, in its page, its progress and the API alike."""
    return SyncItem.objects.filter(batch_id=batch.pk).filter(_visible(user, LOCATION_PATHS))


def item_list(*, user) -> QuerySet[SyncItem]:
    return SyncItem.objects.filter(_visible(user, LOCATION_PATHS)).select_related("location", "batch", "revision")


def drift_list(*, user) -> QuerySet[ListingDrift]:
    return ListingDrift.objects.filter(_visible(user, LOCATION_PATHS)).select_related("location")


def todays_hours(location, *, now=None) -> list[tuple[str, str]] | None:
    """Today's opening periods of a public store page, in the store's own time zone.

    Special hours of the date win over the weekday's regular hours; `[]` means closed today and
    None means the store has no hours on record. Not scoped: the store's page is public.
    """
    import datetime
    import zoneinfo

    from listings.models import RegularHoursPeriod, SpecialHours

    now = now or datetime.datetime.now(datetime.UTC)
    today = now.astimezone(zoneinfo.ZoneInfo(location.time_zone)).date()
    special = SpecialHours.objects.filter(listing__location_id=location.pk, date=today).first()
    if special is not None:
        return [] if special.closed else [(special.open, special.close)]
    periods = RegularHoursPeriod.objects.filter(listing__location_id=location.pk)
    if not periods.exists():
        return None
    weekday = today.strftime("%A").upper()
    return [(p.open, p.close) for p in periods if p.day == weekday]


def public_hours(locations, *, now=None, days_ahead: int = 30) -> dict:
    """Today's opening periods and the coming special hours of many stores, each in its own time
    zone, in two queries whatever the number of stores (the public store locator).

    Returns {location id: {"today": [(open, close)] | None, "special": [(date, closed, open, close)]}};
    `today` is [] when the store is closed today and None when it has no hours on record.
    """
    import datetime
    import zoneinfo

    from listings.hours import DAYS
    from listings.models import RegularHoursPeriod, SpecialHours

    now = now or datetime.datetime.now(datetime.UTC)
    locations = list(locations)
    ids = [location.pk for location in locations]
    today = {loc.pk: now.astimezone(zoneinfo.ZoneInfo(loc.time_zone)).date() for loc in locations}
    regular: dict[int, list] = {}
    for location_id, day, open_, close in RegularHoursPeriod.objects.filter(listing__location_id__in=ids).values_list(
        "listing__location_id", "day", "open", "close"
    ):
        regular.setdefault(location_id, []).append((day, open_, close))
    special: dict[int, list] = {}
    if today:
        first, last = min(today.values()), max(today.values()) + datetime.timedelta(days=days_ahead)
        rows = SpecialHours.objects.filter(listing__location_id__in=ids, date__gte=first, date__lte=last)
        for location_id, date, closed, open_, close in rows.order_by("date").values_list(
            "listing__location_id", "date", "closed", "open", "close"
        ):
            if today[location_id] <= date <= today[location_id] + datetime.timedelta(days=days_ahead):
                special.setdefault(location_id, []).append((date, closed, open_, close))
    result = {}
    for location_id in ids:
        date = today[location_id]
        todays_special = [row for row in special.get(location_id, []) if row[0] == date]
        if todays_special:
            _date, closed, open_, close = todays_special[0]
            periods = [] if closed else [(open_, close)]
        elif location_id in regular:
            weekday = DAYS[date.weekday()]
            periods = [(open_, close) for day, open_, close in regular[location_id] if day == weekday]
        else:
            periods = None
        result[location_id] = {"today": periods, "special": special.get(location_id, [])}
    return result
