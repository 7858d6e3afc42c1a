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
