"""Charts drawn on the server as plain data for the report, and the one palette.

Writers pass these to their templates; nothing is left to compute in a template, and the
workbook and the report take their colours from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cleanup.model import History
from cleanup.terms import RECOMMENDATIONS, TAG_INFO, TAGS

#: Chart colours, the tags' from their registry. Dark enough for 3:1 against white (the
#: contrast asked of chart marks), and chosen so that any two stay far apart (CIEDE2000 above
#: 20) for normal colour vision and as protanopia, deuteranopia and tritanopia see them
#: (tests/test_palette.py simulates them): blue, purple, dark red, orange and grey differ in
#: lightness as well as hue, where the usual green, red and orange merge for one reader in
#: twelve. The report never tells tags apart by colour alone: every bar and badge is
#: labelled, and each tag also has its own fill pattern in the stacked chart.
TAG_COLORS = {t.name: t.color for t in TAG_INFO}
REC_COLORS = {"keep": "#4499bb", "remove": "#991111", "review": "#cc7733"}
#: Cell fills of the workbook, light versions of the same hues (the cell's text names the tag).
TAG_FILLS = {t.name: t.fill for t in TAG_INFO}
#: Each tag's pattern (CSS declarations) in the report's stacked chart and legend.
TAG_PATTERNS = {t.name: t.pattern for t in TAG_INFO}


# ---------------------------------------------------------------------------- charts
# The report draws these bar charts in HTML (its text keeps a readable size on a phone); the
# widths are percentages, computed here so that the templates only lay them out.

@dataclass(frozen=True)
class HBar:
    """One bar of a horizontal bar chart."""

    key: str
    label: str
    value: int
    share: str  # of all, "12.5 %"
    width: float  # % of the longest bar


@dataclass(frozen=True)
class HBarChart:
    """A horizontal bar chart: one labelled bar per category, value written after it."""

    id: str
    title: str
    bars: list[HBar]


@dataclass(frozen=True)
class Segment:
    """One tag's part of one year's stacked bar."""

    tag: str
    value: int
    width: float  # % of the longest year's bar
    color: str


@dataclass(frozen=True)
class Column:
    """One year of the stacked bar chart."""

    label: str
    total: int
    segments: list[Segment]  # tags in their order, those with connections only


@dataclass(frozen=True)
class StackedChart:
    """Connections added per year, one bar per year stacked by tag."""

    id: str
    title: str
    columns: list[Column]
    legend: list[tuple[str, str]]
    undated: int


def hbar_chart(chart_id: str, title: str, counts: dict[str, int]) -> HBarChart:
    total = sum(counts.values())
    top = max(counts.values(), default=0)
    bars = [HBar(key=k, label=k, value=n, share=percent(n, total),
                 width=round(100 * n / top, 1) if top else 0.0)
            for k, n in counts.items()]
    return HBarChart(id=chart_id, title=title, bars=bars)


def nice_step(top: int, ticks: int = 5) -> int:
    """A round tick step (1, 2, 5 x 10^k) giving at most `ticks` steps up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def years_chart(people: pd.DataFrame) -> StackedChart | None:
    """Connections added per year by tag, from `people["connected"]`; None without dates."""
    dated = people["connected"].notna()
    if not dated.any():
        return None
    years = people.loc[dated, "connected"].dt.year.astype(int)
    table = (pd.crosstab(years, people.loc[dated, "tag"])
             .reindex(index=range(years.min(), years.max() + 1), columns=list(TAGS),
                      fill_value=0))
    top = int(table.sum(axis=1).max()) or 1
    columns = [Column(label=str(year), total=int(counts.sum()),
                      segments=[Segment(tag=t, value=int(counts[t]),
                                        width=round(100 * int(counts[t]) / top, 2),
                                        color=TAG_COLORS[t]) for t in TAGS if counts[t]])
               for year, counts in table.iterrows()]  # one iteration per year, not per row
    return StackedChart(id="chart-years", title="Connections added per year, by tag",
                        columns=columns, legend=[(t, TAG_COLORS[t]) for t in TAGS],
                        undated=int((~dated).sum()))


# ---------------------------------------------------------------------------- data


def percent(n: int, total: int) -> str:
    return f"{100 * n / total:.1f} %" if total else "0.0 %"


# ---------------------------------------------------------------------------- trend

@dataclass(frozen=True)
class Series:
    """One line of a trend chart, in SVG coordinates."""

    name: str
    color: str
    points: str  # "x,y x,y ..." for <polyline points=...>
    dots: list[tuple[float, float, str]]  # x, y, tooltip text
    last: int


@dataclass(frozen=True)
class Chart:
    """A trend chart ready to draw as inline SVG: nothing left to compute in the template."""

    id: str
    title: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    series: list[Series]
    yticks: list[tuple[float, str]]  # y, label
    xticks: list[tuple[float, str]]  # x, label


def trend_charts(history: History, width: int = 640, height: int = 240) -> list[Chart]:
    """The two trend charts: connections per tag and per recommendation."""
    tags = {t: TAG_COLORS[t] for t in TAGS}
    recs = {r: REC_COLORS[r] for r in RECOMMENDATIONS}
    return [_trend_chart(history, "trend-tags", "Connections per tag", tags, width, height),
            _trend_chart(history, "trend-recs", "Connections per recommendation", recs, width,
                        height)]


def _trend_chart(history: History, id_: str, title: str, colors: dict[str, str], width: int,
           height: int) -> Chart:
    left, top, right, bottom = 48, 16, width - 190, height - 28  # legend on the right
    dates = pd.to_datetime(history.frame["As Of"], errors="coerce")
    days = (dates - dates.min()).dt.days.fillna(0).astype(float)
    span = float(days.max()) if len(days) else 0.0
    # Runs are placed by date, so a skipped month shows as a wider gap.
    xs = (left + (right - left) * days / span) if span > 0 else (
        pd.Series((left + right) / 2, index=days.index))
    top_value = max(1, int(history.frame[list(colors)].to_numpy().max()) if len(history.frame)
                    else 1)
    step = nice_step(top_value, ticks=4)
    y_max = step * -(-top_value // step)

    def y_of(v: float) -> float:
        return round(bottom - (bottom - top) * v / y_max, 1)

    series = []
    for name, color in colors.items():
        values = history.frame[name].astype(int).tolist()
        pts = [(round(float(x), 1), y_of(v)) for x, v in zip(xs, values, strict=True)]
        dots = [(x, y, f"{name}: {v:,} on {d}") for (x, y), v, d
                in zip(pts, values, history.frame["As Of"], strict=True)]
        series.append(Series(name=name, color=color,
                             points=" ".join(f"{x},{y}" for x, y in pts), dots=dots,
                             last=values[-1] if values else 0))
    yticks = [(y_of(v), f"{v:,}") for v in range(0, y_max + 1, step)]
    # At most about eight date labels, always the first and the last run.
    every = max(1, -(-len(xs) // 8))
    xticks = [(round(float(x), 1), d) for i, (x, d)
              in enumerate(zip(xs, history.frame["As Of"], strict=True))
              if i % every == 0 or i == len(xs) - 1]
    return Chart(id=id_, title=title, width=width, height=height, left=left, top=top,
                 right=right, bottom=bottom, series=series, yticks=yticks, xticks=xticks)
