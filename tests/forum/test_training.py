"""Training centre: assignment by role and region, progress, completion report and reminders."""

import pytest
from django.core.exceptions import PermissionDenied

from forum import training
from franchise_platform.errors import DomainError
from messaging.models import Notification
from network.models import Role

pytestmark = pytest.mark.django_db


def test_a_course_for_a_region_is_assigned_there_only(world):
    assert world.course_A2 in training.course_list(user=world.users["franchisee2"])
    assert world.course_A2 not in training.course_list(user=world.users["franchisee"])
    with pytest.raises(DomainError):
        training.lesson_complete(user=world.users["franchisee"], lesson=world.lesson_A2)


def test_a_course_for_a_role_is_assigned_to_that_role_only(world):
    course = training.course_create(
        actor=world.users["franchisor"], brand=world.A, title="Owners only", roles=[Role.FRANCHISEE_OWNER]
    )
    assert course in training.course_list(user=world.users["franchisee"])
    assert course not in training.course_list(user=world.users["staff1"])
    assert course in training.course_list(user=world.users["marketing"])  # head office sees every course


def test_progress_counts_completed_lessons(world):
    second = training.lesson_create(actor=world.users["franchisor"], course=world.course_A, title="Two", body="**b**")
    training.lesson_complete(user=world.users["franchisee"], lesson=world.lesson_A)
    training.lesson_complete(user=world.users["franchisee"], lesson=world.lesson_A)  # twice is harmless
    course = training.course_list(user=world.users["franchisee"]).get(pk=world.course_A.pk)
    assert (course.done_count, course.lesson_count) == (1, 2)
    training.lesson_complete(user=world.users["franchisee"], lesson=second)
    rows = {row.user.username: row for row in training.course_progress(user=world.users["franchisor"], course=course)}
    assert rows["franchisee"].completed and rows["franchisee"].franchise == str(world.F1)
    assert not rows["franchisee2"].completed


def test_a_region_manager_follows_the_learners_of_their_region_only(world):
    names = {row.user.username for row in training.course_progress(user=world.users["region"], course=world.course_A)}
    assert "franchisee" in names and "staff3" in names
    assert "franchisee2" not in names


def test_franchisees_do_not_see_the_completion_report(world):
    with pytest.raises(PermissionDenied):
        training.course_progress(user=world.users["franchisee"], course=world.course_A)


def test_a_reminder_reaches_those_who_did_not_complete(world):
    training.lesson_complete(user=world.users["franchisee"], lesson=world.lesson_A)
    sent = training.course_remind(actor=world.users["franchisor"], course=world.course_A)
    reminded = set(Notification.objects.filter(kind="training").values_list("user__username", flat=True))
    assert sent == len(reminded)
    assert "franchisee2" in reminded and "franchisee" not in reminded and "franchisor" not in reminded


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://www.youtube.com/watch?v=x%22onload%3Dalert(1)", None),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_video_links_become_players_only_for_known_hosts(url, embed):
    assert training.video_embed_url(url) == embed


def test_completion_is_summed_per_region(world):
    training.lesson_complete(user=world.users["franchisee"], lesson=world.lesson_A)
    rows = training.course_progress(user=world.users["franchisor"], course=world.course_A)
    by_region = {group["name"]: group for group in training.progress_by(rows, "region")}
    assert by_region[str(world.A1)]["completed"] == 1
    assert by_region[str(world.A2)]["completed"] == 0 and by_region[str(world.A2)]["learners"] >= 1
