"""Importing daily keyword costs from the ad platforms' CSV reports: all rows or none.

Re-importing a day of a platform replaces that day; each imported day is then charged, once the
platform's click records of that day have been read (budgets/reconciliation.py).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgets import permissions, validation
from budgets.adplatform.reports import decode_report, parse_report
from budgets.keywords import normalise_keyword
from budgets.models import ImportBatch, Keyword, KeywordDailyCost, Pool
from budgets.routing import normalise_city
from franchise_platform.errors import DomainError

SOURCES = ("google", "microsoft")


class ImportRejected(DomainError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "; ".join(errors[:20]) + (f" (+{len(errors) - 20})" if len(errors) > 20 else "")
        super().__init__(_("Nothing was imported: %(errors)s") % {"errors": shown}, code="import_rejected")


def _same_name(a: str, b: str) -> bool:
    return normalise_city(a) == normalise_city(b)


def _campaign_rows(pool: Pool, rows: list, keywords: dict) -> tuple[list, dict[str, int], list[str]]:
    """The rows of the pool's campaign, the others (campaign -> rows skipped), and errors.

    A report of one campaign is the pool's (the person chose the pool when uploading). In an
    account report of several, the pool's campaign is the one holding the pool's keywords; if
    several do, the one named like the pool (its name or slug, without case or accents). The
    rows of the other campaigns are skipped and listed."""
    campaigns = sorted({row.campaign for row in rows if row.campaign})
    if len(campaigns) <= 1:
        return rows, {}, []
    ours = sorted({row.campaign for row in rows if row.campaign and row.keyword in keywords})
    if len(ours) > 1:
        ours = [name for name in ours if _same_name(name, pool.name) or _same_name(name, pool.slug)]
    if len(ours) != 1:
        return (
            [],
            {},
            [
                _(
                    "the report covers several campaigns (%(campaigns)s) and none is clearly this pool's "
                    "(named “%(name)s” or “%(slug)s”, with its keywords): download the report of this "
                    "pool's campaign only"
                )
                % {"campaigns": ", ".join(campaigns[:10]), "name": pool.name, "slug": pool.slug}
            ],
        )
    kept, skipped = [], defaultdict(int)
    for row in rows:
        if row.campaign == ours[0] or not row.campaign:
            kept.append(row)
        else:
            skipped[row.campaign] += 1
    return kept, dict(skipped), []


@transaction.atomic
def import_costs(*, actor, pool: Pool, source: str, content, filename: str = "") -> ImportBatch:
    if actor is not None:
        permissions.check_manage_pool(actor, pool)
    if source not in SOURCES:
        raise DomainError(_("Unknown ad platform."), code="bad_source")
    if isinstance(content, bytes):
        content = decode_report(content)
    report = parse_report(content, source=source)
    errors = list(report.errors)
    if errors:
        raise ImportRejected(errors)
    keywords = {normalise_keyword(text): pk for text, pk in Keyword.objects.filter(pool=pool).values_list("text", "pk")}
    rows, other_campaigns, errors = _campaign_rows(pool, report.rows, keywords)
    with_campaign = bool(other_campaigns) or any(row.campaign for row in rows)
    unknown: dict[str, int] = defaultdict(int)
    totals: dict[tuple[date, int], list] = defaultdict(lambda: [0, 0, Decimal("0.00")])
    for row in rows:
        if row.currency and row.currency != pool.currency:
            errors.append(
                _("row %(line)d: currency %(currency)s, the pool is in %(pool)s")
                % {"line": row.line, "currency": row.currency, "pool": pool.currency}
            )
            continue
        keyword_id = keywords.get(row.keyword)
        if keyword_id is None:
            if with_campaign:
                # In the pool's own campaign: its cost must not be lost nor put elsewhere.
                errors.append(
                    _(
                        "row %(line)d: “%(keyword)s” is in this pool's campaign but is not a keyword of the pool: "
                        "add it first"
                    )
                    % {"line": row.line, "keyword": row.keyword[:60]}
                )
            else:
                unknown[row.keyword] += 1
            continue
        # Bounds of money validation (budgets/validation.py): a sane day, counts and amounts
        # the columns hold, for each row and for the day's total of the keyword.
        problem = validation.cost_day_problem(row.day)
        total = totals[(row.day, keyword_id)]
        if problem is None:
            total[0] += row.impressions
            total[1] += row.clicks
            total[2] += row.cost
            problem = (
                validation.count_problem(total[0])
                or validation.count_problem(total[1])
                or validation.amount_problem(total[2], allow_zero=True, currency=pool.currency)
            )
        if problem is not None:
            errors.append(_("row %(line)d: %(problem)s") % {"line": row.line, "problem": problem})
    if errors:
        raise ImportRejected(errors)
    if not totals:
        raise ImportRejected([_("the report has no rows of this pool's keywords")])
    days = sorted({day for day, _keyword in totals})
    # One import of a pool at a time: the pool's row lock (the one charging takes) serialises
    # them, so two imports of the same days never both keep their rows; the last one replaces
    # the first. On SQLite every writer already takes the database's lock (BEGIN IMMEDIATE).
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    KeywordDailyCost.objects.filter(pool=pool, source=source, day__in=days).supersede()
    KeywordDailyCost.objects.bulk_create(
        [
            KeywordDailyCost(
                pool=pool, keyword_id=keyword_id, day=day, source=source, impressions=i, clicks=c, cost=cost
            )
            for (day, keyword_id), (i, c, cost) in totals.items()
        ]
    )
    batch = ImportBatch.objects.create(
        pool=pool,
        source=source,
        filename=filename[:200],
        days=[day.isoformat() for day in days],
        rows=len(rows) - sum(unknown.values()),
        total_cost=sum((cost for _i, _c, cost in totals.values()), Decimal("0.00")),
        imported_by=actor if actor is not None and actor.is_authenticated else None,
        layout=report.layout,
        skipped={
            "campaigns": dict(sorted(other_campaigns.items())),
            "keywords": dict(sorted(unknown.items())),
            "totals": report.totals,
        },
    )
    from budgets.tasks import charge_day

    for day in days:
        transaction.on_commit(lambda day=day: charge_day.delay(pool.pk, day.isoformat()))
    return batch


def describe_skipped(batch: ImportBatch) -> list[str]:
    """What the import left out, in the reader's language: one line per campaign and keyword."""
    skipped = batch.skipped or {}
    lines = []
    for campaign, count in (skipped.get("campaigns") or {}).items():
        lines.append(
            ngettext(
                "Skipped: %(count)d row of the campaign “%(campaign)s”, not this pool's.",
                "Skipped: %(count)d rows of the campaign “%(campaign)s”, not this pool's.",
                count,
            )
            % {"count": count, "campaign": campaign}
        )
    for keyword, count in (skipped.get("keywords") or {}).items():
        lines.append(
            ngettext(
                "Skipped: %(count)d row of “%(keyword)s”, which is not a keyword of this pool.",
                "Skipped: %(count)d rows of “%(keyword)s”, which is not a keyword of this pool.",
                count,
            )
            % {"count": count, "keyword": keyword}
        )
    return lines
