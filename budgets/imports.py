"""Importing daily keyword costs from the ad platforms' CSV reports: all rows or none.

Re-importing a day of a platform replaces that day; each imported day is then charged, once the
platform's click records of that day have been read (budgets/reconciliation.py).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from budgets import permissions, validation
from budgets.adplatform.reports import parse_report
from budgets.models import ImportBatch, Keyword, KeywordDailyCost, Pool
from franchise_platform.errors import DomainError

SOURCES = ("google", "microsoft")


class ImportRejected(DomainError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "; ".join(errors[:20]) + (f" (+{len(errors) - 20})" if len(errors) > 20 else "")
        super().__init__(_("Nothing was imported: %(errors)s") % {"errors": shown}, code="import_rejected")


@transaction.atomic
def import_costs(*, actor, pool: Pool, source: str, content: str, filename: str = "") -> ImportBatch:
    if actor is not None:
        permissions.check_manage_pool(actor, pool)
    if source not in SOURCES:
        raise DomainError(_("Unknown ad platform."), code="bad_source")
    report = parse_report(content)
    errors = list(report.errors)
    keywords = dict(Keyword.objects.filter(pool=pool).values_list("text", "pk"))
    totals: dict[tuple[date, int], list] = defaultdict(lambda: [0, 0, Decimal("0.00")])
    for row in report.rows:
        if row.currency and row.currency != pool.currency:
            errors.append(
                _("line %(line)d: currency %(currency)s, the pool is in %(pool)s")
                % {"line": row.line, "currency": row.currency, "pool": pool.currency}
            )
            continue
        keyword_id = keywords.get(row.keyword)
        if keyword_id is None:
            errors.append(
                _("line %(line)d: “%(keyword)s” is not a keyword of this pool")
                % {"line": row.line, "keyword": row.keyword[:60]}
            )
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
            errors.append(_("line %(line)d: %(problem)s") % {"line": row.line, "problem": problem})
    if errors:
        raise ImportRejected(errors)
    if not totals:
        raise ImportRejected([_("the report has no rows")])
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
        rows=len(report.rows),
        total_cost=sum((cost for _i, _c, cost in totals.values()), Decimal("0.00")),
        imported_by=actor if actor is not None and actor.is_authenticated else None,
    )
    from budgets.tasks import charge_day

    for day in days:
        transaction.on_commit(lambda day=day: charge_day.delay(pool.pk, day.isoformat()))
    return batch
