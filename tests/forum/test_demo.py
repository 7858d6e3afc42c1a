import pytest

from forum import demo
from forum.models import Course, FaqEntry, Post, Thread
from messaging.models import Conversation
from network.demo import seed_network


@pytest.mark.django_db
def test_demo_content_is_french_realistic_and_idempotent():
    network = seed_network(password="demo-pass-2026")
    demo.seed(network)
    counts = [m.objects.count() for m in (Thread, Post, FaqEntry, Course, Conversation)]
    demo.seed(network)
    assert [m.objects.count() for m in (Thread, Post, FaqEntry, Course, Conversation)] == counts
    assert counts[0] >= 4 and counts[2] >= 4
    assert Thread.objects.filter(accepted_post__isnull=False).exists()
    assert FaqEntry.objects.filter(question__startswith="Quel est le délai").exists()
