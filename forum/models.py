"""The help centre: a forum per brand, its FAQ and the training centre.

A category is visible brand-wide, or only to the regions it names (plus head office). Threads
and posts keep their Markdown source; the sanitised HTML is rendered once, on write.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Category(models.Model):
    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="+", verbose_name=_("brand"))
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Empty: the whole brand sees it. Otherwise only these regions (and brand-level staff).
    regions = models.ManyToManyField("network.Region", blank=True, related_name="+", verbose_name=_("regions"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["brand", "slug"], name="forum_category_unique_slug")]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="threads", verbose_name=_("category"))
    # The region the question comes from: its region manager moderates the thread.
    region = models.ForeignKey(
        "network.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author"))
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    accepted_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("accepted answer")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at", "-id"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title

    @property
    def is_solved(self) -> bool:
        return self.accepted_post_id is not None


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"))
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author"))
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (HTML)"), editable=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("edited by")
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.body[:60]


class PostRevision(models.Model):
    """The text a post had before an edit: edits keep their history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("text (Markdown)"))
    edited_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="forum_report_once")]

    def __str__(self) -> str:
        return self.reason[:60]


class Subscription(models.Model):
    """A user follows a thread or a whole category."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_subscriptions")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forum_follow_thread_once"),
            models.UniqueConstraint(fields=["user", "category"], name="forum_follow_category_once"),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=True) ^ models.Q(category__isnull=True), name="forum_follow_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id or self.category_id}"


def forum_image_path(instance, filename: str) -> str:
    return f"forum/{instance.brand_id}/{instance.token}.{instance.extension}"


class ForumImage(models.Model):
    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=8)
    image = models.ImageField(upload_to=forum_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forum image")
        verbose_name_plural = _("forum images")

    def __str__(self) -> str:
        return self.token


class FaqTopic(models.Model):
    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="+", verbose_name=_("brand"))
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["brand_id", "position", "name"]
        verbose_name = _("FAQ topic")
        verbose_name_plural = _("FAQ topics")

    def __str__(self) -> str:
        return self.name


class FaqEntry(models.Model):
    topic = models.ForeignKey(FaqTopic, on_delete=models.CASCADE, related_name="entries", verbose_name=_("topic"))
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer (Markdown)"))
    answer_html = models.TextField(_("answer (HTML)"), editable=False)
    source_post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="faq_entries", verbose_name=_("from post")
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["topic_id", "question"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question


class Course(models.Model):
    """A training course, assigned to roles and/or regions (empty means everyone in the brand)."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="+", verbose_name=_("brand"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    regions = models.ManyToManyField("network.Region", blank=True, related_name="+", verbose_name=_("regions"))
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


def lesson_attachment_path(instance, filename: str) -> str:
    """A random name: nothing of the uploaded name reaches the disk (it is kept in attachment_name)."""
    from franchise_platform.uploads import random_name

    return random_name("training", getattr(instance, "_attachment_extension", "bin"))


def validate_attachment(value) -> None:
    """A lesson attachment is a document or an image, recognised by its content."""
    from django.core.exceptions import ValidationError

    from franchise_platform.errors import DomainError
    from franchise_platform.uploads import DOCUMENT_TYPES, check_type

    if not value or getattr(value, "_committed", True):
        return
    try:
        check_type(value.file, DOCUMENT_TYPES)
    except DomainError as error:
        raise ValidationError(error.message, code=error.code) from None


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course"))
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("text (HTML)"), editable=False, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    attachment = models.FileField(
        _("attached file"), upload_to=lesson_attachment_path, blank=True, validators=[validate_attachment]
    )
    attachment_name = models.CharField(_("attached file name"), max_length=200, blank=True)

    class Meta:
        ordering = ["course_id", "position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.attachment and not self.attachment._committed:
            from franchise_platform.uploads import DOCUMENT_TYPES, check_type, original_name

            _mime, self._attachment_extension = check_type(self.attachment.file, DOCUMENT_TYPES)
            self.attachment_name = original_name(self.attachment.name)
        super().save(*args, **kwargs)

    @property
    def video_embed_url(self) -> str | None:
        from forum.training import video_embed_url

        return video_embed_url(self.video_url)


class LessonCompletion(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="lesson_completions")
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="forum_lesson_done_once")]

    def __str__(self) -> str:
        return f"{self.user_id} completed {self.lesson_id}"
