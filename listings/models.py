"""Store listings: what each directory shows and how it performs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from franchise_platform.append_only import AppendOnlyModel


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


# Listing data ------------------------------------------------------------------------------
# The store's own name, address, phone, geo and time zone live on network.Location and are the
# canonical source; a Listing adds what only directories need, and the sync bookkeeping.


class SyncStatus(models.TextChoices):
    NEVER = "never", _("Not synced yet")
    PENDING = "pending", _("Syncing")
    SYNCED = "synced", _("Synced")
    ROLLED_BACK = "rolled_back", _("Rolled back")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")


class Listing(models.Model):
    location = models.OneToOneField(
        "network.Location", on_delete=models.CASCADE, related_name="listing", verbose_name=_("location")
    )
    website = models.URLField(_("website"), blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=750)
    current_revision = models.ForeignKey(
        "ListingRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_revision = models.ForeignKey(
        "ListingRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sync_status = models.CharField(
        _("sync status"), max_length=20, choices=SyncStatus.choices, default=SyncStatus.NEVER
    )
    sync_reason = models.CharField(_("reason"), max_length=500, blank=True)
    sync_problems = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["location_id"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")

    def __str__(self) -> str:
        return str(self.location)

    @property
    def sync_reason_text(self) -> str:
        from listings.directories.messages import describe

        return describe(self.sync_reason) if self.sync_reason else ""

    @property
    def sync_problem_texts(self) -> list[str]:
        from listings.directories.messages import describe_all

        return describe_all(self.sync_problems)


class Weekday(models.TextChoices):
    MONDAY = "MONDAY", _("Monday")
    TUESDAY = "TUESDAY", _("Tuesday")
    WEDNESDAY = "WEDNESDAY", _("Wednesday")
    THURSDAY = "THURSDAY", _("Thursday")
    FRIDAY = "FRIDAY", _("Friday")
    SATURDAY = "SATURDAY", _("Saturday")
    SUNDAY = "SUNDAY", _("Sunday")


class RegularHoursPeriod(models.Model):
    """One opening period of a weekday in the store's time zone; a close at or before the open
    ends the next day, 00:00-24:00 is open 24 hours; a day without periods is closed."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="regular_hours")
    day = models.CharField(_("day"), max_length=9, choices=Weekday.choices)
    open = models.CharField(_("opens"), max_length=5)
    close = models.CharField(_("closes"), max_length=5)

    class Meta:
        ordering = ["listing_id", "id"]
        verbose_name = _("opening period")
        verbose_name_plural = _("opening periods")

    def __str__(self) -> str:
        return f"{self.day} {self.open}-{self.close}"


class SpecialHours(models.Model):
    """Hours of one date (holiday, exceptional hours): closed, or open from `open` to `close`.
    Date ranges are stored one row per date, as directories want them."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="special_hours")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed"), default=True)
    open = models.CharField(_("opens"), max_length=5, blank=True)
    close = models.CharField(_("closes"), max_length=5, blank=True)

    class Meta:
        ordering = ["listing_id", "date"]
        verbose_name = _("special hours")
        verbose_name_plural = _("special hours")
        constraints = [models.UniqueConstraint(fields=["listing", "date"], name="special_hours_unique_date")]

    def __str__(self) -> str:
        return f"{self.date} {'closed' if self.closed else f'{self.open}-{self.close}'}"


class PhotoCategory(models.TextChoices):
    LOGO = "LOGO", _("Logo")
    COVER = "COVER", _("Cover")
    INTERIOR = "INTERIOR", _("Interior")
    EXTERIOR = "EXTERIOR", _("Exterior")


def photo_path(instance, filename: str) -> str:
    from franchise_platform.uploads import random_name

    return random_name(f"listings/{instance.listing.location_id}", filename.rsplit(".", 1)[-1])


class ListingPhoto(models.Model):
    """A photo file; rows are never deleted so that any revision can be restored."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    category = models.CharField(_("category"), max_length=10, choices=PhotoCategory.choices)
    image = models.FileField(_("image"), upload_to=photo_path)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    is_active = models.BooleanField(_("shown"), default=True)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["listing_id", "category", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.UniqueConstraint(fields=["listing", "category", "sha256"], name="listing_photo_unique_content")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.sha256[:8]}"


class RevisionKind(models.TextChoices):
    INITIAL = "initial", _("Initial data")
    EDIT = "edit", _("Edit")
    BULK = "bulk", _("Bulk change")
    IMPORT = "import", _("CSV import")
    REVERT = "revert", _("Revert")
    UNDO = "undo", _("Undo of a sync batch")
    SUGGESTION = "suggestion", _("Approved suggestion")
    ACCEPT_THEIRS = "accept_theirs", _("Accepted a directory's data")


class ListingRevision(AppendOnlyModel):
    """An immutable version of a listing: the whole canonical payload, which fields changed and
    how (diff: field -> [before, after]), who and when."""

    append_only_message = "Revisions are immutable."

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=RevisionKind.choices, default=RevisionKind.EDIT)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    fields = models.JSONField(_("changed fields"), default=list)
    diff = models.JSONField(_("changes"), default=dict)
    payload = models.JSONField(_("listing data"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["listing_id", "-number"]
        verbose_name = _("listing revision")
        verbose_name_plural = _("listing revisions")
        constraints = [models.UniqueConstraint(fields=["listing", "number"], name="listing_revision_unique_number")]

    def __str__(self) -> str:
        return f"{self.listing_id} r{self.number}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ListingSuggestion(models.Model):
    """A franchisee's edit in a brand that requires approval: validated data waiting for a
    listings editor or the region manager."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="suggestions")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    fields = models.JSONField(_("fields"), default=list)
    data = models.JSONField(_("proposed data"))
    diff = models.JSONField(_("changes"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    revision = models.ForeignKey(ListingRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("listing suggestion")
        verbose_name_plural = _("listing suggestions")

    def __str__(self) -> str:
        return f"{self.listing_id} {', '.join(self.fields)}"


# Sync batches ------------------------------------------------------------------------------


class BatchStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    ROLLING_BACK = "rolling_back", _("Rolling back")
    DONE = "done", _("Done")


class SyncBatch(models.Model):
    """A change pushed to the directories: one item per location, one job per directory."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="sync_batches")
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=RevisionKind.choices, default=RevisionKind.EDIT)
    all_or_nothing = models.BooleanField(_("all or nothing"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.RUNNING)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undo_of = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="undone_by", verbose_name=_("undo of")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sync batch")
        verbose_name_plural = _("sync batches")

    def __str__(self) -> str:
        return self.label


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Syncing")
    SYNCED = "synced", _("Synced")
    ROLLED_BACK = "rolled_back", _("Rolled back")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    SUPERSEDED = "superseded", _("Superseded by a newer change")


ITEM_DONE = (ItemStatus.SYNCED, ItemStatus.ROLLED_BACK, ItemStatus.NEEDS_ATTENTION, ItemStatus.SUPERSEDED)


class SyncItem(models.Model):
    """One location of a batch: publish `revision` (the directories showed `previous_revision`)."""

    batch = models.ForeignKey(SyncBatch, on_delete=models.CASCADE, related_name="items")
    location = models.ForeignKey("network.Location", on_delete=models.CASCADE, related_name="sync_items")
    revision = models.ForeignKey(ListingRevision, on_delete=models.CASCADE, related_name="+")
    previous_revision = models.ForeignKey(
        ListingRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The fields to publish (empty: those the revision changed, or every field for a first publication).
    fields = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch_id", "id"]
        verbose_name = _("sync item")
        verbose_name_plural = _("sync items")
        constraints = [models.UniqueConstraint(fields=["batch", "location"], name="sync_item_unique_location")]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.location_id} {self.status}"

    @property
    def reason_text(self) -> str:
        from listings.directories.messages import describe

        return describe(self.reason) if self.reason else ""

    @property
    def problem_texts(self) -> list[str]:
        from listings.directories.messages import describe_all

        return describe_all(self.problems)


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    NOT_SUPPORTED = "not_supported", _("Not supported by this directory")
    SNAPSHOT = "snapshot", _("Current state read")
    VERIFIED = "verified", _("Updated and verified")
    FAILED = "failed", _("Failed")
    RESTORED = "restored", _("Restored")
    RESTORE_FAILED = "restore_failed", _("Restore failed")


class SyncJob(models.Model):
    """One (location, directory) of a batch. Its persisted state (the snapshot read before
    writing, what was written) lets a re-delivered task finish the same job."""

    item = models.ForeignKey(SyncItem, on_delete=models.CASCADE, related_name="jobs")
    directory = models.CharField(_("directory"), max_length=16, choices=Directory.choices)
    external_id = models.CharField(max_length=128)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    snapshot = models.JSONField(null=True, blank=True)
    written_fields = models.JSONField(default=list, blank=True)
    write_attempted = models.BooleanField(default=False)
    # What went wrong, as a stable code and its parameters (listings.directories.messages renders
    # them in the reader's language).
    error = models.CharField(max_length=500, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    unsupported_fields = models.JSONField(default=list, blank=True)
    requests = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item_id", "directory"]
        verbose_name = _("sync job")
        verbose_name_plural = _("sync jobs")
        constraints = [models.UniqueConstraint(fields=["item", "directory"], name="sync_job_unique_directory")]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.directory} {self.status}"

    @property
    def error_text(self) -> str:
        from listings.directories.messages import describe

        return describe(self.error, self.error_params, self.directory) if self.error else ""


class DriftStatus(models.TextChoices):
    OPEN = "open", _("To review")
    REPUBLISHED = "republished", _("Ours re-published")
    ACCEPTED = "accepted", _("Theirs accepted")
    GONE = "gone", _("Resolved by itself")


class ListingDrift(models.Model):
    """A directory showing something else than our published revision (found by the verifier)."""

    location = models.ForeignKey("network.Location", on_delete=models.CASCADE, related_name="listing_drifts")
    directory = models.CharField(_("directory"), max_length=16, choices=Directory.choices)
    fields = models.JSONField(_("fields"), default=list)
    theirs = models.JSONField(_("what the directory shows"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=DriftStatus.choices, default=DriftStatus.OPEN)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-found_at"]
        verbose_name = _("listing drift")
        verbose_name_plural = _("listing drifts")

    def __str__(self) -> str:
        return f"{self.location_id} {self.directory} {self.fields}"


class DirectoryCategory(models.Model):
    """The brand's category lookup: one of our category names and its id on each directory
    (Google `categories/gcid:...`, a Facebook Page category id, a Pages Jaunes rubrique code)."""

    brand = models.ForeignKey("network.Brand", on_delete=models.CASCADE, related_name="directory_categories")
    name = models.CharField(_("our category"), max_length=120)
    google_id = models.CharField(_("Google category"), max_length=120, blank=True)
    facebook_id = models.CharField(_("Facebook category id"), max_length=40, blank=True)
    pagesjaunes_code = models.CharField(_("Pages Jaunes rubrique"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "name"]
        verbose_name = _("directory category")
        verbose_name_plural = _("directory categories")
        constraints = [models.UniqueConstraint(fields=["brand", "name"], name="directory_category_unique_name")]

    def __str__(self) -> str:
        return self.name
