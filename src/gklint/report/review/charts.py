"""The review's charts: horizontal bar charts drawn as inline SVG.

Why SVG drawn here rather than a charting library: the review must open offline from one
file, so a library's script would have to be embedded (Chart.js or ECharts: 200 KB–1 MB of
minified code per page, its licence notice, and a canvas that shows nothing until the script
has run); the charts a reviewer needs are bars — counts by family, by rule, by report, key
figures and a mix of outcomes — which a few SVG rectangles draw exactly, readable without
JavaScript, printable, and scaled by the browser. Every label is escaped (a report's agency
name is untrusted text); each bar carries a ``<title>`` (its exact value on hover) and may
link to a place of the page.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 70
BAR_HEIGHT = 16
GAP = 6
LABEL_UNITS = 34  # what fits in LABEL_WIDTH at the chart's font size: a CJK character counts 2, others 1


def _units(text: str) -> int:
    return sum(1 if character.isascii() else 2 for character in text)


def short_label(label: str) -> str:
    """``label`` cut with "…" to what fits before the bars."""
    if _units(label) <= LABEL_UNITS:
        return label
    used, kept = 0, []
    for character in label:
        used += _units(character)
        if used > LABEL_UNITS - 1:
            break
        kept.append(character)
    return "".join(kept) + "…"


class Bar:
    """One bar: a label, its values (one per series), and where clicking it leads."""

    __slots__ = ("label", "values", "href")

    def __init__(self, label: str, values: Sequence[int], href: str | None = None) -> None:
        self.label, self.values, self.href = label, tuple(values), href


def bar_chart(bars: Sequence[Bar], series: Sequence[tuple[str, str]], title: str, total_label: str = "") -> Markup:
    """Horizontal bars, one per ``bars`` item, each stacked from its values in the order of
    ``series`` ((name, CSS class) pairs; one series gives plain bars). The longest bar spans
    the chart; the total stands at its end. An empty list draws the title and nothing else."""
    legend: list[tuple[float, int, str, str]] = []  # x, line, name, CSS class
    if len(series) > 1:
        x, line = 0.0, 0
        for name, css_class in series:
            width = 24 + 7 * _units(name)
            if x and x + width > WIDTH:
                x, line = 0.0, line + 1
            legend.append((x, line, name, css_class))
            x += width
    top = 22 + (18 * (legend[-1][1] + 1) if legend else 0)
    height = top + len(bars) * (BAR_HEIGHT + GAP) + 4
    largest = max((sum(bar.values) for bar in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f'<text class="ct" x="0" y="14">{escape(title)}</text>']
    for x, line, name, css_class in legend:
        y = 24 + 18 * line
        parts.append(f'<rect class="{css_class}" x="{x:.0f}" y="{y}" width="10" height="10"/>'
                     f'<text class="cl" x="{x + 14:.0f}" y="{y + 9}">{escape(name)}</text>')
    for row, bar in enumerate(bars):
        y = top + row * (BAR_HEIGHT + GAP)
        label = short_label(bar.label)
        item = [f'<g><title>{escape(bar.label)}: {sum(bar.values)}'
                + "".join(f"\n{escape(name)}: {value}" for (name, _), value in zip(series, bar.values) if len(series) > 1)
                + "</title>",
                f'<text class="cl" x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 4}" text-anchor="end">{escape(label)}</text>']
        x = float(LABEL_WIDTH)
        for (_, css_class), value in zip(series, bar.values):
            width = span * value / largest
            if width > 0:
                item.append(f'<rect class="{css_class}" x="{x:.1f}" y="{y}" width="{max(width, 1):.1f}" height="{BAR_HEIGHT}"/>')
            x += width
        item.append(f'<text class="cv" x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 4}">{sum(bar.values)}{escape(total_label)}</text></g>')
        group = "".join(item)
        if bar.href:
            group = f'<a href="{escape(bar.href)}">{group}</a>'
        parts.append(group)
    parts.append("</svg>")
    return Markup("".join(parts))
