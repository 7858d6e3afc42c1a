"""Authorization rules of this app's API operations (see tests/authz/matrix.py)."""

from tests.authz.matrix import Case, expect, only

BUDGET_A = "franchisor marketing region franchisee franchisee2"
MANAGERS = "franchisor marketing"


def round_body(pool):
    return lambda w: {"pool": getattr(w, pool).pk, "month": w.future_month.isoformat(), "suggested_amount": "250.00"}


OPERATIONS = {
    # Pools
    ("GET", "/api/v1/pools/"): [
        Case(expect(200), among=frozenset({"poolA", "poolB"}), visible={r: {"poolA"} for r in BUDGET_A.split()})
    ],
    ("POST", "/api/v1/pools/"): [
        Case(
            only(201, MANAGERS, 403),
            body=lambda w: {"brand": w.A.pk, "name": "Autos", "slug": "alpha-autos"},
        ),
        Case(expect(400), body=lambda w: {"brand": w.B.pk, "name": "x", "slug": "x-x"}, label="other brand"),
    ],
    ("GET", "/api/v1/pools/{id}/"): [
        Case(only(200, BUDGET_A, 404), target="poolA"),
        Case(expect(404), target="poolB"),
    ],
    ("POST", "/api/v1/pools/{id}/keywords/"): [
        Case(
            only(201, MANAGERS, 403, listings=404),
            target="poolA",
            body=lambda w: {"text": "assurance moto", "group": "broad"},
        ),
        Case(
            only(400, MANAGERS, 403, listings=404),
            target="poolA",
            body=lambda w: {"text": "x", "group": "nope"},
            label="bad group",
        ),
        Case(expect(404), target="poolB", body=lambda w: {"text": "x"}),
    ],
    ("POST", "/api/v1/pools/{id}/top-up/"): [
        Case(
            only(201, MANAGERS, 403, listings=404),
            target="poolA",
            body=lambda w: {"amount": "100.00", "key": "matrix-top-up"},
        ),
        Case(
            only(400, MANAGERS, 403, listings=404),
            target="poolA",
            body=lambda w: {"amount": "-1.00", "key": "matrix-negative"},
            label="negative amount",
        ),
        Case(expect(404), target="poolB", body=lambda w: {"amount": "100.00", "key": "matrix-b"}),
    ],
    # Contribution rounds
    ("GET", "/api/v1/rounds/"): [
        Case(expect(200), among=frozenset({"roundA", "roundB"}), visible={r: {"roundA"} for r in BUDGET_A.split()})
    ],
    ("POST", "/api/v1/rounds/"): [
        Case(only(201, MANAGERS, 403, listings=400), body=round_body("poolA")),
        Case(expect(400), body=round_body("poolB"), label="other brand"),
    ],
    ("GET", "/api/v1/rounds/{id}/"): [
        Case(only(200, BUDGET_A, 404), target="roundA"),
        Case(expect(404), target="roundB"),
    ],
    ("POST", "/api/v1/rounds/{id}/close/"): [
        Case(only(200, MANAGERS, 403, listings=404), target="roundA"),
        Case(expect(404), target="roundB"),
    ],
    # Pledges: participation is public inside the brand; only the franchise's owner answers.
    ("GET", "/api/v1/pledges/"): [
        Case(
            expect(200),
            among=frozenset({"pledge_F1", "pledge_F2", "pledge_F3", "pledge_G1"}),
            visible={r: {"pledge_F1", "pledge_F2", "pledge_F3"} for r in BUDGET_A.split()},
        )
    ],
    ("GET", "/api/v1/pledges/{id}/"): [
        Case(only(200, BUDGET_A, 404), target="pledge_F1"),
        Case(expect(404), target="pledge_G1"),
    ],
    ("POST", "/api/v1/pledges/{id}/answer/"): [
        Case(
            only(200, "franchisor franchisee", 403, listings=404),
            target="pledge_F1",
            body=lambda w: {"decision": "accept"},
        ),
        Case(
            only(400, "franchisor franchisee", 403, listings=404),
            target="pledge_F1",
            body=lambda w: {"decision": "change", "amount": "-5.00"},
            label="negative amount",
        ),
        Case(expect(404), target="pledge_G1", body=lambda w: {"decision": "accept"}),
    ],
    # Ledger: a franchise's entries for those covering it, the franchisor's for brand roles.
    ("GET", "/api/v1/ledger/"): [
        Case(
            expect(200),
            among=frozenset({"entry_F1", "entry_F2", "entry_fundA", "entry_G1"}),
            visible={
                "franchisor": {"entry_F1", "entry_F2", "entry_fundA"},
                "marketing": {"entry_F1", "entry_F2", "entry_fundA"},
                "region": {"entry_F1"},
                "franchisee": {"entry_F1"},
                "franchisee2": {"entry_F2"},
                "listings": set(),
            },
        )
    ],
    ("GET", "/api/v1/ledger/{id}/"): [
        Case(only(200, "franchisor marketing region franchisee", 404), target="entry_F1"),
        Case(only(200, MANAGERS, 404), target="entry_fundA", label="franchisor account"),
        Case(expect(404), target="entry_G1"),
    ],
    # Clicks
    ("GET", "/api/v1/clicks/"): [
        Case(
            expect(200),
            among=frozenset({"click_F1", "click_F2", "click_A0", "click_G1"}),
            visible={
                "franchisor": {"click_F1", "click_F2", "click_A0"},
                "marketing": {"click_F1", "click_F2", "click_A0"},
                "region": {"click_F1"},
                "franchisee": {"click_F1"},
                "franchisee2": {"click_F2"},
                "listings": set(),
            },
        )
    ],
    ("GET", "/api/v1/clicks/{id}/"): [
        Case(only(200, "franchisor marketing region franchisee", 404), target="click_F1"),
        Case(only(200, MANAGERS, 404), target="click_A0", label="franchisor click"),
        Case(expect(404), target="click_G1"),
    ],
    # Leads
    ("GET", "/api/v1/leads/"): [
        Case(
            expect(200),
            among=frozenset({"lead_F1", "lead_F2", "lead_G1"}),
            visible={
                "franchisor": {"lead_F1", "lead_F2"},
                "marketing": {"lead_F1", "lead_F2"},
                "region": {"lead_F1"},
                "franchisee": {"lead_F1"},
                "franchisee2": {"lead_F2"},
                "listings": set(),
            },
        )
    ],
    ("GET", "/api/v1/leads/{id}/"): [
        Case(only(200, "franchisor marketing region franchisee", 404), target="lead_F1"),
        Case(expect(404), target="lead_G1"),
    ],
    ("PATCH", "/api/v1/leads/{id}/"): [
        Case(
            only(200, "franchisor region franchisee", 404, marketing=403),
            target="lead_F1",
            body=lambda w: {"status": "won", "revenue": "1200.00"},
        ),
        Case(
            only(400, "franchisor region franchisee", 404, marketing=403),
            target="lead_F1",
            body=lambda w: {"status": "won"},
            label="won without revenue",
        ),
        Case(expect(404), target="lead_G1", body=lambda w: {"status": "contacted"}),
    ],
}
