"""Pages of the help centre and messages: they render, act through services and respect scope."""

import pytest

from forum.models import FaqEntry, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, world):
    def as_(name):
        client.force_login(world.users[name])
        return client

    return as_


@pytest.mark.parametrize(
    "url",
    ["/help/", "/help/?status=solved", "/help/search/?q=habitation", "/help/faq/?q=how", "/help/training/",
     "/help/threads/new/", "/help/images/", "/messages/", "/messages/new/", "/messages/notifications/",
     "/messages/preferences/"],
)  # fmt: skip
def test_pages_render_for_a_franchisee(login, url):
    response = login("franchisee").get(url)
    assert response.status_code == 200
    assert b"data-bell" in response.content


def test_a_thread_page_is_shown_in_scope_and_404_outside(login, world):
    client = login("franchisee")
    assert client.get(f"/help/threads/{world.thread_A1.pk}/").status_code == 200
    assert client.get(f"/help/threads/{world.thread_A2.pk}/").status_code == 404
    assert client.get(f"/help/threads/{world.thread_B.pk}/").status_code == 404


def test_asking_and_answering_through_the_pages(login, world):
    client = login("franchisee")
    response = client.post(
        "/help/threads/new/", {"category": world.cat_A1.pk, "title": "Winter claims", "body": "How **fast**?"}
    )
    thread = Thread.objects.get(title="Winter claims")
    assert response.status_code == 302 and response.url == f"/help/threads/{thread.pk}/"
    client = login("region")
    response = client.post(f"/help/threads/{thread.pk}/", {"body": "Within 48 hours."})
    assert response.status_code == 302
    answer = thread.posts.last()
    client = login("franchisee")
    client.post(f"/help/posts/{answer.pk}/accept/", {"accepted": "1"})
    thread.refresh_from_db()
    assert thread.accepted_post == answer
    page = client.get(f"/help/threads/{thread.pk}/").content.decode()
    assert "<strong>fast</strong>" in page and "data-accepted" in page


def test_a_franchisee_gets_403_on_moderation_and_promotion(login, world):
    client = login("franchisee")
    assert client.post(f"/help/threads/{world.thread_A1.pk}/lock/").status_code == 403
    assert client.post(f"/help/posts/{world.post_A1r.pk}/promote/", {"topic": world.topic_A.pk}).status_code == 403


def test_the_franchisor_promotes_an_answer_from_the_thread_page(login, world):
    client = login("franchisor")
    page = client.get(f"/help/threads/{world.thread_A1.pk}/").content.decode()
    assert 'data-action="promote"' in page
    client.post(f"/help/posts/{world.post_A1r.pk}/promote/", {"topic": world.topic_A.pk, "question": "Which form?"})
    assert FaqEntry.objects.filter(question="Which form?", source_post=world.post_A1r).exists()
    assert "Which form?" in client.get("/help/faq/").content.decode()


def test_a_message_page_marks_the_conversation_read(login, world):
    client = login("region")
    assert client.get("/messages/").content.decode().count('data-unread="1"') == 1
    assert client.get(f"/messages/{world.conv_A.pk}/").status_code == 200
    assert 'data-unread="1"' not in client.get("/messages/").content.decode()
    assert login("franchisee2").get(f"/messages/{world.conv_A.pk}/").status_code == 404


def test_starting_a_conversation_from_a_report_link(login, world):
    client = login("franchisee")
    page = client.get(
        f"/messages/new/?to={world.users['region'].pk}&subject=CPL&link=/reports/x/&kpi=cpl"
    ).content.decode()
    assert "/reports/x/" in page
    response = client.post(
        "/messages/new/",
        {
            "recipients": [world.users["region"].pk],
            "subject": "CPL",
            "body": "Why?",
            "link_url": "/reports/x/",
            "kpi": "cpl",
        },
    )
    assert response.status_code == 302
    from messaging.models import Conversation

    conversation = Conversation.objects.get(subject="CPL")
    assert conversation.context == {"kpi": "cpl"} and conversation.link_url == "/reports/x/"
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert 'href="/reports/x/"' in page and "kpi: cpl" not in page


def test_training_pages_complete_a_lesson_and_show_progress(login, world):
    client = login("franchisee")
    client.post(f"/help/training/{world.course_A.pk}/", {"lesson": world.lesson_A.pk})
    assert "data-done" in client.get(f"/help/training/{world.course_A.pk}/").content.decode()
    assert client.get(f"/help/training/{world.course_A.pk}/progress/").status_code == 403
    client = login("franchisor")
    page = client.get(f"/help/training/{world.course_A.pk}/progress/").content.decode()
    assert 'data-learner="franchisee"' in page
    assert client.post(f"/help/training/{world.course_A.pk}/progress/").status_code == 302


def test_head_office_writes_faq_entries_courses_and_lessons_from_pages(login, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forum.models import Course

    settings.MEDIA_ROOT = tmp_path
    client = login("franchisor")
    assert 'data-action="new-faq"' in client.get("/help/faq/").content.decode()
    response = client.post("/help/faq/new/", {"new_topic": "Ventes", "question": "Prix ?", "answer": "Voir la grille."})
    assert response.status_code == 302 and FaqEntry.objects.filter(question="Prix ?", topic__name="Ventes").exists()
    response = client.post(
        "/help/training/new/", {"title": "Vendre", "roles": ["franchisee_owner"], "is_published": "on"}
    )
    course = Course.objects.get(title="Vendre")
    assert response.status_code == 302 and course.roles == ["franchisee_owner"]
    response = client.post(
        f"/help/training/{course.pk}/lessons/new/",
        {
            "title": "Leçon 1",
            "body": "Texte",
            "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "position": 0,
            "attachment": SimpleUploadedFile("guide.pdf", b"%PDF-1.4 guide"),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/help/training/{course.pk}/").content.decode()
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in page and "guide" in page


def test_franchisees_cannot_open_the_writing_pages(login, world):
    client = login("franchisee")
    for url in ("/help/faq/new/", "/help/training/new/", f"/help/training/{world.course_A.pk}/lessons/new/"):
        assert client.get(url).status_code == 403


def test_moderators_see_reported_posts_and_follow_categories(login, world):
    client = login("region")
    assert 'data-reports="1"' in client.get("/help/").content.decode()
    assert "off topic" in client.get("/help/reports/").content.decode()
    assert "off topic" not in login("franchisee").get("/help/reports/").content.decode()
    client = login("franchisee")
    client.post(f"/help/categories/{world.cat_A1.pk}/follow/", {"follow": "1"})
    assert world.users["franchisee"].forum_subscriptions.filter(category=world.cat_A1).exists()
    assert client.post(f"/help/categories/{world.cat_A2.pk}/follow/", {"follow": "1"}).status_code == 404
