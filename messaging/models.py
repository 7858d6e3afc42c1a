"""One-to-one and small-group conversations, e.g. a question about a KPI asked from a report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    subject = models.CharField(_("subject"), max_length=200)
    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="+", verbose_name=_("brand"))
    # Where the question comes from (e.g. the exact report view), and what it is about.
    link_url = models.CharField(_("link"), max_length=500, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.subject


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats")
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="participant_unique")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.user} in {self.conversation}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:60]


class Notification(models.Model):
    """An item of the bell: a reply, a mention, a message, a reminder..."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        MENTION = "mention", _("Mention")
        REPLY = "reply", _("Reply")
        ANSWER_ACCEPTED = "answer_accepted", _("Answer accepted")
        REPORT = "report", _("Reported post")
        TRAINING = "training", _("Training")
        FAQ = "faq", _("FAQ")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    is_read = models.BooleanField(_("read"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "is_read"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The title in the reader's (active) language: it is stored as a message id and its
        parameters (franchise_platform.stored_text)."""
        from franchise_platform.stored_text import render

        return render(self.title)


class NotificationPreference(models.Model):
    class Digest(models.TextChoices):
        NEVER = "never", _("Never")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.CharField(_("e-mail digest"), max_length=16, choices=Digest.choices, default=Digest.DAILY)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"
