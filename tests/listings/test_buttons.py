"""A listing page offers a button only to who may use it: no offer that ends in a 403."""

from django.test import Client
from django.urls import reverse

from listings.services import listing_update


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def test_drift_buttons_show_only_to_who_may_change_the_fields_it_concerns(world, directories):
    drift = f'data-drift="{world.drift_L1.pk}"'  # a difference on the description of L1
    decide = reverse("listing-drift-decide", args=[world.drift_L1.pk, "republish"])
    editor = login(world, "listings").get(reverse("listing-drifts")).content.decode()
    assert drift in editor and decide in editor
    owner = login(world, "franchisee").get(reverse("listing-drifts")).content.decode()  # hours and reviews only
    assert drift in owner and decide not in owner
    assert login(world, "franchisee").post(decide).status_code == 403  # what the button would have met


def test_going_back_is_offered_only_for_revisions_whose_fields_the_user_may_change(world, directories):
    listing_update(location=world.L1, user=world.users["listings"], data={"description": "Nouveau texte"})
    url = reverse("listing-history", args=[world.L1.pk])
    owner = login(world, "franchisee").get(url).context["revertible"]
    editor = login(world, "listings").get(url).context["revertible"]
    # Back to the hours edit would also undo the description: the owner may not; the editor may.
    assert world.rev_L1.pk not in owner and world.rev_L1.pk in editor
    assert world.rev0_L1.pk in editor
    post = login(world, "franchisee").post(
        reverse("listing-revert", args=[world.L1.pk, world.rev_L1.pk]), {"confirmed": "1"}
    )
    assert post.status_code == 403
