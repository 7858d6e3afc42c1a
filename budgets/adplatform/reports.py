"""Reading the standard CSV keyword reports of Google Ads and Microsoft Advertising.

Both exports open with a few title lines and close with totals or a copyright line; we find the
header row by its column names, read every row, and report errors by line number.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

COLUMNS = {
    "day": ("day", "date", "timeperiod", "gregorian date", "jour"),
    "keyword": ("keyword", "search keyword", "mot clé", "mot-clé"),
    "match_type": ("match type", "bidmatchtype", "keyword match type", "deliveredmatchtype", "type de correspondance"),
    "impressions": ("impr.", "impressions", "impr"),
    "clicks": ("clicks", "clics"),
    "cost": ("cost", "spend", "coût", "cout"),
    "currency": ("currency code", "currencycode", "currency", "code de devise"),
}
REQUIRED = ("day", "keyword", "impressions", "clicks", "cost")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%b %d, %Y", "%d/%m/%Y")
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ReportRow:
    line: int
    day: date
    keyword: str
    match_type: str
    impressions: int
    clicks: int
    cost: Decimal
    currency: str


@dataclass
class ParsedReport:
    rows: list[ReportRow]
    errors: list[str]


def _key(name: str) -> str:
    return (name or "").strip().strip('"').lower()


def _find_header(lines: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(lines[:30]):
        names = [_key(cell) for cell in cells]
        mapping = {}
        for field, aliases in COLUMNS.items():
            for position, name in enumerate(names):
                if name in aliases:
                    mapping[field] = position
                    break
        if all(field in mapping for field in REQUIRED):
            return index, mapping
    return None


def clean_keyword(text: str) -> str:
    """`[assurance auto]`, `"assurance auto"` and `+assurance +auto` all mean the same words."""
    text = re.sub(r'[\[\]"+]', " ", text or "")
    return " ".join(text.lower().split())[:200]


def _number(text: str) -> str:
    return (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", "")


def _parse_day(text: str) -> date | None:
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_report(content: str) -> ParsedReport:
    if "\x00" in content:
        return ParsedReport([], [_("line 1: the file contains binary data")])
    lines = list(csv.reader(io.StringIO(content)))
    found = _find_header(lines)
    if found is None:
        return ParsedReport([], [_("no header row with day, keyword, impressions, clicks and cost columns")])
    header_index, columns = found
    rows, errors = [], []
    for index in range(header_index + 1, len(lines)):
        line = index + 1
        cells = lines[index]
        if not cells or not any(cell.strip() for cell in cells):
            continue
        first = cells[0].strip().lower()
        if first.startswith(("total", "©", "(c)")) or "all rights reserved" in first:
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("line %(line)d: too many rows (at most %(max)d)") % {"line": line, "max": MAX_ROWS})
            break

        def cell(field, cells=cells):
            position = columns.get(field)
            return cells[position] if position is not None and position < len(cells) else ""

        row_errors = []
        day = _parse_day(cell("day"))
        if day is None:
            row_errors.append(
                _("line %(line)d: unreadable day “%(value)s”") % {"line": line, "value": cell("day")[:20]}
            )
        keyword = clean_keyword(cell("keyword"))
        if not keyword:
            row_errors.append(_("line %(line)d: no keyword") % {"line": line})
        numbers = {}
        for field in ("impressions", "clicks"):
            text = _number(cell(field))
            if not (text.isascii() and text.isdigit()):
                row_errors.append(
                    _("line %(line)d: %(column)s must be a whole number, not “%(value)s”")
                    % {"line": line, "column": field, "value": cell(field)[:20]}
                )
            else:
                numbers[field] = int(text)
        try:
            cost = Decimal(_number(cell("cost")) or "x")
            if not cost.is_finite() or cost < 0 or cost != cost.quantize(Decimal("0.01")) or cost > 10_000_000:
                raise InvalidOperation
        except InvalidOperation:
            row_errors.append(
                _("line %(line)d: cost must be an amount such as 12.34, not “%(value)s”")
                % {"line": line, "value": cell("cost")[:20]}
            )
            cost = None
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(
            ReportRow(
                line=line,
                day=day,
                keyword=keyword,
                match_type=cell("match_type").strip()[:16],
                impressions=numbers["impressions"],
                clicks=numbers["clicks"],
                cost=cost,
                currency=cell("currency").strip().upper()[:3],
            )
        )
    return ParsedReport(rows, errors)


def google_csv(day: date, rows: list[dict], currency: str) -> str:
    """A keyword report as Google Ads exports it (used by the simulator)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Keyword report"])
    writer.writerow([f"{day:%B} {day.day}, {day.year} - {day:%B} {day.day}, {day.year}"])
    writer.writerow(["Keyword status", "Keyword", "Match type", "Day", "Currency code", "Impr.", "Clicks", "Cost"])
    for row in rows:
        writer.writerow(
            [
                "Enabled",
                row["keyword"],
                "Exact match",
                day.isoformat(),
                currency,
                row["impressions"],
                row["clicks"],
                f"{row['cost']:,.2f}",
            ]
        )
    writer.writerow(
        [
            "Total: Account",
            "",
            "",
            "",
            "",
            sum(r["impressions"] for r in rows),
            sum(r["clicks"] for r in rows),
            f"{sum((r['cost'] for r in rows), Decimal(0)):,.2f}",
        ]
    )
    return out.getvalue()


def microsoft_csv(day: date, rows: list[dict], currency: str) -> str:
    """A keyword performance report as Microsoft Advertising exports it."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(["Report Name: Keyword Performance Report"])
    writer.writerow([f"Report Time: {day:%m/%d/%Y}"])
    writer.writerow([])
    writer.writerow(["TimePeriod", "Keyword", "BidMatchType", "CurrencyCode", "Impressions", "Clicks", "Spend"])
    for row in rows:
        writer.writerow(
            [
                f"{day.month}/{day.day}/{day.year}",
                row["keyword"],
                "Exact",
                currency,
                row["impressions"],
                row["clicks"],
                f"{row['cost']:.2f}",
            ]
        )
    writer.writerow(["©2026 Microsoft Corporation. All rights reserved."])
    return out.getvalue()
