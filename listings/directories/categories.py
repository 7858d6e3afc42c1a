"""The category lookup: each brand's category names mapped to each directory's category ids
(Google `categories/gcid:...`, Facebook Page category ids, Pages Jaunes rubrique codes), edited
by the brand's franchisor admins; the connectors write categories with these ids."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from listings.models import DirectoryCategory
from network.audit import audit
from network.models import Brand, Role
from network.scoping import covered

GOOGLE_ID = re.compile(r"^categories/gcid:[a-z0-9_]+$")
FACEBOOK_ID = re.compile(r"^\d{1,20}$")
PAGESJAUNES_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def category_lookup(brand_id) -> dict[str, dict[str, str]]:
    """{directory: {our category name: its id there}} of a brand (ids left blank are absent)."""
    lookup: dict[str, dict[str, str]] = {"google": {}, "facebook": {}, "pagesjaunes": {}}
    for row in DirectoryCategory.objects.filter(brand_id=brand_id):
        for directory, value in (
            ("google", row.google_id),
            ("facebook", row.facebook_id),
            ("pagesjaunes", row.pagesjaunes_code),
        ):
            if value:
                lookup[directory][row.name] = value
    return lookup


# -- Permissions ---------------------------------------------------------------------------
def can_manage_categories(user, brand) -> bool:
    return Brand.objects.filter(covered(user, brand="pk", roles=[Role.FRANCHISOR_ADMIN]), pk=brand.pk).exists()


def check_manage_categories(user, brand) -> None:
    if not can_manage_categories(user, brand):
        raise PermissionDenied(_("Only the brand's franchisor admins may edit its directory categories."))


# -- Selectors -----------------------------------------------------------------------------
def category_list(*, user):
    """The lookups of the brands the user administers."""
    return DirectoryCategory.objects.filter(
        covered(user, brand="brand_id", roles=[Role.FRANCHISOR_ADMIN])
    ).select_related("brand")


# -- Services ------------------------------------------------------------------------------
def _clean(name: str, google_id: str, facebook_id: str, pagesjaunes_code: str) -> dict:
    values = {
        "name": (name or "").strip(),
        "google_id": (google_id or "").strip(),
        "facebook_id": (facebook_id or "").strip(),
        "pagesjaunes_code": (pagesjaunes_code or "").strip(),
    }
    if values["google_id"].startswith("gcid:"):
        values["google_id"] = f"categories/{values['google_id']}"
    errors = {}
    if not values["name"]:
        errors["name"] = _("Give the category's name as the brand writes it.")
    if values["google_id"] and not GOOGLE_ID.match(values["google_id"]):
        errors["google_id"] = _("A Google category looks like categories/gcid:insurance_agency.")
    if values["facebook_id"] and not FACEBOOK_ID.match(values["facebook_id"]):
        errors["facebook_id"] = _("A Facebook category id is made of digits.")
    if values["pagesjaunes_code"] and not PAGESJAUNES_CODE.match(values["pagesjaunes_code"]):
        errors["pagesjaunes_code"] = _("A Pages Jaunes rubrique code has letters, digits, - or _.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def category_save(*, user, brand, name: str, google_id="", facebook_id="", pagesjaunes_code="", category=None):
    """Create or change one line of the brand's lookup."""
    check_manage_categories(user, brand if category is None else category.brand)
    values = _clean(name, google_id, facebook_id, pagesjaunes_code)
    brand = brand if category is None else category.brand
    clash = DirectoryCategory.objects.filter(brand=brand, name=values["name"])
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("This category is already in the lookup.")})
    if category is None:
        category = DirectoryCategory(brand=brand)
    for key, value in values.items():
        setattr(category, key, value)
    category.save()
    audit(actor=user, action="listings.category_saved", target=brand, summary=values["name"], data=values)
    return category


@transaction.atomic
def category_delete(*, user, category) -> None:
    check_manage_categories(user, category.brand)
    audit(actor=user, action="listings.category_deleted", target=category.brand, summary=category.name)
    category.delete()
