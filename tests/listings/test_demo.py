from listings.models import Listing, ListingRevision, SyncBatch


def test_the_demo_gives_every_store_a_listing_with_history_and_is_idempotent(transactional_db):
    from listings.demo import seed
    from network.demo import seed_network

    network = seed_network(password="demo-pass-2026")
    seed(network)
    revisions = ListingRevision.objects.count()
    assert Listing.objects.count() == len(network.locations)
    assert revisions >= 4 * len(network.locations)
    assert SyncBatch.objects.filter(label="Fêtes de fin d'année").exists()
    seed(network)
    assert ListingRevision.objects.count() == revisions
