"""What the full sweep adds to the permission world: the texts users read later, written by
someone working in the other language (a rolled-back store, a notification, a KPI question,
an edit of the opening hours)."""

from django.utils import translation

from listings.models import ItemStatus, Listing, SyncItem, SyncJob


def add_sweep_records(w) -> None:
    from forum import services as forum_services
    from listings.services import listing_update
    from reporting import services as reporting_services
    from reporting.selectors import Node

    with translation.override("en"):
        w.kpi_question = reporting_services.kpi_question_ask(
            user=w.users["franchisee"],
            node=Node(brand=w.A, region=w.A1),
            metric="cost_per_customer",
            body="Why?",
            link_url=f"/reports/?brand={w.A.pk}&region={w.A1.pk}",
        )
        forum_services.post_create(thread=w.thread_A1, author=w.users["franchisee"], body="@region same here")
    with translation.override("fr"):
        w.rev_hours_L1 = listing_update(
            location=w.L1,
            user=w.users["listings"],
            data={"regular_hours": [{"day": "MONDAY", "open": "09:00", "close": "17:00"}]},
        )
        w.rev_hours2_L1 = listing_update(
            location=w.L1,
            user=w.users["listings"],
            data={"regular_hours": [{"day": "MONDAY", "open": "09:00", "close": "18:00"}]},
        )
    # The engine's own failure: the store is rolled back with a stored reason.
    item = SyncItem.objects.filter(revision=w.rev_hours2_L1).first()
    if item is not None:
        SyncItem.objects.filter(pk=item.pk).update(status=ItemStatus.ROLLED_BACK, reason="batch_failed")
        SyncJob.objects.filter(item=item).update(status="failed", error="unavailable", error_params={})
        Listing.objects.filter(location=w.L1).update(sync_status="rolled_back", sync_reason="batch_failed")
        w.item_rolled_back_L1 = item
