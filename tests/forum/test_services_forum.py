"""Forum services: scope, moderation rights (in/out pairs), history, answers, notifications."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from forum import permissions, selectors, services
from forum.models import PostRevision, Thread
from franchise_platform.errors import DomainError
from messaging.models import Notification
from network.models import AuditLog

pytestmark = pytest.mark.django_db


def test_a_franchisee_sees_brand_wide_and_own_region_categories_only(world):
    franchisee = world.users["franchisee"]
    visible = set(selectors.category_list(user=franchisee))
    assert visible == {world.cat_A, world.cat_A1}
    assert world.thread_A2 not in selectors.thread_list(user=franchisee)
    assert world.thread_B not in selectors.thread_list(user=franchisee)


def test_head_office_sees_every_category_of_its_brand_and_none_of_another(world):
    assert set(selectors.category_list(user=world.users["franchisor"])) == {world.cat_A, world.cat_A1, world.cat_A2}
    assert set(selectors.category_list(user=world.users["beta_admin"])) == {world.cat_B}


def test_asking_in_a_category_outside_scope_is_refused(world):
    with pytest.raises(DomainError):
        services.thread_create(author=world.users["franchisee"], category=world.cat_A2, title="x", body="y")


def test_a_question_records_its_region_and_subscribes_the_asker(world):
    thread = services.thread_create(author=world.users["franchisee"], category=world.cat_A, title="Q", body="Body")
    assert thread.region == world.A1
    assert selectors.is_following(user=world.users["franchisee"], thread=thread)
    assert thread.posts.get().body_html == "<p>Body</p>\n"


def test_region_manager_moderates_threads_of_their_region_not_others(world):
    region = world.users["region"]
    assert permissions.can_moderate_thread(region, world.thread_A1)
    assert not permissions.can_moderate_thread(region, world.thread_A2)
    with pytest.raises(PermissionDenied):
        services.thread_moderate(actor=region, thread=world.thread_A2, action="lock")


def test_franchisor_staff_moderate_everywhere_in_their_brand_only(world):
    for name in ("franchisor", "marketing"):
        assert permissions.can_moderate_thread(world.users[name], world.thread_A2)
        assert not permissions.can_moderate_thread(world.users[name], world.thread_B)


def test_franchisees_do_not_moderate(world):
    with pytest.raises(PermissionDenied):
        services.thread_moderate(actor=world.users["franchisee"], thread=world.thread_A1, action="pin")


def test_pin_lock_hide_and_move_are_audited(world):
    region = world.users["region"]
    for action in ("pin", "lock", "hide"):
        services.thread_moderate(actor=region, thread=world.thread_A1, action=action)
    services.thread_moderate(actor=region, thread=world.thread_A1, action="move", category=world.cat_A1)
    thread = Thread.objects.get(pk=world.thread_A1.pk)
    assert (thread.is_pinned, thread.is_locked, thread.is_hidden, thread.category) == (True, True, True, world.cat_A1)
    assert AuditLog.objects.filter(action__startswith="forum.thread_").count() == 4


def test_a_hidden_thread_is_seen_by_its_moderators_only(world):
    services.thread_moderate(actor=world.users["region"], thread=world.thread_A1, action="hide")
    assert world.thread_A1 in selectors.thread_list(user=world.users["region"])
    assert world.thread_A1 not in selectors.thread_list(user=world.users["franchisee"])


def test_moving_to_a_category_of_another_brand_is_refused(world):
    with pytest.raises(DomainError):
        services.thread_moderate(
            actor=world.users["franchisor"], thread=world.thread_A1, action="move", category=world.cat_B
        )


def test_a_locked_thread_takes_replies_from_moderators_only(world):
    with pytest.raises(PermissionDenied):
        services.post_create(author=world.users["franchisee"], thread=world.thread_locked, body="Hello")
    assert services.post_create(author=world.users["region"], thread=world.thread_locked, body="Closing note")


def test_an_edit_keeps_the_previous_text_in_the_history(world):
    post = world.post_A1r
    services.post_edit(actor=world.users["franchisor"], post=post, body="New **text**")
    post.refresh_from_db()
    assert post.body_html == "<p>New <strong>text</strong></p>\n"
    assert post.edited_by == world.users["franchisor"]
    assert PostRevision.objects.get(post=post).body == "Use the habitation form"


def test_only_the_author_or_a_moderator_edits_a_post(world):
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=world.users["franchisee2"], post=world.post_A1r, body="Mine now")
    services.post_edit(actor=world.users["franchisee"], post=world.post_A1q, body="My question, clarified")


def test_the_asker_accepts_an_answer_and_its_author_is_told(world):
    thread = services.answer_accept(actor=world.users["franchisee"], post=world.post_A1r)
    assert thread.is_solved
    assert Notification.objects.filter(user=world.users["region"], kind="answer_accepted").exists()
    assert thread in selectors.thread_list(user=world.users["franchisee"], filters={"solved": True})
    assert thread not in selectors.thread_list(user=world.users["franchisee"], filters={"solved": False})


def test_someone_else_cannot_accept_an_answer(world):
    with pytest.raises(PermissionDenied):
        services.answer_accept(actor=world.users["franchisee2"], post=world.post_A1r)


def test_followers_are_notified_of_a_reply_but_not_the_author(world):
    services.follow_set(user=world.users["franchisor"], thread=world.thread_A1)
    services.post_create(author=world.users["region"], thread=world.thread_A1, body="More details")
    assert Notification.objects.filter(user=world.users["franchisor"], kind="reply").exists()
    assert Notification.objects.filter(user=world.users["franchisee"], kind="reply").exists()  # the asker follows
    assert (
        not Notification.objects.filter(user=world.users["region"], kind="reply")
        .exclude(pk=world.notif_region.pk)
        .exists()
    )


def test_category_followers_hear_of_new_threads(world):
    services.follow_set(user=world.users["region"], category=world.cat_A1)
    services.thread_create(author=world.users["franchisee"], category=world.cat_A1, title="New one", body="?")
    assert Notification.objects.filter(user=world.users["region"], title__contains="New one").exists()


def test_a_mention_notifies_only_people_who_can_see_the_thread(world):
    services.thread_create(
        author=world.users["franchisee"], category=world.cat_A1, title="Pricing", body="@region @franchisee2 help"
    )
    assert Notification.objects.filter(user=world.users["region"], kind="mention").exists()
    assert not Notification.objects.filter(user=world.users["franchisee2"], kind="mention").exists()


def test_a_report_reaches_the_moderators_of_the_thread(world):
    services.post_report(reporter=world.users["franchisee"], post=world.post_A1r, reason="Wrong figure")
    assert Notification.objects.filter(user=world.users["region"], kind="report").exists()
    assert Notification.objects.filter(user=world.users["franchisor"], kind="report").exists()
    assert not Notification.objects.filter(user=world.users["beta_admin"], kind="report").exists()
    assert world.post_A1r.reports.count() == 2


def test_hiding_a_post_resolves_its_reports_and_removes_it_as_answer(world):
    services.answer_accept(actor=world.users["franchisee"], post=world.post_A1r)
    services.post_set_hidden(actor=world.users["region"], post=world.post_A1r, hidden=True)
    world.thread_A1.refresh_from_db()
    assert world.thread_A1.accepted_post is None
    assert not world.post_A1r.reports.filter(resolved_at__isnull=True).exists()
    assert world.post_A1r not in selectors.post_list(user=world.users["franchisee"])


@override_settings(FORUM_RATE_LIMITS={"post": [(2, 60)]})
def test_posting_too_fast_is_refused(world):
    for _i in range(2):
        services.post_create(author=world.users["franchisee"], thread=world.thread_A1, body="again")
    with pytest.raises(DomainError) as error:
        services.post_create(author=world.users["franchisee"], thread=world.thread_A1, body="again")
    assert error.value.code == "rate_limited"


def test_an_answer_is_promoted_to_the_faq_in_one_step(world):
    entry = services.post_promote(actor=world.users["franchisor"], post=world.post_A1r, topic=world.topic_A)
    assert entry.question == world.thread_A1.title
    assert entry.answer == world.post_A1r.body and entry.source_post == world.post_A1r
    assert Notification.objects.filter(user=world.users["region"], kind="faq").exists()


def test_promoting_is_for_the_franchisor(world):
    with pytest.raises(PermissionDenied):
        services.post_promote(actor=world.users["region"], post=world.post_A1r, topic=world.topic_A)
