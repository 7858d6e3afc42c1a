"""Authorization rules of the help centre API (see tests/authz/matrix.py and tests/forum/world.py).

Region manager `region` covers A1; `franchisee` is in A1, `franchisee2` in A2; franchisor staff
(`franchisor`, `marketing`) and `listings` hold brand-level roles in A.
"""

from tests.authz.matrix import Case, expect, only

A = "franchisor marketing region franchisee franchisee2 listings"
BRAND_LEVEL = "franchisor marketing listings"
STAFF = "franchisor marketing"
MODS_A1 = "franchisor marketing region"
POSTS = frozenset({"post_A1q", "post_A1r", "post_A1h", "post_A2q", "post_B"})
THREADS = frozenset({"thread_A1", "thread_A2", "thread_B"})


def visible(**rows):
    return {role: set(names.split()) for role, names in rows.items()}


OPERATIONS = {
    # Categories
    ("GET", "/api/v1/forum/categories/"): [
        Case(
            expect(200),
            among=frozenset({"cat_A", "cat_A1", "cat_A2", "cat_B"}),
            visible=visible(
                franchisor="cat_A cat_A1 cat_A2",
                listings="cat_A cat_A1 cat_A2",
                region="cat_A cat_A1",
                franchisee="cat_A cat_A1",
                franchisee2="cat_A cat_A2",
            ),
        )
    ],
    ("GET", "/api/v1/forum/categories/{id}/"): [
        Case(expect(200), target="cat_A"),
        Case(only(200, "franchisor marketing listings region franchisee", 404), target="cat_A1"),
        Case(only(200, "franchisor marketing listings franchisee2", 404), target="cat_A2"),
        Case(expect(404), target="cat_B"),
    ],
    ("POST", "/api/v1/forum/categories/"): [
        Case(only(201, STAFF, 403), body=lambda w: {"brand": w.A.pk, "name": "New", "slug": "new", "regions": []}),
        Case(
            only(201, STAFF, 403, franchisee2=400),
            body=lambda w: {"brand": w.A.pk, "name": "N", "slug": "n", "regions": [w.A1.pk]},
            label="for a region",
        ),
        Case(expect(400), body=lambda w: {"brand": w.B.pk, "name": "B", "slug": "b"}, label="other brand"),
    ],
    # Threads
    ("GET", "/api/v1/forum/threads/"): [
        Case(
            expect(200),
            among=THREADS,
            visible=visible(
                franchisor="thread_A1 thread_A2",
                region="thread_A1",
                franchisee="thread_A1",
                franchisee2="thread_A1 thread_A2",
            ),
        )
    ],
    ("GET", "/api/v1/forum/threads/{id}/"): [
        Case(expect(200), target="thread_A1"),
        Case(only(200, "franchisor marketing listings franchisee2", 404), target="thread_A2"),
        Case(expect(404), target="thread_B"),
    ],
    ("POST", "/api/v1/forum/threads/"): [
        Case(
            only(201, "franchisor marketing listings region franchisee", 400),
            body=lambda w: {"category": w.cat_A1.pk, "title": "Help", "body": "How do I **do** this?"},
            label="north category",
        ),
        Case(expect(400), body=lambda w: {"category": w.cat_B.pk, "title": "x", "body": "y"}, label="other brand"),
        Case(
            expect(400),
            body=lambda w: {"category": w.cat_A.pk, "title": "x", "body": "  "},
            label="empty body",
        ),
    ],
    ("PATCH", "/api/v1/forum/threads/{id}/"): [
        Case(only(200, MODS_A1, 403), target="thread_A1", body=lambda w: {"title": "Renamed"}),
        Case(only(200, STAFF, 403, region=404, franchisee=404), target="thread_A2", body=lambda w: {"title": "R"}),
        Case(expect(404), target="thread_B", body=lambda w: {"title": "R"}),
    ],
    ("POST", "/api/v1/forum/threads/{id}/moderate/"): [
        Case(only(200, MODS_A1, 403), target="thread_A1", body=lambda w: {"action": "pin"}),
        Case(only(200, MODS_A1, 403), target="thread_A1", body=lambda w: {"action": "hide"}, label="hide"),
        Case(
            only(200, MODS_A1, 403),
            target="thread_A1",
            body=lambda w: {"action": "move", "category": w.cat_A1.pk},
            label="move",
        ),
        Case(
            only(200, STAFF, 403, region=404, franchisee=404),
            target="thread_A2",
            body=lambda w: {"action": "lock"},
            label="other region",
        ),
        Case(expect(404), target="thread_B", body=lambda w: {"action": "lock"}),
    ],
    ("POST", "/api/v1/forum/threads/{id}/follow/"): [
        Case(expect(200), target="thread_A1", body=lambda w: {"follow": True}),
        Case(expect(404), target="thread_B", body=lambda w: {"follow": True}),
    ],
    ("POST", "/api/v1/forum/threads/{id}/reply/"): [
        Case(expect(201), target="thread_A1", body=lambda w: {"body": "Me too"}),
        Case(only(201, MODS_A1, 403), target="thread_locked", body=lambda w: {"body": "x"}, label="locked"),
        Case(
            only(201, "franchisor marketing listings franchisee2", 404),
            target="thread_A2",
            body=lambda w: {"body": "x"},
            label="south",
        ),
        Case(expect(404), target="thread_B", body=lambda w: {"body": "x"}),
    ],
    # Posts
    ("GET", "/api/v1/forum/posts/"): [
        Case(
            expect(200),
            among=POSTS,
            visible=visible(
                franchisor="post_A1q post_A1r post_A1h post_A2q",
                listings="post_A1q post_A1r post_A2q",
                region="post_A1q post_A1r post_A1h",
                franchisee="post_A1q post_A1r",
                franchisee2="post_A1q post_A1r post_A2q",
            ),
        )
    ],
    ("GET", "/api/v1/forum/posts/{id}/"): [
        Case(expect(200), target="post_A1r"),
        Case(only(200, MODS_A1, 404), target="post_A1h", label="hidden"),
        Case(expect(404), target="post_B"),
    ],
    ("PATCH", "/api/v1/forum/posts/{id}/"): [
        Case(only(200, MODS_A1, 403), target="post_A1r", body=lambda w: {"body": "Edited"}),
        Case(only(200, MODS_A1, 403), target="post_locked", body=lambda w: {"body": "Edited"}, label="locked"),
        Case(expect(404), target="post_B", body=lambda w: {"body": "x"}),
    ],
    ("POST", "/api/v1/forum/posts/{id}/accept/"): [
        Case(only(200, "franchisor marketing region franchisee", 403), target="post_A1r", body=lambda w: {}),
        Case(
            only(400, "franchisor marketing region franchisee", 403),
            target="post_A1q",
            body=lambda w: {},
            label="the question itself",
        ),
        Case(expect(404), target="post_B", body=lambda w: {}),
    ],
    ("POST", "/api/v1/forum/posts/{id}/hide/"): [
        Case(only(200, MODS_A1, 403), target="post_A1r", body=lambda w: {"hidden": True}),
        Case(expect(404), target="post_B", body=lambda w: {"hidden": True}),
    ],
    ("POST", "/api/v1/forum/posts/{id}/report/"): [
        Case(expect(201), target="post_A1r", body=lambda w: {"reason": "Wrong"}),
        Case(expect(404), target="post_B", body=lambda w: {"reason": "Wrong"}),
    ],
    ("POST", "/api/v1/forum/posts/{id}/promote/"): [
        Case(only(201, STAFF, 403), target="post_A1r", body=lambda w: {"topic": w.topic_A.pk}),
        Case(only(400, STAFF, 403), target="post_A1r", body=lambda w: {"topic": w.topic_B.pk}, label="topic of B"),
        Case(expect(404), target="post_B", body=lambda w: {"topic": w.topic_A.pk}),
    ],
    ("GET", "/api/v1/forum/posts/{id}/revisions/"): [
        Case(expect(200), target="post_A1r"),
        Case(expect(404), target="post_B"),
    ],
    ("GET", "/api/v1/forum/reports/"): [
        Case(
            expect(200),
            among=frozenset({"report_A1"}),
            visible=visible(franchisor="report_A1", region="report_A1", franchisee="", franchisee2="", listings=""),
        )
    ],
    ("GET", "/api/v1/forum/search/"): [
        Case(
            expect(200),
            query="q=habitation",
            among=POSTS,
            visible=visible(
                franchisor="post_A1q post_A1r post_A1h post_A2q",
                region="post_A1q post_A1r post_A1h",
                franchisee="post_A1q post_A1r",
                franchisee2="post_A1q post_A1r post_A2q",
            ),
        )
    ],
    ("POST", "/api/v1/forum/images/"): [
        Case(expect(415), body=lambda w: {"brand": w.A.pk}, label="JSON is not an upload")
    ],
    # FAQ
    ("GET", "/api/v1/forum/faq/topics/"): [
        Case(expect(200), among=frozenset({"topic_A", "topic_B"}), visible=visible(franchisee="topic_A"))
    ],
    ("GET", "/api/v1/forum/faq/topics/{id}/"): [
        Case(expect(200), target="topic_A"),
        Case(expect(404), target="topic_B"),
    ],
    ("POST", "/api/v1/forum/faq/topics/"): [
        Case(only(201, STAFF, 403), body=lambda w: {"brand": w.A.pk, "name": "Sales"}),
        Case(expect(400), body=lambda w: {"brand": w.B.pk, "name": "Sales"}, label="other brand"),
    ],
    ("GET", "/api/v1/forum/faq/entries/"): [
        Case(expect(200), among=frozenset({"faq_A", "faq_B"}), visible=visible(franchisee="faq_A", region="faq_A"))
    ],
    ("GET", "/api/v1/forum/faq/entries/{id}/"): [
        Case(expect(200), target="faq_A"),
        Case(expect(404), target="faq_B"),
    ],
    ("POST", "/api/v1/forum/faq/entries/"): [
        Case(only(201, STAFF, 403), body=lambda w: {"topic": w.topic_A.pk, "question": "Q?", "answer": "A."}),
        Case(expect(400), body=lambda w: {"topic": w.topic_B.pk, "question": "Q?", "answer": "A."}, label="B"),
    ],
    # Training
    ("GET", "/api/v1/forum/courses/"): [
        Case(
            expect(200),
            among=frozenset({"course_A", "course_A2", "course_B"}),
            visible=visible(
                franchisor="course_A course_A2",
                listings="course_A course_A2",
                region="course_A",
                franchisee="course_A",
                franchisee2="course_A course_A2",
            ),
        )
    ],
    ("GET", "/api/v1/forum/courses/{id}/"): [
        Case(expect(200), target="course_A"),
        Case(only(200, "franchisor marketing listings franchisee2", 404), target="course_A2"),
        Case(expect(404), target="course_B"),
    ],
    ("GET", "/api/v1/forum/courses/{id}/progress/"): [
        Case(only(200, MODS_A1, 403), target="course_A"),
        Case(expect(404), target="course_B"),
    ],
    ("POST", "/api/v1/forum/courses/{id}/remind/"): [
        Case(only(200, MODS_A1, 403), target="course_A"),
        Case(expect(404), target="course_B"),
    ],
    ("GET", "/api/v1/forum/lessons/"): [
        Case(
            expect(200),
            among=frozenset({"lesson_A", "lesson_A2", "lesson_B"}),
            visible=visible(region="lesson_A", franchisee2="lesson_A lesson_A2"),
        )
    ],
    ("GET", "/api/v1/forum/lessons/{id}/"): [
        Case(expect(200), target="lesson_A"),
        Case(expect(404), target="lesson_B"),
    ],
    ("POST", "/api/v1/forum/lessons/{id}/complete/"): [
        Case(expect(201), target="lesson_A"),
        Case(only(201, "franchisor marketing listings franchisee2", 404), target="lesson_A2"),
        Case(expect(404), target="lesson_B"),
    ],
}

OPERATIONS.update(
    {
        ("POST", "/api/v1/forum/categories/{id}/follow/"): [
            Case(only(200, "franchisor marketing listings region franchisee", 404), target="cat_A1", body=lambda w: {}),
            Case(expect(404), target="cat_B", body=lambda w: {}),
        ],
        ("POST", "/api/v1/forum/courses/"): [
            Case(
                only(201, STAFF, 403),
                body=lambda w: {"brand": w.A.pk, "title": "Sales", "roles": ["franchisee_owner"], "regions": []},
            ),
            Case(expect(400), body=lambda w: {"brand": w.B.pk, "title": "Sales"}, label="other brand"),
        ],
        ("POST", "/api/v1/forum/lessons/"): [
            Case(
                only(201, STAFF, 403),
                body=lambda w: {"course": w.course_A.pk, "title": "Two", "video_url": "https://youtu.be/abcdefghijk"},
            ),
            Case(expect(400), body=lambda w: {"course": w.course_B.pk, "title": "Two"}, label="other brand"),
        ],
    }
)
