"""Listing objects of the permission world: in brand A (store L1) and brand B (store M1)."""

from django.utils import timezone

from listings.models import BatchStatus, ItemStatus, Listing, ListingDrift, ListingSuggestion, SyncBatch, SyncItem
from listings.services import listing_for, listing_update


def add_listings(w) -> None:
    for name, location, admin in (("L1", w.L1, w.users["listings"]), ("M1", w.M1, None)):
        listing = listing_for(location)
        initial = listing.current_revision
        if admin is not None:
            edit = listing_update(
                location=location, user=admin, data={"special_hours": [{"date": "2026-12-25", "closed": True}]}
            )
        else:
            from listings.services import _commit_change

            edit = _commit_change(
                location=location,
                listing=listing,
                values={"special_hours": [{"date": "2026-12-25", "closed": True}]},
                kind="edit",
                user=None,
            )
        item = SyncItem.objects.get(revision=edit)
        SyncItem.objects.filter(pk=item.pk).update(status=ItemStatus.SYNCED)
        SyncBatch.objects.filter(pk=item.batch_id).update(status=BatchStatus.DONE, finished_at=timezone.now())
        Listing.objects.filter(pk=listing.pk).update(published_revision=edit, sync_status="synced")
        setattr(w, f"rev0_{name}", initial)
        setattr(w, f"rev_{name}", edit)
        setattr(w, f"batch_{name}", SyncBatch.objects.get(pk=item.batch_id))
        setattr(w, f"item_{name}", item)
        setattr(
            w,
            f"sug_{name}",
            ListingSuggestion.objects.create(
                listing=listing,
                created_by=w.users["franchisee"],
                fields=["special_hours"],
                data={"special_hours": [{"date": "2026-12-24", "closed": True}]},
                diff={},
            ),
        )
        setattr(
            w,
            f"drift_{name}",
            ListingDrift.objects.create(
                location=location, directory="google", fields=["description"], theirs={"description": "Leur texte"}
            ),
        )
