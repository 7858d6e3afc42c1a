"""Charts drawn as SVG on the server: no JavaScript, no CDN, readable on a phone and a wall.

Coordinates are computed with Decimal and written with two decimals.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

W, H, PAD = Decimal(600), Decimal(200), Decimal(30)


def _num(value) -> Decimal:
    return Decimal(value or 0)


def _plain(value: Decimal) -> str:
    """A figure as people write it: no exponent, no useless decimals."""
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def trend(series: list[tuple[str, Decimal | None]], title: str) -> str:
    """A line of one measure per day."""
    values = [_num(v) for _day, v in series]
    if not values:
        return ""
    top = max(values) or Decimal(1)
    step = (W - 2 * PAD) / max(len(values) - 1, 1)
    points = " ".join(
        f"{_fmt(PAD + step * i)},{_fmt(H - PAD - (v / top) * (H - 2 * PAD))}" for i, v in enumerate(values)
    )
    first, last = escape(series[0][0]), escape(series[-1][0])
    return mark_safe(  # noqa: S308 - every text part is escaped above
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" data-chart="trend">'
        f"<title>{escape(title)}</title>"
        f'<polyline fill="none" stroke="#0b5cad" stroke-width="2.5" points="{points}"/>'
        f'<text x="{PAD}" y="{H - 8}" font-size="11">{first}</text>'
        f'<text x="{W - PAD}" y="{H - 8}" font-size="11" text-anchor="end">{last}</text>'
        f'<text x="{PAD}" y="16" font-size="11">max {escape(str(top))}</text></svg>'
    )


def bars(items: list[tuple[str, Decimal | None]], title: str, limit: int = 12) -> str:
    """Horizontal bars, largest first (regions, franchises, stores, keywords)."""
    items = sorted(((label, _num(v)) for label, v in items), key=lambda item: item[1], reverse=True)[:limit]
    if not items:
        return ""
    top = max(v for _label, v in items) or Decimal(1)
    row = Decimal(22)
    height = row * len(items) + 10
    parts = []
    for i, (label, value) in enumerate(items):
        y = row * i + 5
        width = (value / top) * (W - 260)
        parts.append(
            f'<text x="0" y="{_fmt(y + 15)}" font-size="12">{escape(str(label)[:32])}</text>'
            f'<rect x="220" y="{_fmt(y + 3)}" width="{_fmt(width)}" height="16" fill="#0b5cad" rx="2"/>'
            f'<text x="{_fmt(225 + width)}" y="{_fmt(y + 15)}" font-size="12">{escape(_plain(value))}</text>'
        )
    return mark_safe(  # noqa: S308 - every text part is escaped
        f'<svg class="chart" viewBox="0 0 {W} {_fmt(height)}" role="img" aria-label="{escape(title)}" '
        f'data-chart="bars"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )


def funnel(steps: list[tuple[str, Decimal | None]], title: str) -> str:
    """Impressions > clicks > leads > customers, each bar as wide as its share of the first."""
    values = [_num(v) for _label, v in steps]
    top = max(values) if values and max(values) else Decimal(1)
    row = Decimal(34)
    parts = []
    for i, ((label, value), number) in enumerate(zip(steps, values, strict=True)):
        width = max((number / top) * W, Decimal(2))
        x = (W - width) / 2
        y = row * i
        shown = "n/a" if value is None else _plain(number)
        parts.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(width)}" height="28" fill="#1c7c3c" '
            f'opacity="{Decimal("0.9") - Decimal("0.15") * i}"/>'
            f'<text x="{W / 2}" y="{_fmt(y + 19)}" font-size="13" text-anchor="middle" fill="#1d2733">'
            f"{escape(label)} · {escape(shown)}</text>"
        )
    return mark_safe(  # noqa: S308 - every text part is escaped
        f'<svg class="chart" viewBox="0 0 {W} {row * len(steps)}" role="img" aria-label="{escape(title)}" '
        f'data-chart="funnel"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
