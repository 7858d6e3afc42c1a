"""Reading the keyword reports of Google Ads and Microsoft Advertising, in every layout they export.

Layouts read (fixtures written by hand in tests/fixtures/reports/):

- Google Ads UI "CSV": UTF-8, comma-separated, a title line ("Keyword report" / "Rapport sur les
  mots clés") and a date-range line above the header, `Total: …` / `Total : …` rows at the end;
  headers in English or French.
- Google Ads UI "Excel CSV": the same in UTF-16 (with its byte order mark), tab-separated.
- Microsoft Advertising reports (UI download and Reporting API): a quoted preamble ("Report Name:",
  "Report Time:", "Rows: N"...), the header, a `Total` row, and a copyright footer.
- Any of those with a semicolon delimiter (spreadsheets saved in a French locale), a decimal comma,
  and no-break space (U+00A0), narrow no-break space (U+202F), space or dot thousands.

Everything that depends on the locale is decided ONCE per file, never cell by cell by trial: the
delimiter (the one under which a header row is found), the number format (what every number cell
of the file allows, then the header's language), the date order (what every date of the file
allows, then the header's language and the source). A file that leaves a day open to two readings,
or a value that fits no format, is refused with the row and the column; nothing is imported.

Total rows are recognised by their position (the block after the last row of data) and their label
(`Total`, `Total: Account`, `Total : compte`…, with no day), never by a keyword's first word: the
keyword "total protection" is data.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.keywords import normalise_keyword

MAX_ROWS = 200_000
MAX_COST = Decimal("10000000")
MAX_COUNT = 2_000_000_000
HEADER_SEARCH = 40
DELIMITERS = (",", "\t", ";")


def _fold(name: str) -> str:
    """A header name compared without case, accents, quotes or spacing."""
    text = unicodedata.normalize("NFKD", (name or "").strip().strip('"').casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("-", " ").split())


# column -> {folded header name: (language, platform)}; language "" = both, platform "" = both.
_ALIASES = {
    "day": {
        "day": ("en", "google"),
        "jour": ("fr", "google"),
        "date": ("en", ""),
        "timeperiod": ("en", "microsoft"),
        "time period": ("en", "microsoft"),
        "gregorian date": ("en", "microsoft"),
        "date gregorienne": ("fr", "microsoft"),
        "periode": ("fr", "microsoft"),
    },
    "keyword": {
        "keyword": ("en", ""),
        "search keyword": ("en", "google"),
        "mot cle": ("fr", ""),
        "mot cle du reseau de recherche": ("fr", "google"),
        "mots cles": ("fr", ""),
    },
    "match_type": {
        "match type": ("en", ""),
        "search keyword match type": ("en", "google"),
        "keyword match type": ("en", ""),
        "bidmatchtype": ("en", "microsoft"),
        "deliveredmatchtype": ("en", "microsoft"),
        "bid match type": ("en", "microsoft"),
        "delivered match type": ("en", "microsoft"),
        "type de correspondance": ("fr", ""),
        "type de correspondance du mot cle": ("fr", ""),
    },
    "campaign": {
        "campaign": ("en", ""),
        "campaign name": ("en", "microsoft"),
        "campaignname": ("en", "microsoft"),
        "campagne": ("fr", ""),
        "nom de la campagne": ("fr", "microsoft"),
    },
    "impressions": {
        "impr.": ("", "google"),
        "impr": ("", "google"),
        "impressions": ("", ""),
    },
    "clicks": {
        "clicks": ("en", ""),
        "clics": ("fr", ""),
    },
    "cost": {
        "cost": ("en", "google"),
        "cout": ("fr", "google"),
        "spend": ("en", "microsoft"),
        "depense": ("fr", "microsoft"),
        "depenses": ("fr", "microsoft"),
    },
    "currency": {
        "currency code": ("en", ""),
        "currencycode": ("en", "microsoft"),
        "currency": ("en", ""),
        "code de devise": ("fr", ""),
        "code de la devise": ("fr", ""),
        "devise": ("fr", ""),
    },
}
REQUIRED = ("day", "keyword", "impressions", "clicks", "cost")
NUMBERS = ("impressions", "clicks", "cost")

# A total row's label: "Total", "Totals", "Totaux", or "Total: Account" / "Total : compte".
TOTAL_LABEL = re.compile(r"^(total|totals|totaux)\s*(:.*)?$", re.IGNORECASE)
FOOTER = re.compile(r"©|\(c\)\s*\d{4}|all rights reserved|tous droits r[ée]serv[ée]s", re.IGNORECASE)

# Number formats: "point" = 1,234.56 (English), "comma" = 1 234,56 / 1.234,56 (French and others).
_POINT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_COMMA = re.compile(r"(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,\d+)?")

MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # French (accents folded)
    "janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "mars": 3, "avr": 4, "avril": 4, "mai": 5,
    "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "dec.": 12, "decembre": 12,
}  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_MONTH_FIRST = re.compile(r"(?:[a-z]+,\s*)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")  # Oct 5, 2026
_DAY_FIRST = re.compile(r"(?:[a-z]+\.?\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})")  # 5 oct. 2026


class LayoutError(Exception):
    """The file cannot be read as a keyword report; nothing is imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
    campaign: str = ""


@dataclass
class ParsedReport:
    rows: list[ReportRow]
    errors: list[str]
    layout: dict = field(default_factory=dict)  # what was decided for the file
    totals: int = 0  # total rows recognised (and not imported)


def decode_report(raw: bytes) -> str:
    """The report's text: UTF-8 (with or without BOM), UTF-16 with its BOM (Google's "Excel"
    CSV) or without (recognised by its zero bytes), else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    head = raw[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return raw.decode("utf-16-le", errors="strict")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        return raw.decode("utf-16-be", errors="strict")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _where(line: int, column: str) -> str:
    return _("row %(row)d, column “%(column)s”") % {"row": line, "column": column}


@dataclass
class _Header:
    index: int
    columns: dict[str, int]
    names: list[str]
    language: str
    platform: str


def _find_header(lines: list[list[str]]) -> _Header | None:
    best = None
    for index, cells in enumerate(lines[:HEADER_SEARCH]):
        names = [_fold(cell) for cell in cells]
        columns, languages, platforms = {}, [], []
        for column, aliases in _ALIASES.items():
            for position, name in enumerate(names):
                if name in aliases:
                    columns[column] = position
                    language, platform = aliases[name]
                    languages.append(language)
                    platforms.append(platform)
                    break
        if {"day", "impressions", "clicks", "cost"} <= set(columns) or set(REQUIRED) <= set(columns):
            french, english = languages.count("fr"), languages.count("en")
            language = "fr" if french > english else "en" if english else ""
            google, microsoft = platforms.count("google"), platforms.count("microsoft")
            platform = "google" if google > microsoft else "microsoft" if microsoft > google else ""
            header = _Header(index, columns, [cell.strip() for cell in cells], language, platform)
            if best is None or len(columns) > len(best.columns):
                best = header
            if set(REQUIRED) <= set(columns):
                return header
    return best


def _split(text: str) -> tuple[str, list[list[str]], _Header]:
    """Decide the delimiter once: the one under which a header row is found."""
    found = []
    for delimiter in DELIMITERS:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        header = _find_header(lines)
        if header is not None:
            found.append((len(header.columns), delimiter, lines, header))
    if not found:
        raise LayoutError(
            _(
                "No header row was found: a keyword report needs the columns Day, Keyword, Impressions, "
                "Clicks and Cost (in French: Jour, Mot clé, Impr., Clics, Coût; Microsoft Advertising: "
                "TimePeriod or Gregorian date, Keyword, Impressions, Clicks, Spend)."
            )
        )
    found.sort(key=lambda item: -item[0])
    _count, delimiter, lines, header = found[0]
    if "keyword" not in header.columns:
        raise LayoutError(
            _(
                "This is a campaign-level report (it has no Keyword column). Costs are charged per "
                "keyword to the franchises whose clicks it bought: download a keyword report instead "
                "(Google Ads: Keywords > Search keywords; Microsoft Advertising: Keyword report)."
            )
        )
    return delimiter, lines, header


def _first_cell(cells: list[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")


def _is_footer(cells: list[str]) -> bool:
    return bool(FOOTER.search(_first_cell(cells)))


def _is_total(cells: list[str], header: _Header) -> bool:
    """A total row: labelled as one in its first filled cell, and no day."""
    if not TOTAL_LABEL.match(_first_cell(cells)):
        return False
    position = header.columns["day"]
    day = cells[position].strip() if position < len(cells) else ""
    return not any(ch.isdigit() for ch in day)


def _number_readings(text: str) -> dict[str, Decimal]:
    """Every format the text fits, with its value in that format."""
    text = text.strip()
    readings = {}
    if _POINT.fullmatch(text):
        readings["point"] = Decimal(text.replace(",", ""))
    if _COMMA.fullmatch(text):
        readings["comma"] = Decimal(re.sub(r"[ \u00a0\u202f.]", "", text).replace(",", "."))
    return readings


def _date_reading(text: str):
    """("fixed", date) for ISO and month-name dates, ("numeric", (a, b, year)) for 05/10/2026,
    None when the text is no date at all."""
    folded = unicodedata.normalize("NFKD", (text or "").strip().casefold())
    folded = " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())
    match = _ISO.fullmatch(folded)
    if match:
        return "fixed", (int(match[1]), int(match[2]), int(match[3]))
    match = _NUMERIC.fullmatch(folded)
    if match:
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        return "numeric", (int(match[1]), int(match[2]), year)
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        match = pattern.fullmatch(folded)
        if match and match[month_group].rstrip(".") in MONTHS:
            return "fixed", (int(match[3]), MONTHS[match[month_group].rstrip(".")], int(match[day_group]))
    return None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shown(day: date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else "?"


def parse_report(content: str, *, source: str = "") -> ParsedReport:
    """Read a keyword report; `errors` lists every problem (row and column), `rows` is only to be
    used when there are none. A file that cannot be read at all gives one error."""
    try:
        return _parse(content, source)
    except LayoutError as error:
        return ParsedReport([], [error.message])


def _parse(content: str, source: str) -> ParsedReport:
    if "\x00" in content:
        raise LayoutError(_("The file contains binary data: it is not a CSV report."))
    content = content.lstrip("\ufeff")
    delimiter, lines, header = _split(content)
    if source and header.platform and header.platform != source:
        names = {"google": "Google Ads", "microsoft": "Microsoft Advertising"}
        raise LayoutError(
            _("This looks like a %(found)s report, but %(chosen)s was chosen as the ad platform.")
            % {"found": names[header.platform], "chosen": names.get(source, source)}
        )
    column_name = {column: header.names[position] for column, position in header.columns.items()}

    # Which rows are data: everything between the header and the trailing block of totals,
    # blank lines and the footer.
    body = list(enumerate(lines[header.index + 1 :], start=header.index + 2))
    end = len(body)
    totals = 0
    while end > 0:
        cells = body[end - 1][1]
        if not any(cell.strip() for cell in cells) or _is_footer(cells):
            end -= 1
        elif _is_total(cells, header):
            totals += 1
            end -= 1
        else:
            break
    data = [(line, cells) for line, cells in body[:end] if any(cell.strip() for cell in cells)]
    if len(data) > MAX_ROWS:
        raise LayoutError(_("The report has too many rows (at most %(max)d).") % {"max": MAX_ROWS})

    def cell(cells, column):
        position = header.columns.get(column)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    errors: list[tuple[int, str]] = []

    def add(line: int, message: str) -> None:
        errors.append((line, message))

    # 1. The number format, once for the file.
    allowed = {"point", "comma"}
    first_evidence = None
    for line, cells in data:
        for column in NUMBERS:
            text = cell(cells, column)
            readings = _number_readings(text)
            if not readings:
                add(
                    line,
                    _("%(where)s: “%(value)s” is not a number")
                    % {"where": _where(line, column_name[column]), "value": text[:30]},
                )
                continue
            narrowed = allowed & set(readings)
            if not narrowed:
                add(
                    line,
                    _(
                        "%(where)s: “%(value)s” is written with another number format than %(other)s "
                        "(“%(other_value)s”); a report uses one format throughout"
                    )
                    % {
                        "where": _where(line, column_name[column]),
                        "value": text[:30],
                        "other": _where(first_evidence[0], first_evidence[1]),
                        "other_value": first_evidence[2][:30],
                    },
                )
                continue
            if narrowed != allowed and first_evidence is None:
                first_evidence = (line, column_name[column], text)
            allowed = narrowed
    # When every number fits both formats, the header's language decides.
    number_format = next(iter(allowed)) if len(allowed) == 1 else "comma" if header.language == "fr" else "point"

    # 2. The date order, once for the file.
    readings = {}
    day_first_at = month_first_at = None
    for line, cells in data:
        text = cell(cells, "day")
        reading = _date_reading(text)
        if reading is None:
            add(
                line,
                _("%(where)s: “%(value)s” is not a date")
                % {"where": _where(line, column_name["day"]), "value": text[:30]},
            )
            continue
        readings[line] = reading
        if reading[0] == "numeric":
            a, b, _year = reading[1]
            if a > 12 and day_first_at is None:
                day_first_at = (line, text)
            if b > 12 and month_first_at is None:
                month_first_at = (line, text)
    order = ""
    if day_first_at and month_first_at:
        add(
            day_first_at[0],
            _("%(where)s: “%(value)s” puts the day first but %(other)s (“%(other_value)s”) puts the month first")
            % {
                "where": _where(day_first_at[0], column_name["day"]),
                "value": day_first_at[1],
                "other": _where(month_first_at[0], column_name["day"]),
                "other_value": month_first_at[1],
            },
        )
    elif day_first_at:
        order = "dmy"
    elif month_first_at:
        order = "mdy"
    elif header.language == "fr":
        order = "dmy"  # French exports always write the day first
    elif header.platform == "microsoft" or (source == "microsoft" and not header.platform):
        order = "mdy"  # Microsoft Advertising's reports write US dates (M/D/YYYY)

    # 3. The rows, read with what was decided.
    rows: list[ReportRow] = []
    for line, cells in data:
        row_errors = []
        reading = readings.get(line)
        day = None
        if reading is not None:
            kind, (x, y, z) = reading
            if kind == "fixed":
                day = _make_date(x, y, z)
            elif x == y:
                day = _make_date(z, x, y)
            elif order == "dmy":
                day = _make_date(z, y, x)
            elif order == "mdy":
                day = _make_date(z, x, y)
            elif not (day_first_at and month_first_at):
                row_errors.append(
                    _(
                        "%(where)s: “%(value)s” could be %(first)s or %(second)s, and no date of the file "
                        "tells which; export the report with ISO dates (YYYY-MM-DD) or with month names"
                    )
                    % {
                        "where": _where(line, column_name["day"]),
                        "value": cell(cells, "day"),
                        "first": _shown(_make_date(z, y, x)),
                        "second": _shown(_make_date(z, x, y)),
                    }
                )
            if day is None and not row_errors and (kind == "fixed" or order):
                row_errors.append(
                    _("%(where)s: “%(value)s” is not a date")
                    % {"where": _where(line, column_name["day"]), "value": cell(cells, "day")[:30]}
                )
        keyword = normalise_keyword(cell(cells, "keyword"))
        if not keyword:
            row_errors.append(_("%(where)s: no keyword") % {"where": _where(line, column_name["keyword"])})
        values = {}
        for column in NUMBERS:
            value = _number_readings(cell(cells, column)).get(number_format)
            if value is None:
                continue  # already reported above
            if column == "cost":
                if value != value.quantize(Decimal("0.01")) or value > MAX_COST:
                    row_errors.append(
                        _("%(where)s: “%(value)s” is not an amount to the cent")
                        % {"where": _where(line, column_name[column]), "value": cell(cells, column)[:30]}
                    )
                    continue
            elif value != value.to_integral_value() or value > MAX_COUNT:
                row_errors.append(
                    _("%(where)s: “%(value)s” is not a whole number")
                    % {"where": _where(line, column_name[column]), "value": cell(cells, column)[:30]}
                )
                continue
            values[column] = value
        errors.extend((line, message) for message in row_errors)
        if row_errors or day is None or len(values) < len(NUMBERS):
            continue
        rows.append(
            ReportRow(
                line=line,
                day=day,
                keyword=keyword,
                match_type=cell(cells, "match_type")[:16],
                impressions=int(values["impressions"]),
                clicks=int(values["clicks"]),
                cost=values["cost"].quantize(Decimal("0.01")),
                currency=cell(cells, "currency").upper()[:3],
                campaign=cell(cells, "campaign")[:200],
            )
        )
    layout = {
        "platform": header.platform or source,
        "language": header.language or "en",
        "delimiter": {",": "comma", "\t": "tab", ";": "semicolon"}[delimiter],
        "number_format": number_format,
        "date_order": order or "iso",
    }
    return ParsedReport(rows, [message for _line, message in sorted(errors, key=lambda item: item[0])], layout, totals)


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
