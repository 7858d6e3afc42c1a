"""A small two-brand network used by permission tests: every rule is checked in and out."""

from types import SimpleNamespace

from django.utils import timezone
from rest_framework.authtoken.models import Token

from network.models import AuditLog, CapabilityGrant, Invitation, Role
from tests.factories import BrandFactory, FranchiseFactory, LocationFactory, RegionFactory, UserFactory, grant_role

ROLES = ("anon", "franchisor", "marketing", "region", "franchisee", "franchisee2", "listings")


def build_world() -> SimpleNamespace:
    w = build_network()
    add_network_records(w)
    from tests.privacy.world import add_privacy_leads

    add_privacy_leads(w)
    from tests.forum.world import add_help_centre

    add_help_centre(w)
    from tests.budgets.world import add_budgets

    add_budgets(w)
    from tests.listings.world import add_listings

    add_listings(w)
    from tests.listings.directories.world import add_directory_objects

    add_directory_objects(w)
    return w


def build_network() -> SimpleNamespace:
    """The organisation tree and one user per role, with nothing else: the empty platform."""
    w = SimpleNamespace()
    w.A = BrandFactory(name="Alpha", slug="alpha")
    w.B = BrandFactory(name="Beta", slug="beta")
    w.A1 = RegionFactory(brand=w.A, name="North", slug="north")
    w.A2 = RegionFactory(brand=w.A, name="South", slug="south")
    w.B1 = RegionFactory(brand=w.B, name="East", slug="east")
    w.F1 = FranchiseFactory(region=w.A1, slug="f1")
    w.F3 = FranchiseFactory(region=w.A1, slug="f3")
    w.F2 = FranchiseFactory(region=w.A2, slug="f2")
    w.G1 = FranchiseFactory(region=w.B1, slug="g1")
    w.L1 = LocationFactory(franchise=w.F1)
    w.L3 = LocationFactory(franchise=w.F3)
    w.L2 = LocationFactory(franchise=w.F2)
    w.M1 = LocationFactory(franchise=w.G1)

    w.users = {}
    for name, role, node in [
        ("franchisor", Role.FRANCHISOR_ADMIN, w.A),
        ("marketing", Role.FRANCHISOR_MARKETING, w.A),
        ("region", Role.REGION_MANAGER, w.A1),
        ("franchisee", Role.FRANCHISEE_OWNER, w.F1),
        ("franchisee2", Role.FRANCHISEE_OWNER, w.F2),
        ("listings", Role.LISTINGS_EDITOR, w.A),
        ("beta_admin", Role.FRANCHISOR_ADMIN, w.B),
        ("staff1", Role.FRANCHISEE_STAFF, w.F1),
        ("staff3", Role.FRANCHISEE_STAFF, w.F3),
        ("staffb", Role.FRANCHISEE_STAFF, w.G1),
    ]:
        user = UserFactory(username=name)
        membership = grant_role(user, role, node)
        w.users[name] = user
        setattr(w, f"mem_{name}", membership)
    w.tokens = {name: Token.objects.create(user=user).key for name, user in w.users.items()}
    return w


def add_network_records(w) -> None:
    """Invitations, listing-right grants and audit entries in both brands."""
    expires = timezone.now() + timezone.timedelta(days=7)
    w.inv_F1 = Invitation.objects.create(
        email="new1@example.test",
        role=Role.FRANCHISEE_STAFF,
        level="franchise",
        brand=w.A,
        region=w.A1,
        franchise=w.F1,
        expires_at=expires,
    )
    w.inv_F2 = Invitation.objects.create(
        email="new2@example.test",
        role=Role.FRANCHISEE_STAFF,
        level="franchise",
        brand=w.A,
        region=w.A2,
        franchise=w.F2,
        expires_at=expires,
    )
    w.inv_B = Invitation.objects.create(
        email="newb@example.test",
        role=Role.FRANCHISEE_STAFF,
        level="franchise",
        brand=w.B,
        region=w.B1,
        franchise=w.G1,
        expires_at=expires,
    )
    w.grant_L1 = CapabilityGrant.objects.create(
        user=w.users["staff1"],
        capability="manage_photos",
        level="location",
        brand=w.A,
        region=w.A1,
        franchise=w.F1,
        location=w.L1,
    )
    w.grant_B = CapabilityGrant.objects.create(
        user=w.users["staffb"], capability="manage_photos", level="franchise", brand=w.B, region=w.B1, franchise=w.G1
    )
    w.audit_A = AuditLog.objects.create(
        action="test.a", brand=w.A, target_type="network.brand", target_id=str(w.A.pk), summary="alpha event"
    )
    w.audit_B = AuditLog.objects.create(
        action="test.b", brand=w.B, target_type="network.brand", target_id=str(w.B.pk), summary="beta event"
    )


def client_for(world, role):
    from rest_framework.test import APIClient

    client = APIClient()
    if role != "anon":
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    return client
