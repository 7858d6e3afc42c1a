from tests.authz.matrix import Case, expect, only

ALL_A = {"L1", "L2", "L3"}
MEMBERSHIPS = {
    f"mem_{n}"
    for n in (
        "franchisor",
        "marketing",
        "region",
        "franchisee",
        "franchisee2",
        "listings",
        "beta_admin",
        "staff1",
        "staff3",
        "staffb",
    )
}
A_STAFF = "franchisor marketing region franchisee franchisee2 listings"


def location_body(franchise):
    return lambda w: {
        "franchise": getattr(w, franchise).pk,
        "name": "New store",
        "street_address": "1 rue Neuve",
        "postal_code": "H2X 1K4",
        "city": "Montréal",
        "country": "CA",
        "phone": "514 555 0199",
        "time_zone": "America/Toronto",
    }


def franchise_body(region):
    return lambda w: {"region": getattr(w, region).pk, "name": "New franchise", "slug": "new-franchise"}


OPERATIONS = {
    ("POST", "/api/v1/auth/token/"): [
        Case(
            expect(200, anon=200),
            body=lambda w: {"username": "franchisee", "password": "pass-word-2026"},
            label="right password",
        ),
        Case(
            expect(400, anon=400),
            body=lambda w: {"username": "franchisee", "password": "wrong"},
            label="wrong password",
        ),
    ],
    ("GET", "/api/v1/me/"): [Case(expect(200))],
    ("PATCH", "/api/v1/me/"): [
        Case(expect(200), body=lambda w: {"language": "fr"}),
        Case(expect(400), body=lambda w: {"language": "xx"}, label="unknown language"),
    ],
    # Brands
    ("GET", "/api/v1/brands/"): [
        Case(expect(200), among=frozenset({"A", "B"}), visible={role: {"A"} for role in A_STAFF.split()})
    ],
    ("GET", "/api/v1/brands/{id}/"): [
        Case(expect(200), target="A"),
        Case(expect(404), target="B"),
    ],
    ("PUT", "/api/v1/brands/{id}/"): [
        Case(
            only(200, "franchisor", 403),
            target="A",
            body=lambda w: {"name": "Alpha 2", "default_language": "fr", "currency": "CAD"},
        ),
        Case(expect(404), target="B", body=lambda w: {"name": "Beta 2", "default_language": "fr", "currency": "CAD"}),
    ],
    ("PATCH", "/api/v1/brands/{id}/"): [
        Case(only(200, "franchisor", 403), target="A", body=lambda w: {"requires_listing_approval": True}),
        Case(expect(404), target="B", body=lambda w: {"name": "x"}),
    ],
    # Regions
    ("GET", "/api/v1/regions/"): [
        Case(
            expect(200),
            among=frozenset({"A1", "A2", "B1"}),
            visible={
                "franchisor": {"A1", "A2"},
                "marketing": {"A1", "A2"},
                "listings": {"A1", "A2"},
                "region": {"A1"},
                "franchisee": {"A1"},
                "franchisee2": {"A2"},
            },
        )
    ],
    ("POST", "/api/v1/regions/"): [
        Case(only(201, "franchisor", 403), body=lambda w: {"brand": w.A.pk, "name": "West", "slug": "west"}),
        Case(expect(400), body=lambda w: {"brand": w.B.pk, "name": "West", "slug": "west"}, label="other brand"),
    ],
    ("GET", "/api/v1/regions/{id}/"): [
        Case(only(200, "franchisor marketing listings region franchisee", 404), target="A1"),
        Case(expect(404), target="B1"),
    ],
    ("PUT", "/api/v1/regions/{id}/"): [
        Case(
            only(200, "franchisor", 403, franchisee2=404),
            target="A1",
            body=lambda w: {"name": "North 2", "slug": "north"},
        ),
        Case(expect(404), target="B1", body=lambda w: {"name": "x", "slug": "x"}),
    ],
    ("PATCH", "/api/v1/regions/{id}/"): [
        Case(only(200, "franchisor", 403, franchisee2=404), target="A1", body=lambda w: {"name": "North 2"}),
        Case(expect(404), target="B1", body=lambda w: {"name": "x"}),
    ],
    ("DELETE", "/api/v1/regions/{id}/"): [
        Case(only(400, "franchisor", 403, franchisee2=404), target="A1", label="region with franchises"),
        Case(expect(404), target="B1"),
    ],
    # Franchises
    ("GET", "/api/v1/franchises/"): [
        Case(
            expect(200),
            among=frozenset({"F1", "F2", "F3", "G1"}),
            visible={
                "franchisor": {"F1", "F2", "F3"},
                "marketing": {"F1", "F2", "F3"},
                "listings": {"F1", "F2", "F3"},
                "region": {"F1", "F3"},
                "franchisee": {"F1"},
                "franchisee2": {"F2"},
            },
        )
    ],
    ("POST", "/api/v1/franchises/"): [
        Case(only(201, "franchisor region", 403, franchisee2=400), body=franchise_body("A1")),
        Case(expect(400), body=franchise_body("B1"), label="other brand"),
    ],
    ("GET", "/api/v1/franchises/{id}/"): [
        Case(only(200, "franchisor marketing listings region franchisee", 404), target="F1"),
        Case(only(200, "franchisor marketing listings region", 404), target="F3", label="neighbour"),
        Case(expect(404), target="G1"),
    ],
    ("PUT", "/api/v1/franchises/{id}/"): [
        Case(
            only(200, "franchisor region", 403, franchisee2=404),
            target="F1",
            body=lambda w: {"region": w.A1.pk, "name": "F1 renamed", "slug": "f1"},
        ),
        Case(expect(404), target="G1", body=lambda w: {"region": w.B1.pk, "name": "x", "slug": "g1"}),
    ],
    ("PATCH", "/api/v1/franchises/{id}/"): [
        Case(only(200, "franchisor region", 403, franchisee2=404), target="F1", body=lambda w: {"name": "F1 renamed"}),
        Case(
            only(200, "franchisor", 403, franchisee2=404, region=400),
            target="F1",
            body=lambda w: {"region": w.A2.pk},
            label="move to another region",
        ),
        Case(expect(404), target="G1", body=lambda w: {"name": "x"}),
    ],
    ("DELETE", "/api/v1/franchises/{id}/"): [
        # F1 has a ledger, pledges and clicks: it is closed, never deleted (an empty franchise
        # is deleted with a 204: tests/budgets/test_money_history.py).
        Case(only(400, "franchisor", 403, franchisee2=404), target="F1", label="with money history"),
        Case(expect(404), target="G1"),
    ],
    ("POST", "/api/v1/franchises/{id}/close/"): [
        Case(only(200, "franchisor", 403, franchisee2=404), target="F1", body=lambda w: {"settlement": "refund"}),
        Case(
            only(400, "franchisor", 403, franchisee2=404), target="F1", body=lambda w: {"settlement": "?"}, label="bad"
        ),
        Case(expect(404), target="G1", body=lambda w: {"settlement": "pool"}),
    ],
    # Locations
    ("GET", "/api/v1/locations/"): [
        Case(
            expect(200),
            among=frozenset({"L1", "L2", "L3", "M1"}),
            visible={
                "franchisor": ALL_A,
                "marketing": ALL_A,
                "listings": ALL_A,
                "region": {"L1", "L3"},
                "franchisee": {"L1"},
                "franchisee2": {"L2"},
            },
        )
    ],
    ("POST", "/api/v1/locations/"): [
        Case(only(201, "franchisor region listings", 403, franchisee2=400), body=location_body("F1")),
        Case(expect(400), body=location_body("G1"), label="other brand"),
    ],
    ("GET", "/api/v1/locations/{id}/"): [
        Case(only(200, "franchisor marketing listings region franchisee", 404), target="L1"),
        Case(only(200, "franchisor marketing listings franchisee2", 404), target="L2", label="other region"),
        Case(expect(404), target="M1"),
    ],
    ("PUT", "/api/v1/locations/{id}/"): [
        Case(
            only(200, "franchisor region listings", 403, franchisee2=404),
            target="L1",
            body=lambda w: {**location_body("F1")(w), "name": "Renamed"},
        ),
        Case(expect(404), target="M1", body=location_body("G1")),
    ],
    ("PATCH", "/api/v1/locations/{id}/"): [
        Case(
            only(200, "franchisor region listings", 403, franchisee2=404),
            target="L1",
            body=lambda w: {"name": "Renamed"},
        ),
        Case(
            only(400, "franchisor region listings", 403, franchisee2=404),
            target="L1",
            body=lambda w: {"phone": "12"},
            label="invalid phone",
        ),
        Case(expect(404), target="M1", body=lambda w: {"name": "x"}),
    ],
    ("DELETE", "/api/v1/locations/{id}/"): [
        Case(only(204, "franchisor", 403, franchisee2=404), target="L1"),
        Case(expect(404), target="M1"),
    ],
    # Memberships
    ("GET", "/api/v1/memberships/"): [
        Case(
            expect(200),
            among=frozenset(MEMBERSHIPS),
            visible={
                "franchisor": {
                    "mem_franchisor",
                    "mem_marketing",
                    "mem_region",
                    "mem_franchisee",
                    "mem_franchisee2",
                    "mem_listings",
                    "mem_staff1",
                    "mem_staff3",
                },
                "region": {"mem_region", "mem_franchisee", "mem_staff1", "mem_staff3"},
                "marketing": {"mem_marketing"},
                "listings": {"mem_listings"},
                "franchisee": {"mem_franchisee"},
                "franchisee2": {"mem_franchisee2"},
            },
        )
    ],
    ("POST", "/api/v1/memberships/"): [
        Case(
            only(201, "franchisor region", 403, franchisee=400, franchisee2=400),
            body=lambda w: {"user": w.users["staff3"].pk, "role": "franchisee_staff", "franchise": w.F1.pk},
            label="staff of a franchise in region",
        ),
        Case(
            only(201, "franchisor", 403, franchisee=400, franchisee2=400),
            body=lambda w: {"user": w.users["staff3"].pk, "role": "region_manager", "region": w.A1.pk},
            label="region manager role",
        ),
        Case(
            expect(400),
            body=lambda w: {"user": w.users["staffb"].pk, "role": "franchisee_staff", "franchise": w.G1.pk},
            label="other brand",
        ),
    ],
    ("GET", "/api/v1/memberships/{id}/"): [
        Case(only(200, "franchisor region franchisee", 404), target="mem_franchisee"),
        Case(expect(404), target="mem_beta_admin"),
    ],
    ("PATCH", "/api/v1/memberships/{id}/"): [
        Case(only(200, "franchisor region", 404), target="mem_staff1", body=lambda w: {"role": "franchisee_owner"}),
        Case(
            only(400, "franchisor region", 404),
            target="mem_staff1",
            body=lambda w: {"role": "region_manager"},
            label="role at the wrong level",
        ),
        Case(expect(404), target="mem_staffb", body=lambda w: {"role": "franchisee_owner"}),
    ],
    ("DELETE", "/api/v1/memberships/{id}/"): [
        Case(only(204, "franchisor region", 404), target="mem_staff1"),
        Case(only(204, "franchisor", 404, region=403), target="mem_region", label="a region manager's role"),
        Case(expect(404), target="mem_staffb"),
    ],
    # Invitations
    ("GET", "/api/v1/invitations/"): [
        Case(
            expect(200),
            among=frozenset({"inv_F1", "inv_F2", "inv_B"}),
            visible={
                "franchisor": {"inv_F1", "inv_F2"},
                "region": {"inv_F1"},
                "marketing": set(),
                "listings": set(),
                "franchisee": set(),
                "franchisee2": set(),
            },
        )
    ],
    ("POST", "/api/v1/invitations/"): [
        Case(
            only(201, "franchisor region", 403, franchisee2=400),
            body=lambda w: {"email": "x@example.test", "role": "franchisee_staff", "franchise": w.F1.pk},
        ),
        Case(
            only(201, "franchisor", 403),
            body=lambda w: {"email": "x@example.test", "role": "listings_editor", "brand": w.A.pk},
            label="brand-level role",
        ),
        Case(
            expect(400),
            body=lambda w: {"email": "x@example.test", "role": "franchisee_staff", "franchise": w.G1.pk},
            label="other brand",
        ),
        Case(
            expect(400),
            body=lambda w: {"email": "not-an-email", "role": "franchisee_staff", "franchise": w.F1.pk},
            label="bad e-mail",
        ),
    ],
    ("GET", "/api/v1/invitations/{id}/"): [
        Case(only(200, "franchisor region", 404), target="inv_F1"),
        Case(expect(404), target="inv_B"),
    ],
    ("DELETE", "/api/v1/invitations/{id}/"): [
        Case(only(204, "franchisor region", 404), target="inv_F1"),
        Case(expect(404), target="inv_B"),
    ],
    # Capability grants
    ("GET", "/api/v1/capability-grants/"): [
        Case(
            expect(200),
            among=frozenset({"grant_L1", "grant_B"}),
            visible={
                "franchisor": {"grant_L1"},
                "region": {"grant_L1"},
                "listings": {"grant_L1"},
                "marketing": set(),
                "franchisee": set(),
                "franchisee2": set(),
            },
        )
    ],
    ("POST", "/api/v1/capability-grants/"): [
        Case(
            only(201, "franchisor region listings", 403, franchisee2=400),
            body=lambda w: {"user": w.users["staff1"].pk, "capability": "edit_hours", "franchise": w.F1.pk},
        ),
        Case(
            expect(400),
            body=lambda w: {"user": w.users["staffb"].pk, "capability": "edit_hours", "franchise": w.G1.pk},
            label="other brand",
        ),
    ],
    ("GET", "/api/v1/capability-grants/{id}/"): [
        Case(only(200, "franchisor region listings", 404), target="grant_L1"),
        Case(expect(404), target="grant_B"),
    ],
    ("DELETE", "/api/v1/capability-grants/{id}/"): [
        Case(only(204, "franchisor region listings", 404), target="grant_L1"),
        Case(expect(404), target="grant_B"),
    ],
    # Audit log
    ("GET", "/api/v1/audit-log/"): [
        Case(
            expect(200),
            among=frozenset({"audit_A", "audit_B"}),
            visible={
                "franchisor": {"audit_A"},
                "region": set(),
                "marketing": set(),
                "listings": set(),
                "franchisee": set(),
                "franchisee2": set(),
            },
        )
    ],
    ("GET", "/api/v1/audit-log/{id}/"): [
        Case(only(200, "franchisor", 404), target="audit_A"),
        Case(expect(404), target="audit_B"),
    ],
}
