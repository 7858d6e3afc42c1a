"""Authorization rules of this app's API operations (see tests/authz/matrix.py)."""

from tests.authz.matrix import Case, expect, only

SEES_L1 = "franchisor marketing region franchisee listings"
HOURS_L1 = "franchisor region franchisee listings"  # edit_hours on L1
PROFILE_L1 = "franchisor region listings"  # edit_profile on L1
APPROVERS_L1 = "franchisor region listings"


def sees(name):
    return {role: {name} for role in SEES_L1.split()} | {"franchisee2": set()}


def bulk_body(location, **extra):
    return lambda w: {
        "locations": [getattr(w, location).pk],
        "entries": [{"date": "2026-12-31", "closed": True}],
        **extra,
    }


OPERATIONS = {
    ("GET", "/api/v1/locations/{id}/listing/"): [
        Case(only(200, SEES_L1, 404), target="L1"),
        Case(expect(404), target="M1"),
    ],
    ("PATCH", "/api/v1/locations/{id}/listing/"): [
        Case(
            only(200, HOURS_L1, 403, franchisee2=404),
            target="L1",
            body=lambda w: {"special_hours": [{"date": "2026-12-31", "closed": True}]},
            label="hours",
        ),
        Case(
            only(200, PROFILE_L1, 403, franchisee2=404),
            target="L1",
            body=lambda w: {"description": "Nouveau"},
            label="profile",
        ),
        Case(
            only(400, HOURS_L1, 403, franchisee2=404),
            target="L1",
            body=lambda w: {"regular_hours": [{"day": "MONDAY", "open": "9h", "close": "12:00"}]},
            label="invalid hours",
        ),
        Case(expect(404), target="M1", body=lambda w: {"description": "x"}),
    ],
    ("GET", "/api/v1/listing-revisions/"): [
        Case(expect(200), among=frozenset({"rev_L1", "rev_M1"}), visible=sees("rev_L1")),
    ],
    ("GET", "/api/v1/listing-revisions/{id}/"): [
        Case(only(200, SEES_L1, 404), target="rev_L1"),
        Case(expect(404), target="rev_M1"),
    ],
    ("POST", "/api/v1/listing-revisions/{id}/revert/"): [
        Case(only(201, HOURS_L1, 403, franchisee2=404), target="rev0_L1"),
        Case(expect(404), target="rev0_M1"),
    ],
    ("GET", "/api/v1/listing-suggestions/"): [
        Case(expect(200), among=frozenset({"sug_L1", "sug_M1"}), visible=sees("sug_L1")),
    ],
    ("GET", "/api/v1/listing-suggestions/{id}/"): [
        Case(only(200, SEES_L1, 404), target="sug_L1"),
        Case(expect(404), target="sug_M1"),
    ],
    ("POST", "/api/v1/listing-suggestions/{id}/approve/"): [
        Case(only(200, APPROVERS_L1, 403, franchisee2=404), target="sug_L1", body=lambda w: {}),
        Case(expect(404), target="sug_M1", body=lambda w: {}),
    ],
    ("POST", "/api/v1/listing-suggestions/{id}/reject/"): [
        Case(only(200, APPROVERS_L1, 403, franchisee2=404), target="sug_L1", body=lambda w: {"note": "non"}),
        Case(expect(404), target="sug_M1", body=lambda w: {}),
    ],
    ("GET", "/api/v1/sync-batches/"): [
        Case(expect(200), among=frozenset({"batch_L1", "batch_M1"}), visible=sees("batch_L1")),
    ],
    ("GET", "/api/v1/sync-batches/{id}/"): [
        Case(only(200, SEES_L1, 404), target="batch_L1"),
        Case(expect(404), target="batch_M1"),
    ],
    ("GET", "/api/v1/sync-batches/{id}/progress/"): [
        Case(only(200, SEES_L1, 404), target="batch_L1"),
        Case(expect(404), target="batch_M1"),
    ],
    ("POST", "/api/v1/sync-batches/{id}/undo/"): [
        Case(only(201, HOURS_L1, 403, franchisee2=404), target="batch_L1"),
        Case(expect(404), target="batch_M1"),
    ],
    ("POST", "/api/v1/sync-batches/{id}/retry/"): [
        Case(only(400, HOURS_L1, 403, franchisee2=404), target="batch_L1", label="nothing failed"),
        Case(expect(404), target="batch_M1"),
    ],
    ("POST", "/api/v1/sync-items/{id}/retry/"): [
        Case(only(400, HOURS_L1, 403, franchisee2=404), target="item_L1", label="nothing failed"),
        Case(expect(404), target="item_M1"),
    ],
    ("GET", "/api/v1/listing-drifts/"): [
        Case(expect(200), among=frozenset({"drift_L1", "drift_M1"}), visible=sees("drift_L1")),
    ],
    ("GET", "/api/v1/listing-drifts/{id}/"): [
        Case(only(200, SEES_L1, 404), target="drift_L1"),
        Case(expect(404), target="drift_M1"),
    ],
    ("POST", "/api/v1/listing-drifts/{id}/republish/"): [
        Case(only(200, PROFILE_L1, 403, franchisee2=404), target="drift_L1"),
        Case(expect(404), target="drift_M1"),
    ],
    ("POST", "/api/v1/listing-drifts/{id}/accept/"): [
        Case(only(200, PROFILE_L1, 403, franchisee2=404), target="drift_L1"),
        Case(expect(404), target="drift_M1"),
    ],
    ("POST", "/api/v1/listings/bulk-special-hours/"): [
        Case(only(201, HOURS_L1, 403, franchisee2=400), body=bulk_body("L1"), label="own store"),
        Case(only(200, HOURS_L1, 403, franchisee2=400), body=bulk_body("L1", preview=True), label="preview"),
        Case(expect(400), body=bulk_body("M1"), label="other brand's store"),
    ],
    ("GET", "/api/v1/listings/export/{id}/"): [
        Case(only(200, "franchisor listings", 403), target="A"),
        Case(expect(404), target="B"),
    ],
}
