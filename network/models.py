"""The franchise network: brand > region > franchise > location, and who holds which role where."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import UserObjectPermissionBase

from franchise_platform.append_only import AppendOnlyModel

# Listing capabilities are granted on a node (brand, region, franchise or location) and cover
# everything below it. They are object permissions (django-guardian) of each node model.
CAPABILITY_PERMISSIONS = (
    ("edit_hours", _("Can edit opening hours")),
    ("manage_photos", _("Can manage photos")),
    ("reply_reviews", _("Can reply to reviews")),
    ("edit_profile", _("Can edit the store profile")),
)


class Capability(models.TextChoices):
    EDIT_HOURS = "edit_hours", _("Edit hours")
    MANAGE_PHOTOS = "manage_photos", _("Manage photos")
    REPLY_REVIEWS = "reply_reviews", _("Reply to reviews")
    EDIT_PROFILE = "edit_profile", _("Edit profile")


class Role(models.TextChoices):
    FRANCHISOR_ADMIN = "franchisor_admin", _("Franchisor admin")
    FRANCHISOR_MARKETING = "franchisor_marketing", _("Franchisor marketing")
    REGION_MANAGER = "region_manager", _("Region manager")
    FRANCHISEE_OWNER = "franchisee_owner", _("Franchisee owner")
    FRANCHISEE_STAFF = "franchisee_staff", _("Franchisee staff")
    LISTINGS_EDITOR = "listings_editor", _("Listings editor")


class Level(models.TextChoices):
    BRAND = "brand", _("Brand")
    REGION = "region", _("Region")
    FRANCHISE = "franchise", _("Franchise")


# Which node levels each role may be held at.
ROLE_LEVELS: dict[str, frozenset[str]] = {
    Role.FRANCHISOR_ADMIN: frozenset({Level.BRAND}),
    Role.FRANCHISOR_MARKETING: frozenset({Level.BRAND}),
    Role.REGION_MANAGER: frozenset({Level.REGION}),
    Role.FRANCHISEE_OWNER: frozenset({Level.FRANCHISE}),
    Role.FRANCHISEE_STAFF: frozenset({Level.FRANCHISE}),
    Role.LISTINGS_EDITOR: frozenset({Level.BRAND, Level.REGION, Level.FRANCHISE}),
}

# Capabilities that come with a role, on top of explicit grants.
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.FRANCHISOR_ADMIN: frozenset(Capability.values),
    Role.LISTINGS_EDITOR: frozenset(Capability.values),
    Role.REGION_MANAGER: frozenset(Capability.values),
    Role.FRANCHISEE_OWNER: frozenset({Capability.EDIT_HOURS, Capability.REPLY_REVIEWS}),
    Role.FRANCHISEE_STAFF: frozenset(),
    Role.FRANCHISOR_MARKETING: frozenset(),
}

FRANCHISEE_ROLES = frozenset({Role.FRANCHISEE_OWNER, Role.FRANCHISEE_STAFF})


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Brand(models.Model):
    """A franchisor and its brand."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    default_language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    website = models.URLField(_("website"), blank=True)
    requires_listing_approval = models.BooleanField(_("franchisee listing edits need approval"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        permissions = CAPABILITY_PERMISSIONS

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="regions", verbose_name=_("brand"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)

    class Meta:
        ordering = ["brand_id", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        permissions = CAPABILITY_PERMISSIONS
        constraints = [models.UniqueConstraint(fields=["brand", "slug"], name="region_unique_slug_per_brand")]

    def __str__(self) -> str:
        return self.name


class Franchise(models.Model):
    """A franchisee's business; it may own several stores. Its page is /<brand>/<franchise>/."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="franchises", verbose_name=_("brand"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="franchises", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when the franchise leaves the network (budgets.closing): it is never reactivated nor
    # deleted, receives no click, and its history stays readable.
    closed_at = models.DateTimeField(pgettext_lazy("franchise", "closed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["brand_id", "name"]
        verbose_name = _("franchise")
        verbose_name_plural = _("franchises")
        permissions = CAPABILITY_PERMISSIONS
        constraints = [models.UniqueConstraint(fields=["brand", "slug"], name="franchise_unique_slug_per_brand")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/{self.brand.slug}/{self.slug}/"

    def clean(self) -> None:
        if self.region_id and self.brand_id and self.region.brand_id != self.brand_id:
            raise ValidationError({"region": _("The region belongs to another brand.")})
        if self.closed_at is not None and self.is_active:
            raise ValidationError({"is_active": _("A closed franchise cannot be reactivated.")})


class Location(models.Model):
    """A store (point of sale). Brand and region are copied from its franchise for fast scoping."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="locations", verbose_name=_("brand"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="locations", verbose_name=_("region"))
    franchise = models.ForeignKey(
        Franchise, on_delete=models.CASCADE, related_name="locations", verbose_name=_("franchise")
    )
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=255)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=120)
    state = models.CharField(_("province or department"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code, e.g. CA or FR."))
    phone = models.CharField(_("phone"), max_length=32, blank=True, help_text=_("E.164, e.g. +15145550100."))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        permissions = CAPABILITY_PERMISSIONS
        indexes = [models.Index(fields=["postal_code"]), models.Index(fields=["city"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from network.validation import normalise_phone

        if self.phone:
            self.phone = normalise_phone(self.phone, self.country, field="phone")
        if self.country:
            self.country = self.country.upper()


# Direct foreign-key object permission tables: guardian's fast path, one per node type.
class BrandUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Brand, on_delete=models.CASCADE)


class RegionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Region, on_delete=models.CASCADE)


class FranchiseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Franchise, on_delete=models.CASCADE)


class LocationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Location, on_delete=models.CASCADE)


class Membership(models.Model):
    """A role held by a user at one node of the tree; it covers everything below that node.

    `brand` is always set; `region` is set for region and franchise levels, `franchise` for the
    franchise level, so one indexed comparison answers "does this membership cover that row".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("brand"))
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("region")
    )
    franchise = models.ForeignKey(
        Franchise,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("franchise"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "level", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "brand"], condition=models.Q(level="brand"), name="membership_unique_brand"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"], condition=models.Q(level="region"), name="membership_unique_region"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "franchise"],
                condition=models.Q(level="franchise"),
                name="membership_unique_franchise",
            ),
        ]
        indexes = [models.Index(fields=["user", "level", "brand"]), models.Index(fields=["user", "region"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.node}"

    @property
    def node(self):
        return {Level.BRAND: self.brand, Level.REGION: self.region, Level.FRANCHISE: self.franchise}[self.level]


class Invitation(models.Model):
    """An e-mailed invitation to take a role at a node; accepting it creates the membership."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("brand"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    franchise = models.ForeignKey(Franchise, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @property
    def node(self):
        return {Level.BRAND: self.brand, Level.REGION: self.region, Level.FRANCHISE: self.franchise}[self.level]

    @property
    def is_open(self) -> bool:
        return not self.accepted_at and not self.cancelled_at and self.expires_at > timezone.now()


class AuditLog(AppendOnlyModel):
    """Append-only record of sensitive actions: who did what, when, where in the network."""

    append_only_message = "The audit log is append-only."

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    brand = models.ForeignKey(Brand, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    summary = models.CharField(_("summary"), max_length=500)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"


class CapabilityGrant(models.Model):
    """The record of a listing capability granted to a user on a node (who granted it, when).

    The service mirrors each grant into guardian's object-permission tables, which the scoping
    module reads; this row is what people list, audit and revoke.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capability_grants", verbose_name=_("user")
    )
    capability = models.CharField(_("capability"), max_length=32, choices=Capability.choices)
    level = models.CharField(_("level"), max_length=16, choices=[*Level.choices, ("location", _("Location"))])
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", verbose_name=_("brand"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    franchise = models.ForeignKey(Franchise, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("capability grant")
        verbose_name_plural = _("capability grants")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_capability_display()} · {self.node}"

    @property
    def node(self):
        return {"brand": self.brand, "region": self.region, "franchise": self.franchise, "location": self.location}[
            self.level
        ]
