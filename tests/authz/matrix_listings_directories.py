"""Authorization rules of the directory API: reviews, duplicates and directory links.

In tests no directory answers (DIRECTORY_SIMULATOR_URL points at a closed port), so a call that
reaches a directory is a 400 "directory unavailable"; the cases that must succeed are built to
need no directory (linking the listing already linked). The directory paths themselves are
tested against the simulator in tests/listings/directories/test_apis.py.
"""

from tests.authz.matrix import Case, expect, only

SEES_L1 = "franchisor marketing listings region franchisee"
SEES_L2 = "franchisor marketing listings franchisee2"
EDITS_L1 = "franchisor listings region"  # edit_profile on L1
REPLIES_L1 = "franchisor listings region franchisee"  # reply_reviews on L1
REPLIES_L2 = "franchisor listings franchisee2"


def visible(prefix):
    both = {f"{prefix}_L1", f"{prefix}_L2"}
    return {
        "franchisor": both,
        "marketing": both,
        "listings": both,
        "region": {f"{prefix}_L1"},
        "franchisee": {f"{prefix}_L1"},
        "franchisee2": {f"{prefix}_L2"},
    }


def listing_cases(prefix):
    return [
        Case(
            expect(200),
            among=frozenset({f"{prefix}_L1", f"{prefix}_L2", f"{prefix}_M1"}),
            visible=visible(prefix),
        )
    ]


def detail_cases(prefix):
    return [
        Case(only(200, SEES_L1, 404), target=f"{prefix}_L1"),
        Case(only(200, SEES_L2, 404), target=f"{prefix}_L2", label="other region"),
        Case(expect(404), target=f"{prefix}_M1", label="other brand"),
    ]


def duplicate_action_cases():
    return [
        Case(only(200, EDITS_L1, 403, franchisee2=404), target="dup_L1"),
        Case(only(200, "franchisor listings", 403, region=404, franchisee=404), target="dup_L2", label="other region"),
        Case(expect(404), target="dup_M1", label="other brand"),
    ]


def location_body(location, directory="google", **extra):
    return lambda w: {"location": getattr(w, location).pk, "directory": directory, **extra}


ADMIN_A = "franchisor"  # the franchisor admin of brand A; brand B's admin is not in the world


def category_list_cases():
    return [
        Case(
            expect(200),
            among=frozenset({"category_A", "category_B"}),
            visible={"franchisor": {"category_A"}},
        )
    ]


OPERATIONS = {
    ("GET", "/api/v1/directory-categories/"): category_list_cases(),
    ("GET", "/api/v1/directory-categories/{id}/"): [
        Case(only(200, ADMIN_A, 404), target="category_A"),
        Case(expect(404), target="category_B", label="other brand"),
    ],
    ("POST", "/api/v1/directory-categories/"): [
        Case(
            only(201, ADMIN_A, 400),
            body=lambda w: {"brand": w.A.pk, "name": "Assurance auto", "google_id": "gcid:auto_insurance_agency"},
            label="own brand",
        ),
        Case(expect(400), body=lambda w: {"brand": w.B.pk, "name": "Pain"}, label="other brand"),
    ],
    ("PATCH", "/api/v1/directory-categories/{id}/"): [
        Case(only(200, ADMIN_A, 404), target="category_A", body=lambda w: {"facebook_id": "2247"}),
        Case(expect(404), target="category_B", body=lambda w: {"facebook_id": "1"}, label="other brand"),
    ],
    ("DELETE", "/api/v1/directory-categories/{id}/"): [
        Case(only(204, ADMIN_A, 404), target="category_A"),
        Case(expect(404), target="category_B", label="other brand"),
    ],
    ("GET", "/api/v1/reviews/"): listing_cases("review"),
    ("GET", "/api/v1/reviews/{id}/"): detail_cases("review"),
    ("POST", "/api/v1/reviews/{id}/reply/"): [
        Case(
            only(400, REPLIES_L1, 403, franchisee2=404),
            target="review_L1",
            body=lambda w: {"text": ""},
            label="empty reply",
        ),
        Case(
            only(400, REPLIES_L1, 403, franchisee2=404),
            target="review_L1",
            body=lambda w: {"text": "Merci !"},
            label="directory unreachable",
        ),
        Case(
            only(400, REPLIES_L2, 403, region=404, franchisee=404),
            target="review_L2",
            body=lambda w: {"text": ""},
            label="other region",
        ),
        Case(expect(404), target="review_M1", body=lambda w: {"text": "Merci"}, label="other brand"),
    ],
    ("GET", "/api/v1/duplicates/"): listing_cases("dup"),
    ("GET", "/api/v1/duplicates/{id}/"): detail_cases("dup"),
    ("POST", "/api/v1/duplicates/{id}/request-suppression/"): duplicate_action_cases(),
    ("POST", "/api/v1/duplicates/{id}/dismiss/"): duplicate_action_cases(),
    ("GET", "/api/v1/directory-links/"): listing_cases("link"),
    ("GET", "/api/v1/directory-links/{id}/"): detail_cases("link"),
    ("POST", "/api/v1/directory-links/"): [
        Case(
            only(201, EDITS_L1, 403, franchisee2=400),
            body=location_body("L1", external_id="g-L1"),
            label="the listing already linked",
        ),
        Case(expect(400), body=location_body("M1", external_id="g-M1"), label="other brand"),
    ],
    ("POST", "/api/v1/directory-links/search/"): [
        Case(only(400, EDITS_L1, 403, franchisee2=400), body=location_body("L1"), label="directory unreachable"),
        Case(expect(400), body=location_body("M1"), label="other brand"),
    ],
    ("POST", "/api/v1/directory-links/create-listing/"): [
        Case(only(400, EDITS_L1, 403, franchisee2=400), body=location_body("L1"), label="already linked"),
        Case(expect(400), body=location_body("M1", "facebook"), label="other brand"),
    ],
}
