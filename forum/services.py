"""Writes of the help forum: asking, answering, following, moderating, promoting to the FAQ."""

import io
import secrets

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image as PILImage

from forum import permissions
from forum.images import clean_image
from forum.markdown import mentioned_usernames, render
from forum.models import Category, FaqEntry, FaqTopic, ForumImage, Post, PostReport, PostRevision, Subscription, Thread
from forum.ratelimit import hit
from forum.selectors import category_list, thread_list
from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from messaging.models import Notification
from messaging.notifications import notify
from network.audit import audit
from network.models import Level, Membership

MAX_BODY = 20_000


def thread_url(thread) -> str:
    return reverse("forum-thread", args=[thread.pk])


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write something."), code="empty_post")
    if len(body) > MAX_BODY:
        raise DomainError(_("The text is too long."), code="post_too_long")
    return body


def _region_of(user, brand_id, category) -> int | None:
    membership = (
        Membership.objects.filter(user_id=user.pk, brand_id=brand_id, region__isnull=False).order_by("level").first()
    )
    if membership:
        return membership.region_id
    regions = list(category.regions.values_list("pk", flat=True))
    return regions[0] if len(regions) == 1 else None


def _notify_mentions(*, thread, post, author) -> None:
    names = mentioned_usernames(post.body)
    if not names:
        return
    people = get_user_model().objects.filter(username__in=list(names)[:20], is_active=True).exclude(pk=author.pk)
    allowed = [user for user in people if thread_list(user=user).filter(pk=thread.pk).exists()]
    notify(
        users=allowed,
        kind=Notification.Kind.MENTION,
        title=stored_text.message(
            gettext_noop("%(name)s mentioned you in “%(title)s”"), name=str(author), title=str(thread.title)
        ),
        url=f"{thread_url(thread)}#post-{post.pk}",
    )


def _followers(thread) -> list:
    subs = Subscription.objects.filter(Q(thread=thread) | Q(category_id=thread.category_id)).select_related("user")
    return [sub.user for sub in subs if thread_list(user=sub.user).filter(pk=thread.pk).exists()]


@transaction.atomic
def category_create(
    *, actor, brand, name: str, slug: str, description: str = "", regions=(), position: int = 0
) -> Category:
    permissions.check_manage_brand_content(actor, brand)
    if any(region.brand_id != brand.pk for region in regions):
        raise DomainError(_("A region of another brand was chosen."), code="region_brand")
    if Category.objects.filter(brand=brand, slug=slug).exists():
        raise DomainError(_("A category with this slug already exists."), code="duplicate_slug")
    category = Category.objects.create(brand=brand, name=name, slug=slug, description=description, position=position)
    category.regions.set(regions)
    audit(actor=actor, action="forum.category_create", target=category, summary=f"Category {name}")
    return category


@transaction.atomic
def thread_create(*, author, category: Category, title: str, body: str) -> Thread:
    if not category_list(user=author).filter(pk=category.pk).exists():
        raise DomainError(_("Unknown category."), code="unknown_category")
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give your question a title."), code="empty_title")
    body = _clean_body(body)
    hit(author, "post")
    thread = Thread.objects.create(
        category=category, title=title[:200], author=author, region_id=_region_of(author, category.brand_id, category)
    )
    post = Post.objects.create(thread=thread, author=author, body=body, body_html=render(body))
    Subscription.objects.get_or_create(user=author, thread=thread)
    notify(
        users=_followers(thread),
        kind=Notification.Kind.REPLY,
        title=stored_text.message(
            gettext_noop("New thread in %(category)s: “%(title)s”"),
            category=str(category.name),
            title=str(thread.title),
        ),
        url=thread_url(thread),
        exclude=author,
    )
    _notify_mentions(thread=thread, post=post, author=author)
    return thread


@transaction.atomic
def post_create(*, author, thread: Thread, body: str) -> Post:
    permissions.check_reply(author, thread)
    body = _clean_body(body)
    hit(author, "post")
    post = Post.objects.create(thread=thread, author=author, body=body, body_html=render(body))
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
    Subscription.objects.get_or_create(user=author, thread=thread)
    notify(
        users=_followers(thread),
        kind=Notification.Kind.REPLY,
        title=stored_text.message(
            gettext_noop("%(name)s answered “%(title)s”"), name=str(author), title=str(thread.title)
        ),
        url=f"{thread_url(thread)}#post-{post.pk}",
        exclude=author,
    )
    _notify_mentions(thread=thread, post=post, author=author)
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, body: str) -> Post:
    permissions.check_edit_post(actor, post)
    body = _clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor)
    post.body, post.body_html = body, render(body)
    post.edited_at, post.edited_by = timezone.now(), actor
    post.save(update_fields=["body", "body_html", "edited_at", "edited_by"])
    if actor.pk != post.author_id:
        audit(actor=actor, action="forum.post_edit", target=post.thread.category, summary=f"Post {post.pk} edited")
    return post


@transaction.atomic
def thread_rename(*, actor, thread: Thread, title: str) -> Thread:
    permissions.check_moderate_thread(actor, thread)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give your question a title."), code="empty_title")
    thread.title = title[:200]
    thread.save(update_fields=["title"])
    return thread


@transaction.atomic
def answer_accept(*, actor, post: Post, accepted: bool = True) -> Thread:
    permissions.check_accept_answer(actor, post)
    thread = post.thread
    if accepted and thread.posts.order_by("created_at", "id").first().pk == post.pk:
        raise DomainError(_("The question itself cannot be its answer."), code="accept_question")
    if accepted and post.is_hidden:
        raise DomainError(_("A hidden post cannot be the answer."), code="accept_hidden")
    thread.accepted_post = post if accepted else None
    thread.save(update_fields=["accepted_post"])
    if accepted:
        notify(
            users=[post.author],
            kind=Notification.Kind.ANSWER_ACCEPTED,
            title=stored_text.message(gettext_noop("Your answer to “%(title)s” was accepted"), title=str(thread.title)),
            url=f"{thread_url(thread)}#post-{post.pk}",
            exclude=actor,
        )
    return thread


MODERATION_ACTIONS = {
    "pin": ("is_pinned", True),
    "unpin": ("is_pinned", False),
    "lock": ("is_locked", True),
    "unlock": ("is_locked", False),
    "hide": ("is_hidden", True),
    "unhide": ("is_hidden", False),
}


@transaction.atomic
def thread_moderate(*, actor, thread: Thread, action: str, category: Category | None = None) -> Thread:
    permissions.check_moderate_thread(actor, thread)
    if action == "move":
        if category is None or category.brand_id != thread.category.brand_id:
            raise DomainError(_("Choose a category of the same brand."), code="move_category")
        if not category_list(user=actor).filter(pk=category.pk).exists():
            raise DomainError(_("Unknown category."), code="unknown_category")
        thread.category = category
        thread.save(update_fields=["category"])
    elif action in MODERATION_ACTIONS:
        field, value = MODERATION_ACTIONS[action]
        setattr(thread, field, value)
        thread.save(update_fields=[field])
    else:
        raise DomainError(_("Unknown moderation action."), code="unknown_action")
    audit(
        actor=actor,
        action=f"forum.thread_{action}",
        target=thread.category,
        summary=f"Thread {thread.pk} “{thread.title}”: {action}",
        data={"thread": thread.pk},
    )
    return thread


@transaction.atomic
def post_set_hidden(*, actor, post: Post, hidden: bool) -> Post:
    permissions.check_moderate_thread(actor, post.thread)
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    if hidden and post.thread.accepted_post_id == post.pk:
        Thread.objects.filter(pk=post.thread_id).update(accepted_post=None)
    if hidden:
        PostReport.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())
    audit(
        actor=actor,
        action="forum.post_hide" if hidden else "forum.post_unhide",
        target=post.thread.category,
        summary=f"Post {post.pk} of thread {post.thread_id}",
        data={"post": post.pk},
    )
    return post


def thread_moderators(thread) -> list:
    memberships = Membership.objects.filter(role__in=permissions.MODERATORS, brand_id=thread.category.brand_id).filter(
        Q(level=Level.BRAND) | Q(level=Level.REGION, region_id=thread.region_id)
    )
    return [m.user for m in memberships.select_related("user")]


@transaction.atomic
def post_report(*, reporter, post: Post, reason: str) -> PostReport:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say what is wrong with this post."), code="empty_reason")
    hit(reporter, "report")
    report, created = PostReport.objects.get_or_create(post=post, reporter=reporter, defaults={"reason": reason[:500]})
    if created:
        notify(
            users=thread_moderators(post.thread),
            kind=Notification.Kind.REPORT,
            title=stored_text.message(gettext_noop("A post was reported in “%(title)s”"), title=str(post.thread.title)),
            url=f"{thread_url(post.thread)}#post-{post.pk}",
            exclude=reporter,
        )
    return report


@transaction.atomic
def follow_set(*, user, thread: Thread | None = None, category: Category | None = None, follow: bool = True) -> bool:
    lookup = {"user": user, "thread": thread} if thread is not None else {"user": user, "category": category}
    if follow:
        Subscription.objects.get_or_create(**lookup)
    else:
        Subscription.objects.filter(**lookup).delete()
    return follow


@transaction.atomic
def image_upload(*, user, brand, upload) -> ForumImage:
    if not category_list(user=user).filter(brand=brand).exists():
        raise DomainError(_("Unknown brand."), code="unknown_brand")
    hit(user, "post")
    data, extension = clean_image(upload)
    with PILImage.open(io.BytesIO(data)) as probe:
        width, height = probe.size
    image = ForumImage(
        brand=brand, uploaded_by=user, token=secrets.token_hex(16), extension=extension, width=width, height=height
    )
    image.image.save(f"{image.token}.{extension}", ContentFile(data), save=False)
    image.save()
    return image


@transaction.atomic
def faq_topic_create(*, actor, brand, name: str, position: int = 0) -> FaqTopic:
    permissions.check_manage_brand_content(actor, brand)
    return FaqTopic.objects.create(brand=brand, name=name.strip()[:120], position=position)


@transaction.atomic
def faq_entry_create(*, actor, topic: FaqTopic, question: str, answer: str, source_post: Post | None = None):
    permissions.check_manage_brand_content(actor, topic.brand)
    question = (question or "").strip()
    if not question:
        raise DomainError(_("Write the question."), code="empty_question")
    answer = _clean_body(answer)
    entry = FaqEntry.objects.create(
        topic=topic,
        question=question[:300],
        answer=answer,
        answer_html=render(answer),
        source_post=source_post,
        created_by=actor,
    )
    audit(actor=actor, action="forum.faq_create", target=topic.brand, summary=f"FAQ: {entry.question}")
    return entry


@transaction.atomic
def post_promote(*, actor, post: Post, topic: FaqTopic, question: str = "") -> FaqEntry:
    """One click: the answer becomes an FAQ entry, its question the thread's title."""
    permissions.check_promote_post(actor, post)
    if topic.brand_id != post.thread.category.brand_id:
        raise DomainError(_("Choose a topic of the same brand."), code="topic_brand")
    entry = faq_entry_create(
        actor=actor, topic=topic, question=question or post.thread.title, answer=post.body, source_post=post
    )
    if post.author_id:
        notify(
            users=[post.author],
            kind=Notification.Kind.FAQ,
            title=stored_text.message(
                gettext_noop("Your answer became an FAQ entry: “%(question)s”"), question=str(entry.question)
            ),
            url=reverse("forum-faq") + f"#faq-{entry.pk}",
            exclude=actor,
        )
    return entry
