"""Store listings: what each directory shows and how it performs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Directory(models.TextChoices):
    GOOGLE = "google", _("Google")
    FACEBOOK = "facebook", _("Facebook")
    PAGESJAUNES = "pagesjaunes", _("Pages Jaunes")


class ListingDailyStats(models.Model):
    """A day of a store's statistics on one directory, imported daily."""

    location = models.ForeignKey("network.Location", on_delete=models.CASCADE, related_name="daily_stats")
    directory = models.CharField(_("directory"), max_length=16, choices=Directory.choices)
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    calls = models.PositiveIntegerField(_("calls"), default=0)
    direction_requests = models.PositiveIntegerField(_("direction requests"), default=0)
    website_clicks = models.PositiveIntegerField(_("website clicks"), default=0)
    review_count = models.PositiveIntegerField(_("reviews"), default=0)
    rating = models.DecimalField(_("rating"), max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily listing statistics")
        verbose_name_plural = _("daily listing statistics")
        constraints = [
            models.UniqueConstraint(fields=["location", "directory", "day"], name="listing_stats_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.location_id} {self.directory}"


class LinkStatus(models.TextChoices):
    LINKED = "linked", _("Linked")
    PENDING = "pending", _("Being created")
    UNLINKED = "unlinked", _("Unlinked")


class DirectoryLink(models.Model):
    """A store's listing on one directory (its id there)."""

    location = models.ForeignKey("network.Location", on_delete=models.CASCADE, related_name="directory_links")
    directory = models.CharField(_("directory"), max_length=16, choices=Directory.choices)
    external_id = models.CharField(_("id on the directory"), max_length=128)
    status = models.CharField(_("status"), max_length=16, choices=LinkStatus.choices, default=LinkStatus.LINKED)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["location_id", "directory"]
        verbose_name = _("directory link")
        verbose_name_plural = _("directory links")
        constraints = [models.UniqueConstraint(fields=["location", "directory"], name="directory_link_unique")]

    def __str__(self) -> str:
        return f"{self.location_id} on {self.directory}: {self.external_id}"


class Review(models.Model):
    """A customer review imported from a directory, and our reply to it."""

    location = models.ForeignKey("network.Location", on_delete=models.CASCADE, related_name="reviews")
    directory = models.CharField(_("directory"), max_length=16, choices=Directory.choices)
    external_review_id = models.CharField(_("review id"), max_length=128)
    author = models.CharField(_("author"), max_length=200, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("review"), blank=True)
    created_at = models.DateTimeField(_("written"))
    reply_text = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["directory", "external_review_id"], name="review_unique_external")
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.author}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    SUPPRESSION_REQUESTED = "suppression_requested", _("Suppression requested")
    DISMISSED = "dismissed", _("Not a duplicate")


class DuplicateCandidate(models.Model):
    """A listing on a directory that looks like one of our stores but is not the linked one."""

    location = models.ForeignKey("network.Location", on_delete=models.CASCADE, related_name="duplicates")
    directory = models.CharField(_("directory"), max_length=16, choices=Directory.choices)
    external_id = models.CharField(_("id on the directory"), max_length=128)
    score = models.DecimalField(_("similarity"), max_digits=4, decimal_places=3)
    payload = models.JSONField(_("what the directory shows"), default=dict)
    status = models.CharField(_("status"), max_length=32, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        verbose_name = _("duplicate listing")
        verbose_name_plural = _("duplicate listings")
        constraints = [
            models.UniqueConstraint(fields=["location", "directory", "external_id"], name="duplicate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.directory}:{self.external_id} ~ {self.location_id}"
