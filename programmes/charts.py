"""Charts of indicators drawn on the server as SVG: no JavaScript, no request elsewhere.

Each chart has a title and a description (the SVG's own <title> and <desc>, named by
aria-labelledby) and the rows it is drawn from, which the template also shows as a table. Bars
of one chart share one unit: a chart never puts two currencies, or money and people, on one
axis. Labels sit above their bars, so the chart stays readable when a phone scales it down.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from hub.i18n import current_language
from hub.typography import typeset

WIDTH = 400
BAR = 18
LINE = 18
LABEL = 15
# Characters of a label's line at 15 px in a 400-unit-wide chart.
LINE_CHARS = 46


def wrap(text, width=LINE_CHARS, lines=3):
    """The words of ``text`` in lines of at most ``width`` characters (the last one cut with an
    ellipsis if there are more): SVG text does not wrap by itself."""
    found, current = [], ""
    # Split at plain spaces only: a no-break space ("4 550", "96 %") holds a figure together.
    for word in text.split(" "):
        if not word:
            continue
        if current and len(current) + 1 + len(word) > width:
            found.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        found.append(current)
    if len(found) > lines:
        found = found[:lines]
        found[-1] = found[-1][: width - 1].rstrip() + "…"
    return found


@dataclass
class Row:
    label: str
    value: float
    display: str
    note: str = ""
    href: str = ""
    target: float | None = None
    target_display: str = ""


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    rows: list = field(default_factory=list)
    # Column headings of the table beside the chart.
    value_heading: str = ""
    percent_axis: bool = False

    @property
    def has_targets(self):
        return any(row.target is not None for row in self.rows)

    @property
    def svg(self):
        return draw(self)


def draw(chart):
    """The chart as an inline <svg> element (safe markup)."""
    scale_max = max([r.value for r in chart.rows] + [r.target or 0 for r in chart.rows] + [0])
    if chart.percent_axis:
        scale_max = max(scale_max, 100)
    scale_max = scale_max or 1
    usable = WIDTH - 8
    parts = []
    top = 0
    for row in chart.rows:
        lines = wrap(typeset(f"{row.label}: {row.display}", current_language()))
        spans = format_html_join(
            "",
            '<tspan x="0" dy="{}">{}</tspan>',
            ((LINE if i else LABEL, line) for i, line in enumerate(lines)),
        )
        text_top = top
        top += LABEL + LINE * (len(lines) - 1) + 6
        length = max(2.0, usable * row.value / scale_max) if row.value else 0
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart__label">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" class="chart__bar"></rect>',
                text_top,
                spans,
                top,
                f"{length:.1f}",
                BAR,
            )
        )
        if row.target is not None:
            x = usable * row.target / scale_max
            parts.append(
                format_html(
                    '<line x1="{x}" x2="{x}" y1="{}" y2="{}" class="chart__target"></line>',
                    top - 3,
                    top + BAR + 3,
                    x=f"{x:.1f}",
                )
            )
        top += BAR + 16
    height = top
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'focusable="false"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart.slug,
        chart.slug,
        chart.slug,
        chart.title,
        chart.slug,
        chart.description,
        mark_safe("".join(parts)),  # noqa: S308 - every part is built by format_html above
    )
