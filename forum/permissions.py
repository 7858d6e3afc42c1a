"""Who may read, post, moderate and write in the help centre. Built on network.scoping only.

Visibility: a category is visible to the members of its brand, or, when it names regions, to
the members of those regions and to brand-level staff. Moderators are franchisor staff in their
brand and region managers in their regions.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from network.models import Brand, Region, Role
from network.permissions import has_any_role
from network.scoping import covered, node_covered, visible_brands, visible_regions

FRANCHISOR_STAFF = [Role.FRANCHISOR_ADMIN, Role.FRANCHISOR_MARKETING]
MODERATORS = [*FRANCHISOR_STAFF, Role.REGION_MANAGER]
TRAINING_MANAGERS = [Role.FRANCHISOR_ADMIN, Role.FRANCHISOR_MARKETING, Role.REGION_MANAGER]


def _deny(message: str | None = None):
    raise PermissionDenied(message or _("You do not have permission to do this."))


def visible_categories(user, prefix: str = "") -> Q:
    """Categories (through `prefix`, e.g. "category__") the user may see."""
    from forum.models import Category

    brand_members = Brand.objects.filter(visible_brands(user)).values("pk")
    # Brand-level members see every category of their brand; others the regions they belong to.
    brand_staff = Q(Exists(Brand.objects.filter(pk=OuterRef(f"{prefix}brand_id")).filter(covered(user, brand="pk"))))
    my_regions = Region.objects.filter(visible_regions(user)).values("pk")
    open_to_brand = ~Q(Exists(Category.regions.through.objects.filter(category_id=OuterRef(f"{prefix}pk"))))
    in_my_region = Q(
        Exists(Category.regions.through.objects.filter(category_id=OuterRef(f"{prefix}pk"), region_id__in=my_regions))
    )
    return Q(**{f"{prefix}brand_id__in": brand_members}) & (open_to_brand | brand_staff | in_my_region)


def moderated_threads(user) -> Q:
    """Threads the user moderates: franchisor staff of the brand, region managers of the region."""
    return covered(user, brand="category__brand_id", region="region_id", roles=MODERATORS)


def can_moderate_thread(user, thread) -> bool:
    return type(thread).objects.filter(pk=thread.pk).filter(moderated_threads(user)).exists()


def check_moderate_thread(user, thread) -> None:
    if not can_moderate_thread(user, thread):
        _deny(_("Only a moderator may do this."))


def can_reply(user, thread) -> bool:
    return not thread.is_locked or can_moderate_thread(user, thread)


def check_reply(user, thread) -> None:
    if not can_reply(user, thread):
        _deny(_("This thread is locked."))


def can_edit_post(user, post) -> bool:
    if can_moderate_thread(user, post.thread):
        return True
    return post.author_id == user.pk and not post.thread.is_locked


def check_edit_post(user, post) -> None:
    if not can_edit_post(user, post):
        _deny(_("You may only edit your own posts."))


def can_accept_answer(user, thread) -> bool:
    return thread.author_id == user.pk or can_moderate_thread(user, thread)


def check_accept_answer(user, post) -> None:
    if not can_accept_answer(user, post.thread):
        _deny(_("Only the person who asked or a moderator may accept an answer."))


def can_manage_brand_content(user, brand) -> bool:
    """Categories, FAQ entries and courses are written by the franchisor."""
    return node_covered(user, brand, FRANCHISOR_STAFF)


def check_manage_brand_content(user, brand) -> None:
    if not can_manage_brand_content(user, brand):
        _deny(_("Only the franchisor may do this."))


def check_promote_post(user, post) -> None:
    check_manage_brand_content(user, post.thread.category.brand)


def is_franchisor_staff(user) -> bool:
    return has_any_role(user, *FRANCHISOR_STAFF)


def can_follow_training(user) -> bool:
    return has_any_role(user, *TRAINING_MANAGERS)
