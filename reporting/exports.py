"""CSV and XLSX of a report view: the same rows and metrics as the screen (registry names)."""

import csv
import io

from openpyxl import Workbook

from reporting import metrics
from reporting.reports import Report, level_label


def _table(report: Report) -> tuple[list[str], list[list]]:
    header = [str(level_label(report.child_level)), *[_header(m, report.currency) for m in report.columns]]
    body = []
    for row in report.rows:
        body.append([str(row.label), *[metrics.rounded(m, row.values.get(m.key)) for m in report.columns]])
    total = [str(_total_label()), *[metrics.rounded(m, metrics.compute(m.key, report.totals)) for m in report.columns]]
    return header, [*body, total]


def _header(metric, currency: str) -> str:
    """A column's name with its unit: "Cost (CAD)", "CTR (%)"."""
    unit = metrics.unit_label(metric, currency)
    return f"{metric.label} ({unit})" if unit else str(metric.label)


def _total_label():
    from django.utils.translation import gettext as _

    return _("Total")


def to_csv(report: Report) -> bytes:
    header, rows = _table(report)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["n/a" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(report: Report) -> bytes:
    header, rows = _table(report)
    book = Workbook()
    sheet = book.active
    sheet.title = str(level_label(report.level))[:30]
    sheet.append([f"{report.node.label()} · {report.period.start} – {report.period.end}"])
    sheet.append(header)
    for row in rows:
        # Decimal cells stay exact numbers in the workbook; "n/a" where undefined.
        sheet.append(["n/a" if value is None else value for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
