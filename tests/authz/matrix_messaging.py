"""Authorization rules of messages and notifications (see tests/authz/matrix.py).

`conv_A` is between `franchisee` and `region`; `conv_B` is in brand B. Each person sees only
their own notifications.
"""

from tests.authz.matrix import Case, expect, only

OPERATIONS = {
    ("GET", "/api/v1/messages/conversations/"): [
        Case(
            expect(200),
            among=frozenset({"conv_A", "conv_B"}),
            visible={"franchisee": {"conv_A"}, "region": {"conv_A"}, "franchisor": set(), "franchisee2": set()},
        )
    ],
    ("GET", "/api/v1/messages/conversations/{id}/"): [
        Case(only(200, "franchisee region", 404), target="conv_A"),
        Case(expect(404), target="conv_B"),
    ],
    ("GET", "/api/v1/messages/conversations/{id}/messages/"): [
        Case(only(200, "franchisee region", 404), target="conv_A"),
        Case(expect(404), target="conv_B"),
    ],
    ("POST", "/api/v1/messages/conversations/"): [
        Case(
            only(201, "franchisor marketing region listings", 400),
            body=lambda w: {
                "recipients": [w.user_franchisee.pk],
                "brand": w.A.pk,
                "subject": "Your clicks",
                "body": "Can we talk?",
            },
            label="to a franchisee",
        ),
        Case(
            only(201, "franchisor marketing listings franchisee", 400),
            body=lambda w: {
                "recipients": [w.user_region.pk],
                "brand": w.A.pk,
                "subject": "KPI",
                "body": "Why did the cost per lead rise?",
                "link_url": "/reports/?kpi=cpl",
                "context": {"kpi": "cpl"},
            },
            label="to the north region manager",
        ),
        Case(
            expect(400),
            body=lambda w: {"recipients": [w.user_beta_admin.pk], "brand": w.A.pk, "subject": "x", "body": "y"},
            label="to another brand",
        ),
    ],
    ("POST", "/api/v1/messages/conversations/{id}/reply/"): [
        Case(only(201, "franchisee region", 404), target="conv_A", body=lambda w: {"body": "Thanks"}),
        Case(expect(404), target="conv_B", body=lambda w: {"body": "Thanks"}),
    ],
    ("POST", "/api/v1/messages/conversations/{id}/read/"): [
        Case(only(204, "franchisee region", 404), target="conv_A"),
        Case(expect(404), target="conv_B"),
    ],
    ("GET", "/api/v1/messages/contacts/"): [
        Case(
            expect(200),
            among=frozenset({"user_franchisee", "user_franchisee2", "user_region", "user_beta_admin"}),
            visible={
                "franchisee": {"user_region"},
                "franchisee2": set(),
                "region": {"user_franchisee"},
                "franchisor": {"user_franchisee", "user_franchisee2", "user_region"},
            },
        )
    ],
    ("GET", "/api/v1/messages/notifications/"): [
        Case(
            expect(200),
            among=frozenset({"notif_franchisee", "notif_region"}),
            visible={"franchisee": {"notif_franchisee"}, "region": {"notif_region"}, "franchisor": set()},
        )
    ],
    ("POST", "/api/v1/messages/notifications/{id}/read/"): [
        Case(only(204, "franchisee", 404), target="notif_franchisee"),
    ],
    ("POST", "/api/v1/messages/notifications/read-all/"): [Case(expect(200))],
    ("GET", "/api/v1/messages/preferences/"): [Case(expect(200))],
    ("GET", "/api/v1/messages/unread/"): [Case(expect(200))],
    ("PATCH", "/api/v1/messages/preferences/"): [
        Case(expect(200), body=lambda w: {"digest": "weekly"}),
        Case(expect(400), body=lambda w: {"digest": "hourly"}, label="unknown"),
    ],
}
