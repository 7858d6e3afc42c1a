"""The training centre: courses assigned to roles or regions, per-user progress, and the
franchisor's view of who completed what (with reminders for the others)."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from forum import permissions
from forum.markdown import render
from forum.models import Course, Lesson, LessonCompletion
from franchise_platform import stored_text
from franchise_platform.errors import DomainError
from franchise_platform.uploads import DOCUMENT_TYPES, check_type
from messaging.models import Notification
from messaging.notifications import notify
from network.models import Brand, Level, Membership, Region, Role
from network.scoping import covered, visible_brands, visible_regions

MAX_ATTACHMENT = 20 * 1024 * 1024
VIDEO_ID = re.compile(r"^[\w-]{6,20}$")


def video_embed_url(url: str) -> str | None:
    """A player URL for YouTube or Vimeo links, rebuilt from the video id alone (never the
    link as given), or None: other links are shown as plain links."""
    try:
        parsed = urlparse(url or "")
    except ValueError:
        return None
    host = (parsed.hostname or "").lower().removeprefix("www.")
    video_id = None
    if host in {"youtube.com", "m.youtube.com"} and parsed.path == "/watch":
        video_id = (parse_qs(parsed.query).get("v") or [None])[0]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/")
    elif host == "vimeo.com" and parsed.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parsed.path.strip('/')}"
    if video_id and VIDEO_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def _assigned(user) -> Q:
    """Courses assigned to the user: every role or one of theirs; every region or one of theirs."""
    my_roles = list(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True).distinct())
    role_ok = Q(roles=[])
    for role in my_roles:
        role_ok |= Q(roles__contains=role) if _json_contains_supported() else Q(roles__icontains=f'"{role}"')
    my_regions = Region.objects.filter(visible_regions(user)).values("pk")
    region_ok = ~Q(Exists(Course.regions.through.objects.filter(course_id=OuterRef("pk")))) | Q(
        Exists(Course.regions.through.objects.filter(course_id=OuterRef("pk"), region_id__in=my_regions))
    )
    return role_ok & region_ok


def _json_contains_supported() -> bool:
    from django.db import connection

    return connection.features.supports_json_field_contains


def course_list(*, user) -> QuerySet[Course]:
    """Published courses assigned to the user, and every course of the brands they manage."""
    if not user.is_authenticated:
        return Course.objects.none()
    managed = covered(user, brand="brand_id", roles=permissions.FRANCHISOR_STAFF)
    members = Q(brand_id__in=Brand.objects.filter(visible_brands(user)).values("pk"))
    return (
        Course.objects.filter(managed | (members & Q(is_published=True) & _assigned(user)))
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            done_count=Count("lessons__completions", filter=Q(lessons__completions__user_id=user.pk), distinct=True),
        )
        .prefetch_related("regions", "lessons")
        .order_by("title", "id")
    )


def lesson_list(*, user) -> QuerySet[Lesson]:
    return Lesson.objects.filter(course_id__in=course_list(user=user).values("pk")).select_related("course")


@transaction.atomic
def course_create(*, actor, brand, title: str, summary: str = "", roles=(), regions=(), is_published=True) -> Course:
    permissions.check_manage_brand_content(actor, brand)
    if any(region.brand_id != brand.pk for region in regions):
        raise DomainError(_("A region of another brand was chosen."), code="region_brand")
    if any(role not in Role.values for role in roles):
        raise DomainError(_("Unknown role."), code="unknown_role")
    course = Course.objects.create(
        brand=brand, title=title[:200], summary=summary, roles=sorted(set(roles)), is_published=is_published
    )
    course.regions.set(regions)
    return course


@transaction.atomic
def lesson_create(
    *, actor, course, title: str, body: str = "", video_url: str = "", position: int = 0, attachment=None
) -> Lesson:
    permissions.check_manage_brand_content(actor, course.brand)
    if video_url and not video_url.startswith(("https://", "http://")):
        raise DomainError(_("The video link must be a web address."), code="video_url")
    if attachment is not None and attachment.size > MAX_ATTACHMENT:
        raise DomainError(_("The attached file is larger than 20 MB."), code="attachment_too_large")
    if attachment is not None:
        check_type(attachment, DOCUMENT_TYPES)
    lesson = Lesson(
        course=course, title=title[:200], body=body, body_html=render(body), video_url=video_url, position=position
    )
    if attachment is not None:
        lesson.attachment = File(attachment, name=attachment.name)  # Lesson.save names it at random
    lesson.save()
    return lesson


@transaction.atomic
def lesson_complete(*, user, lesson: Lesson) -> LessonCompletion:
    if not lesson_list(user=user).filter(pk=lesson.pk).exists():
        raise DomainError(_("This lesson is not assigned to you."), code="not_assigned")
    completion, _created = LessonCompletion.objects.get_or_create(lesson=lesson, user=user)
    return completion


def learners(course: Course) -> QuerySet:
    """The people a course is assigned to (franchisee side and managers alike)."""
    from django.contrib.auth import get_user_model

    memberships = Membership.objects.filter(user_id=OuterRef("pk"), brand_id=course.brand_id)
    if course.roles:
        memberships = memberships.filter(role__in=course.roles)
    region_ids = list(course.regions.values_list("pk", flat=True))
    if region_ids:
        memberships = memberships.filter(Q(region_id__in=region_ids) | Q(level=Level.BRAND))
    return get_user_model().objects.filter(Exists(memberships), is_active=True)


@dataclass
class LearnerProgress:
    user: object
    franchise: str
    region: str
    done: int
    total: int

    @property
    def completed(self) -> bool:
        return self.total > 0 and self.done >= self.total


def check_follow_course(user, course) -> None:
    """Franchisor staff see every learner; region managers those of their regions."""
    if not (
        permissions.can_manage_brand_content(user, course.brand)
        or Membership.objects.filter(
            user_id=user.pk, brand_id=course.brand_id, role__in=permissions.TRAINING_MANAGERS
        ).exists()
    ):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only managers follow training progress."))


def course_progress(*, user, course: Course) -> list[LearnerProgress]:
    check_follow_course(user, course)
    total = course.lessons.count()
    people = learners(course).annotate(
        done=Count("lesson_completions", filter=Q(lesson_completions__lesson__course=course), distinct=True)
    )
    if not permissions.can_manage_brand_content(user, course.brand):
        # A region manager sees the learners of the regions they cover.
        managed = Membership.objects.filter(user_id=user.pk, brand_id=course.brand_id, level=Level.REGION).values(
            "region_id"
        )
        people = people.filter(Exists(Membership.objects.filter(user_id=OuterRef("pk"), region_id__in=managed)))
    rows = []
    for person in people.order_by("username"):
        seat = (
            person.memberships.filter(brand_id=course.brand_id).select_related("region", "franchise").order_by("-level")
        ).first()
        rows.append(
            LearnerProgress(
                user=person,
                franchise=str(seat.franchise) if seat and seat.franchise else "",
                region=str(seat.region) if seat and seat.region else "",
                done=person.done,
                total=total,
            )
        )
    return sorted(rows, key=lambda row: (row.region, row.franchise, row.user.username))


def progress_by(rows: list[LearnerProgress], key: str) -> list[dict]:
    """Completion per region or per franchise: how many learners, how many finished."""
    groups: dict[str, dict] = {}
    for row in rows:
        name = getattr(row, key) or "—"
        group = groups.setdefault(name, {"name": name, "learners": 0, "completed": 0})
        group["learners"] += 1
        group["completed"] += int(row.completed)
    return sorted(groups.values(), key=lambda group: group["name"])


@transaction.atomic
def course_remind(*, actor, course: Course) -> int:
    """Notify (bell and digest) everyone in the actor's view who has not completed the course."""
    pending = [row.user for row in course_progress(user=actor, course=course) if not row.completed]
    return notify(
        users=pending,
        kind=Notification.Kind.TRAINING,
        title=stored_text.message(
            gettext_noop("Reminder: please complete the course “%(title)s”"), title=str(course.title)
        ),
        url=reverse("forum-course", args=[course.pk]),
        exclude=actor,
    )
