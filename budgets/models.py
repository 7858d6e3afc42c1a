"""Pooled keyword budgets: pools, keywords, routed clicks, imported costs, charges and leads.

These are the records the reports read; the rest of the budgets domain (rounds, pledges, the
ledger, territories) builds on them.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Pool(models.Model):
    """A brand campaign that franchisees fund together; clicks come in at /go/<slug>/."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="pools", verbose_name=_("brand"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    regions = models.ManyToManyField(
        "network.Region",
        blank=True,
        related_name="pools",
        verbose_name=_("limited to regions"),
        help_text=_("Empty means the whole brand."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "name"]
        verbose_name = _("keyword pool")
        verbose_name_plural = _("keyword pools")

    def __str__(self) -> str:
        return self.name


class KeywordGroup(models.TextChoices):
    BRAND = "brand", _("Brand")
    BROAD = "broad", _("Broad")
    LONG_TAIL = "long_tail", _("Long tail")


class Keyword(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="keywords", verbose_name=_("pool"))
    text = models.CharField(_("keyword"), max_length=200)
    group = models.CharField(_("group"), max_length=16, choices=KeywordGroup.choices, default=KeywordGroup.BROAD)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pool_id", "group", "text"]
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        constraints = [models.UniqueConstraint(fields=["pool", "text"], name="keyword_unique_per_pool")]

    def __str__(self) -> str:
        return self.text


class Click(models.Model):
    """One ad click answered by the router. `franchise` is null when it went to the franchisor
    (store locator). No IP address is kept."""

    id = models.BigAutoField(primary_key=True)
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="clicks")
    keyword = models.ForeignKey(Keyword, on_delete=models.SET_NULL, null=True, blank=True, related_name="clicks")
    keyword_text = models.CharField(_("keyword as searched"), max_length=200, blank=True)
    match_type = models.CharField(_("match type"), max_length=16, blank=True)
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.SET_NULL, null=True, blank=True, related_name="clicks"
    )
    location = models.ForeignKey(
        "network.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="clicks"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    click_id = models.CharField(_("click id (gclid/msclkid)"), max_length=128, blank=True)
    device = models.CharField(_("device"), max_length=16, blank=True)
    geo_criteria_id = models.BigIntegerField(_("geo target"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=64, blank=True)
    is_bot = models.BooleanField(_("bot"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        indexes = [
            models.Index(fields=["pool", "created_at"]),
            models.Index(fields=["franchise", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "click_id"], condition=~models.Q(click_id=""), name="click_unique_click_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.keyword_text}"


class KeywordDailyCost(models.Model):
    """A day of an ad platform's keyword report, as imported (replaced on re-import)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="daily_costs")
    keyword = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="daily_costs")
    day = models.DateField(_("day"))
    source = models.CharField(_("ad platform"), max_length=16, default="google")
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily keyword cost")
        verbose_name_plural = _("daily keyword costs")
        constraints = [models.UniqueConstraint(fields=["pool", "keyword", "day", "source"], name="daily_cost_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.keyword} {self.cost}"


class DailyCharge(models.Model):
    """A day's imported cost of one keyword charged to one franchise (null: the franchisor), pro
    rata to the router's clicks, rounded so charges sum exactly to the imported cost."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="daily_charges")
    keyword = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="daily_charges")
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.CASCADE, null=True, blank=True, related_name="daily_charges"
    )
    day = models.DateField(_("day"))
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily charge")
        verbose_name_plural = _("daily charges")
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "keyword", "franchise", "day"],
                condition=models.Q(franchise__isnull=False),
                name="daily_charge_unique_franchise",
            ),
            models.UniqueConstraint(
                fields=["pool", "keyword", "day"],
                condition=models.Q(franchise__isnull=True),
                name="daily_charge_unique_franchisor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.keyword} {self.amount}"


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Lead(models.Model):
    """A prospect who filled in a franchise page's form; a won lead is a customer."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="leads")
    franchise = models.ForeignKey("network.Franchise", on_delete=models.CASCADE, related_name="leads")
    location = models.ForeignKey(
        "network.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    click = models.ForeignKey(Click, on_delete=models.SET_NULL, null=True, blank=True, related_name="leads")
    keyword = models.ForeignKey(Keyword, on_delete=models.SET_NULL, null=True, blank=True, related_name="leads")
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW)
    revenue = models.DecimalField(_("revenue"), max_digits=12, decimal_places=2, null=True, blank=True)
    won_at = models.DateTimeField(_("won"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    message = models.TextField(_("message"), blank=True)
    consent = models.BooleanField(_("consent to be contacted"), default=False)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=200, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    click_ref = models.CharField(_("click id"), max_length=128, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [models.Index(fields=["franchise", "created_at"]), models.Index(fields=["brand", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"
