"""Reports: rollups of the sources, goals, alert rules and the alerts they raise.

Rollup keys use 0 for "none" (the franchisor instead of a franchise, no store, no keyword) so
that one unique index answers `ON CONFLICT`; they are plain integers, not foreign keys, so that
a deleted store or keyword never blocks the sources, and a re-aggregation rewrites them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.metrics import METRICS


class Source(models.TextChoices):
    CLICKS = "clicks", _("Router clicks")
    CHARGES = "charges", _("Costs charged")
    LEADS = "leads", _("Leads received")
    CUSTOMERS = "customers", _("Customers won")
    LISTINGS = "listings", _("Listing statistics")


def _measures():
    return {
        "impressions": models.BigIntegerField(default=0),
        "clicks": models.BigIntegerField(default=0),
        "cost": models.DecimalField(max_digits=16, decimal_places=2, default=0),
        "leads": models.BigIntegerField(default=0),
        "customers": models.BigIntegerField(default=0),
        "revenue": models.DecimalField(max_digits=16, decimal_places=2, default=0),
        "views": models.BigIntegerField(default=0),
        "calls": models.BigIntegerField(default=0),
        "direction_requests": models.BigIntegerField(default=0),
        "website_clicks": models.BigIntegerField(default=0),
        "review_count": models.BigIntegerField(default=0),
        "rating_sum": models.DecimalField(max_digits=16, decimal_places=2, default=0),
        "rating_count": models.BigIntegerField(default=0),
    }


class DailyRollup(models.Model):
    """One source's measures for a day x keyword x franchise x store (the fine grain)."""

    source = models.CharField(max_length=16, choices=Source.choices)
    day = models.DateField()
    brand_id = models.BigIntegerField()
    region_id = models.BigIntegerField(default=0)
    franchise_id = models.BigIntegerField(default=0)
    location_id = models.BigIntegerField(default=0)
    keyword_id = models.BigIntegerField(default=0)
    locals().update(_measures())

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "day", "brand_id", "keyword_id", "franchise_id", "location_id"],
                name="daily_rollup_unique_key",
            )
        ]
        indexes = [models.Index(fields=["franchise_id", "day"]), models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.source} {self.day} f{self.franchise_id} l{self.location_id} k{self.keyword_id}"


class FranchiseDayRollup(models.Model):
    """All sources summed per day x franchise (0: the franchisor): what the brand, region and
    franchise screens read. Re-derived from DailyRollup for each day that changed."""

    day = models.DateField()
    brand_id = models.BigIntegerField()
    region_id = models.BigIntegerField(default=0)
    franchise_id = models.BigIntegerField(default=0)
    locals().update(_measures())

    class Meta:
        verbose_name = _("franchise day rollup")
        verbose_name_plural = _("franchise day rollups")
        constraints = [
            models.UniqueConstraint(fields=["day", "brand_id", "franchise_id"], name="franchise_day_rollup_unique")
        ]
        indexes = [
            models.Index(fields=["brand_id", "day"]),
            models.Index(fields=["region_id", "day"]),
            models.Index(fields=["franchise_id", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} f{self.franchise_id}"


class RollupState(models.Model):
    """Where the incremental refresh of one source stands (its high-water mark)."""

    source = models.CharField(max_length=16, choices=Source.choices, unique=True)
    last_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup states")

    def __str__(self) -> str:
        return f"{self.source} > {self.last_id}"


class DayChecksum(models.Model):
    """A fingerprint of one source's raw rows for one day; a day whose fingerprint changed
    (status change, re-imported cost, corrected statistics, deletion) is re-aggregated."""

    source = models.CharField(max_length=16, choices=Source.choices)
    day = models.DateField()
    fingerprint = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "day"], name="day_checksum_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.day}"


METRIC_CHOICES = [(metric.key, metric.label) for metric in METRICS if metric.key != "share_of_contribution"]


class Goal(models.Model):
    """A target the franchisor sets for a KPI over a period (for the brand, or one region)."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="report_goals")
    region = models.ForeignKey(
        "network.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="report_goals"
    )
    metric = models.CharField(_("KPI"), max_length=32, choices=METRIC_CHOICES)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "metric", "-period_start"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.metric} {self.target} ({self.period_start} – {self.period_end})"


class AlertRule(models.Model):
    """Warn when a KPI moves more than `threshold_pct` against the previous period, in the bad
    direction (down for customers, up for cost per customer), and only when the figures behind it
    are big enough to mean something (`min_volume`: a drop from 1 customer to 0 is not news)."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="report_alert_rules")
    metric = models.CharField(_("KPI"), max_length=32, choices=METRIC_CHOICES)
    threshold_pct = models.DecimalField(_("threshold (%)"), max_digits=6, decimal_places=2, default=10)
    period_days = models.PositiveSmallIntegerField(_("period (days)"), default=7)
    min_volume = models.PositiveIntegerField(
        _("minimum volume"),
        default=20,
        help_text=_("No alert while the count behind the KPI (e.g. customers, clicks) stays below this."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["brand_id", "metric"]
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        constraints = [models.UniqueConstraint(fields=["brand", "metric", "period_days"], name="alert_rule_unique")]

    def __str__(self) -> str:
        return f"{self.metric} ±{self.threshold_pct}%"


class Alert(models.Model):
    """A KPI of one node (brand, region or franchise) that moved past its rule's threshold."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("network.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=16)
    period_end = models.DateField()
    current = models.DecimalField(max_digits=16, decimal_places=2)
    previous = models.DecimalField(max_digits=16, decimal_places=2)
    change_pct = models.DecimalField(max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "level", "region", "franchise", "period_end"], name="alert_unique_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule.metric} {self.change_pct}% ({self.period_end})"


class WeeklyDigest(models.Model):
    """The weekly report e-mail sent to one user for one week (so a retried task sends once)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="weekly_digest_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.week_start}"
