"""Who may act on a store's directory listings. Built on the network's scoping, so pages, the
API and tasks agree: linking and duplicates need `edit_profile` on the store, replying to a
review needs `reply_reviews`."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from network.scoping import node_has_capability


def can_manage_listing_links(user, location) -> bool:
    return node_has_capability(user, location, "edit_profile")


def check_manage_listing_links(user, location) -> None:
    if not can_manage_listing_links(user, location):
        raise PermissionDenied(_("You may not manage this store's directory listings."))


def can_reply_review(user, review) -> bool:
    return node_has_capability(user, review.location, "reply_reviews")


def check_reply_review(user, review) -> None:
    if not can_reply_review(user, review):
        raise PermissionDenied(_("You may not reply to this store's reviews."))


def check_manage_duplicate(user, duplicate) -> None:
    check_manage_listing_links(user, duplicate.location)


def check_manage_link(user, link) -> None:
    check_manage_listing_links(user, link.location)
