"""List endpoints answer in a fixed number of queries, however many rows they return."""

import pytest

from forum import services
from messaging import services as messaging_services
from tests.world import client_for

pytestmark = pytest.mark.django_db


def _fill(world, n):
    for i in range(n):
        thread = services.thread_create(
            author=world.users["franchisee"], category=world.cat_A, title=f"Question {i}", body=f"Body {i}"
        )
        world.thread_A1 = thread
        messaging_services.conversation_start(
            sender=world.users["franchisee"],
            recipients=[world.users["region"]],
            subject=f"KPI {i}",
            body="?",
            brand=world.A,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/forum/threads/",
        "/api/v1/forum/posts/",
        "/api/v1/forum/categories/",
        "/api/v1/forum/courses/",
        "/api/v1/messages/conversations/",
        "/api/v1/messages/notifications/",
    ],
)
def test_list_queries_do_not_grow_with_rows(world, settings, django_assert_max_num_queries, url):
    settings.FORUM_RATE_LIMITS = {}
    client = client_for(world, "region")
    _fill(world, 2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _fill(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
