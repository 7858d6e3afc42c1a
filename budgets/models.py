"""Pooled keyword budgets: pools, keywords, routed clicks, imported costs, charges and leads.

These are the records the reports read; the rest of the budgets domain (rounds, pledges, the
ledger, territories) builds on them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from franchise_platform.append_only import AppendOnlyModel, DayFiguresQuerySet, KeptModel


class Pool(models.Model):
    """A brand campaign that franchisees fund together; clicks come in at /go/<slug>/."""

    brand = models.ForeignKey("network.Brand", on_delete=models.PROTECT, related_name="pools", verbose_name=_("brand"))
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


class PlatformStatus(models.TextChoices):
    """What the platform's click records say about one of our clicks (clicks without a click id
    and automated visitors are never sent to the platform's records: they are never charged)."""

    PENDING = "", _("awaiting the platform's records")
    CONFIRMED = "confirmed", _("confirmed by the platform")
    NOT_BILLED = "not_billed", _("not in the platform's billed clicks")
    ELSEWHERE = "elsewhere", _("placed elsewhere by the platform")


class Click(models.Model):
    """One ad click answered by the router. `franchise` is null when it went to the franchisor
    (store locator). No IP address is kept."""

    id = models.BigAutoField(primary_key=True)
    # Clicks are the router's hot write: the pool and franchise columns are indexed only by the
    # (pool, created_at) and (franchise, created_at) indexes below, which also serve the FKs.
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="clicks", db_index=False)
    keyword = models.ForeignKey(Keyword, on_delete=models.SET_NULL, null=True, blank=True, related_name="clicks")
    keyword_text = models.CharField(_("keyword as searched"), max_length=200, blank=True)
    match_type = models.CharField(_("match type"), max_length=16, blank=True)
    # Who received the click is what it is charged on: the franchise cannot be deleted under it.
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.PROTECT, null=True, blank=True, related_name="clicks", db_index=False
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
    # Chosen by the router when it answers: writing the same click twice (a batch retried after
    # the database went away mid-commit, a spool drained again) keeps it once.
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # What the ad platform's click records say about it, set by the daily reconciliation (the
    # router never writes it: the database default stands until then).
    platform_status = models.CharField(
        _("platform's verdict"), max_length=16, blank=True, default="", db_default="", choices=PlatformStatus.choices
    )

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


class KeywordDailyCost(KeptModel):
    """A day of an ad platform's keyword report, as imported (replaced on re-import, when the
    platform revised its figures; never deleted otherwise)."""

    kept_message = "Imported costs are money history; a re-import replaces a day (supersede)."

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="daily_costs")
    keyword = models.ForeignKey(Keyword, on_delete=models.PROTECT, related_name="daily_costs")
    day = models.DateField(_("day"))
    source = models.CharField(_("ad platform"), max_length=16, default="google")
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, default=0)

    objects = DayFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily keyword cost")
        verbose_name_plural = _("daily keyword costs")
        constraints = [models.UniqueConstraint(fields=["pool", "keyword", "day", "source"], name="daily_cost_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.keyword} {self.cost}"


class DailyCharge(KeptModel):
    """A day's imported cost of one keyword charged to one franchise (null: the franchisor), pro
    rata to the clicks the ad platform confirmed, rounded so charges sum exactly to the imported
    cost. The ledger holds the money; these rows say how the day was split."""

    kept_message = "Daily charges are money history; only charging the day again replaces them."

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="daily_charges")
    keyword = models.ForeignKey(Keyword, on_delete=models.PROTECT, related_name="daily_charges")
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.PROTECT, null=True, blank=True, related_name="daily_charges"
    )
    day = models.DateField(_("day"))
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, default=0)

    objects = DayFiguresQuerySet.as_manager()

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


# --- Territories: where a franchise's clicks come from -------------------------------------


class TerritoryKind(models.TextChoices):
    POSTAL_PREFIX = "postal_prefix", _("Postal code prefix")
    CITY = "city", _("City")
    RADIUS = "radius", _("Radius around its stores")


class Territory(models.Model):
    """A piece of a franchise's territory: a postal-code prefix (`H2X`, `750`), a city, or a
    radius in km around each of its stores."""

    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.CASCADE, related_name="territories", verbose_name=_("franchise")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TerritoryKind.choices)
    value = models.CharField(_("value"), max_length=120, blank=True)
    radius_km = models.DecimalField(_("radius (km)"), max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["franchise_id", "kind", "value"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        if self.kind == TerritoryKind.RADIUS:
            return f"{self.radius_km} km"
        return self.value


class GeoTarget(models.Model):
    """A row of Google's published geo-target CSV: maps a criteria id to a place."""

    criteria_id = models.BigIntegerField(_("criteria id"), primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    canonical_name = models.CharField(_("canonical name"), max_length=300, blank=True)
    parent_id = models.BigIntegerField(_("parent id"), null=True, blank=True)
    country_code = models.CharField(_("country"), max_length=2, blank=True)
    target_type = models.CharField(_("target type"), max_length=40, blank=True)

    class Meta:
        ordering = ["criteria_id"]
        verbose_name = _("geo target")
        verbose_name_plural = _("geo targets")

    def __str__(self) -> str:
        return self.canonical_name or self.name


class MicrosoftLocation(models.Model):
    """A row of Microsoft Advertising's geographical location codes file (format version 2.0:
    Location Id, Bing Display Name, Location Type, Replaces, Status), the ids that Microsoft's
    `{loc_physical_ms}` and `{loc_interest_ms}` give. Never mixed with Google's geotargets."""

    location_id = models.BigIntegerField(_("location id"), primary_key=True)
    display_name = models.CharField(_("display name"), max_length=300)  # "Québec|Quebec|Canada"
    location_type = models.CharField(_("location type"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)

    class Meta:
        ordering = ["location_id"]
        verbose_name = _("Microsoft location")
        verbose_name_plural = _("Microsoft locations")

    def __str__(self) -> str:
        return self.display_name


# --- Periods, contribution rounds and pledges ----------------------------------------------


class Period(models.Model):
    """A month of a pool: contributions are pledged for it, its balance is paced over its days."""

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="periods", verbose_name=_("pool"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["pool_id", "-start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [models.UniqueConstraint(fields=["pool", "start"], name="period_unique_start")]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ContributionRound(models.Model):
    period = models.OneToOneField(
        Period, on_delete=models.PROTECT, related_name="contribution_round", verbose_name=_("period")
    )
    suggested_amount = models.DecimalField(_("suggested amount per franchise"), max_digits=12, decimal_places=2)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-period__start"]
        verbose_name = _("contribution round")
        verbose_name_plural = _("contribution rounds")

    def __str__(self) -> str:
        return f"{self.period.pool} {self.period}"

    @property
    def pool(self):
        return self.period.pool


class PledgeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    CHANGED = "changed", _("Changed amount")
    DECLINED = "declined", _("Declined")


class Pledge(KeptModel):
    kept_message = "Pledges are money history and are never deleted."

    round = models.ForeignKey(
        ContributionRound, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("round")
    )
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("franchise")
    )
    suggested_amount = models.DecimalField(_("suggested amount"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("pledged amount"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.PENDING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["round_id", "franchise__name"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [models.UniqueConstraint(fields=["round", "franchise"], name="pledge_unique_franchise")]

    def __str__(self) -> str:
        return f"{self.franchise} {self.amount}"

    @property
    def is_in(self) -> bool:
        return self.status in (PledgeStatus.ACCEPTED, PledgeStatus.CHANGED) and self.amount > 0


# --- The ledger: append-only, double entry ---------------------------------------------------


class AccountKind(models.TextChoices):
    FRANCHISE = "franchise", _("Franchise contribution")
    FRANCHISOR = "franchisor", _("Franchisor")
    FUNDING = "funding", _("Money paid in")
    AD_SPEND = "ad_spend", _("Ad platform spend")


class LedgerAccount(KeptModel):
    """One account of a pool: each franchise's, the franchisor's, money in, and ad spend.

    `balance` is a cache of the sum of its entries, kept under the row lock that every posting
    takes; it can always be rebuilt from the entries."""

    kept_message = "Ledger accounts are never deleted."

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("pool"))
    kind = models.CharField(_("kind"), max_length=16, choices=AccountKind.choices)
    # A franchise with an account cannot be deleted (it is closed instead): an account always
    # has its owner, and no refund can land in an account nobody owns.
    franchise = models.ForeignKey(
        "network.Franchise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
        verbose_name=_("franchise"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    balance = models.DecimalField(_("balance"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["pool_id", "kind", "franchise_id"]
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "franchise"], condition=models.Q(kind="franchise"), name="account_unique_franchise"
            ),
            models.UniqueConstraint(
                fields=["pool", "kind"], condition=~models.Q(kind="franchise"), name="account_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}".strip()


class TransactionKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    TOP_UP = "top_up", _("Franchisor top-up")
    CHARGE = "charge", _("Charge")
    REFUND = "refund", _("Refund")
    CARRY_OVER = "carry_over", _("Carry-over")
    SETTLEMENT = "settlement", _("Settlement on closing")


class LedgerTransaction(AppendOnlyModel):
    """A balanced set of entries; `key` makes a retried request post it only once."""

    append_only_message = "The ledger is append-only."

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="transactions", verbose_name=_("pool"))
    kind = models.CharField(_("kind"), max_length=16, choices=TransactionKind.choices)
    key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    day = models.DateField(_("day"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.memo}"


class LedgerEntry(AppendOnlyModel):
    append_only_message = "The ledger is append-only."

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries", verbose_name=_("transaction")
    )
    account = models.ForeignKey(
        LedgerAccount, on_delete=models.PROTECT, related_name="entries", verbose_name=_("account")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("period")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["transaction_id", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"


class ImportBatch(models.Model):
    """One imported ad-platform report file (kept for the reconciliation view)."""

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="imports", verbose_name=_("pool"))
    source = models.CharField(_("ad platform"), max_length=16)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    days = models.JSONField(_("days"), default=list)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    total_cost = models.DecimalField(_("total cost"), max_digits=14, decimal_places=2, default=0)
    # What was decided for the file (platform, language, delimiter, number format, date order)
    # and what was left out: rows of other campaigns, keywords of no pool, total rows.
    layout = models.JSONField(_("layout"), default=dict, blank=True)
    skipped = models.JSONField(_("skipped"), default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cost import")
        verbose_name_plural = _("cost imports")

    def __str__(self) -> str:
        return f"{self.source} {self.filename}"


class CallTap(models.Model):
    """A tap on a franchise page's click-to-call link (the call itself happens on the phone)."""

    franchise = models.ForeignKey("network.Franchise", on_delete=models.CASCADE, related_name="call_taps")
    location = models.ForeignKey(
        "network.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="call_taps"
    )
    click_ref = models.CharField(_("click id"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("call tap")
        verbose_name_plural = _("call taps")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.franchise_id}"


# --- The ad platforms' word on each click, and franchises leaving the network ----------------


class PlatformClick(models.Model):
    """A click as the ad platform recorded it (a Google Ads click_view row, a row of Microsoft's
    MSClickId report): the evidence a charge rests on. Read again, it is updated, not deleted.

    It keeps a digest of the click id, not the id: the id itself lives on our click for the
    privacy retention period only. Whom the router sent a confirmed click to is kept here, so a
    day charged again later does not depend on ids the retention has since erased."""

    pool = models.ForeignKey(
        Pool, on_delete=models.PROTECT, related_name="platform_clicks", verbose_name=_("pool"), db_index=False
    )
    source = models.CharField(_("ad platform"), max_length=16)
    day = models.DateField(_("day"))
    click_key = models.CharField(_("click id digest"), max_length=64)
    # Set when the platform confirms one of our clicks that a franchise received (and a person
    # made); null: the franchisor's (a click we never saw, an automated visitor, placed elsewhere).
    franchise = models.ForeignKey(
        "network.Franchise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    keyword = models.ForeignKey(Keyword, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    keyword_text = models.CharField(_("keyword"), max_length=200, blank=True)
    match_type = models.CharField(_("match type"), max_length=16, blank=True)
    billed = models.BooleanField(_("billed"), default=True)
    location_ids = models.JSONField(_("location ids"), default=list, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        ordering = ["pool_id", "day", "click_key"]
        verbose_name = _("platform click record")
        verbose_name_plural = _("platform click records")
        constraints = [models.UniqueConstraint(fields=["pool", "click_key"], name="platform_click_unique")]
        indexes = [models.Index(fields=["pool", "day"])]

    def __str__(self) -> str:
        return f"{self.source} {self.day} {self.click_key[:12]}"


class ClickReconciliation(models.Model):
    """The platform's click records of a pool's day were read: that platform's cost of the day
    can be charged, and our clicks of the day have their verdict."""

    pool = models.ForeignKey(
        Pool, on_delete=models.PROTECT, related_name="reconciliations", verbose_name=_("pool"), db_index=False
    )
    source = models.CharField(_("ad platform"), max_length=16)
    day = models.DateField(_("day"))
    records = models.PositiveIntegerField(_("click records"), default=0)
    billed = models.PositiveIntegerField(_("billed clicks"), default=0)
    read_at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        ordering = ["pool_id", "-day", "source"]
        verbose_name = _("click reconciliation")
        verbose_name_plural = _("click reconciliations")
        constraints = [models.UniqueConstraint(fields=["pool", "source", "day"], name="click_reconciliation_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.day}"


class Settlement(models.TextChoices):
    REFUND = "refund", _("Refund the franchisee")
    POOL = "pool", _("Keep it in the pool (franchisor's account)")


class FranchiseClosure(KeptModel):
    """A franchise left the network: how its balance was settled, by whom, when. Anything that
    lands in its account later (a day charged again) is settled the same way."""

    kept_message = "A closure is money history and is never deleted."

    franchise = models.OneToOneField(
        "network.Franchise", on_delete=models.PROTECT, related_name="closure", verbose_name=_("franchise")
    )
    settlement = models.CharField(_("balance settled by"), max_length=16, choices=Settlement.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed on"), default=timezone.now)

    class Meta:
        ordering = ["-closed_at"]
        verbose_name = _("franchise closure")
        verbose_name_plural = _("franchise closures")

    def __str__(self) -> str:
        return f"{self.franchise} {self.closed_at:%Y-%m-%d}"
