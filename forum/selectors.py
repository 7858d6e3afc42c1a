"""Reads of the help forum, scoped to what the user may see (see forum.permissions)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from forum.models import Category, Post, PostReport, Subscription, Thread
from forum.permissions import moderated_threads, visible_categories


def category_list(*, user) -> QuerySet[Category]:
    return Category.objects.filter(visible_categories(user)).prefetch_related("regions")


def thread_list(*, user, filters: dict | None = None) -> QuerySet[Thread]:
    """Threads of visible categories; hidden ones only for their moderators."""
    filters = filters or {}
    qs = Thread.objects.filter(visible_categories(user, "category__")).filter(
        Q(is_hidden=False) | moderated_threads(user)
    )
    if filters.get("category"):
        qs = qs.filter(category_id=filters["category"])
    if filters.get("solved") is not None:
        qs = qs.filter(accepted_post__isnull=not filters["solved"])
    if filters.get("following"):
        qs = qs.filter(Exists(Subscription.objects.filter(user_id=user.pk, thread_id=OuterRef("pk"))))
    return (
        qs.select_related("category", "author", "region")
        .annotate(reply_count=Count("posts", filter=Q(posts__is_hidden=False)) - 1)
        .order_by("-is_pinned", "-last_activity_at", "-id")
    )


def post_list(*, user) -> QuerySet[Post]:
    """Posts of visible threads; hidden posts only for the thread's moderators."""
    threads = thread_list(user=user).values("pk")
    moderated = Thread.objects.filter(moderated_threads(user)).values("pk")
    return (
        Post.objects.filter(thread_id__in=threads)
        .filter(Q(is_hidden=False) | Q(thread_id__in=moderated))
        .select_related("author", "thread", "thread__category")
    )


def report_list(*, user) -> QuerySet[PostReport]:
    """Open reports on posts the user moderates."""
    moderated = Thread.objects.filter(moderated_threads(user)).values("pk")
    return PostReport.objects.filter(post__thread_id__in=moderated, resolved_at__isnull=True).select_related(
        "post", "post__thread", "reporter"
    )


def is_following(*, user, thread) -> bool:
    return Subscription.objects.filter(user_id=user.pk, thread=thread).exists()
