"""The Summary sheet, the workbook's first: what to do next, the counts per tag, recommendation
and location (with a chart of the first two), the decisions so far, notes on the input, and
which inputs, rules and tool version made the workbook.
"""

from __future__ import annotations

from datetime import datetime, time

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from cleanup.errors import utf8_safe
from cleanup.model import Result
from cleanup.terms import ON_TARGET, RECOMMENDATIONS, TAGS, listed
from cleanup.writers.charts import TAG_FILLS
from cleanup.writers.formats import Formats, page_setup
from cleanup.writers.layout import fit_text, location_counts
from cleanup.writers.runsummary import summarise

SHEET = "Summary"
#: The next steps as the sheet words them, by kind.
_STEPS = {"remove": "1. Open the Remove sheet: {n:,} connections the rules would remove. Type "
                    "keep or remove in the Decision column.",
          "review": "2. Then the Review sheet: {n:,} connections the rules cannot decide "
                    "alone.",
          "next month": "3. Next month, run linkedin-cleanup again on the new archive into the "
                        "same folder: the decisions you save here are kept there."}
#: Cell fills of the recommendation chart.
REC_FILLS = {"keep": "#C6EFCE", "review": "#FFEB9C", "remove": "#FFC7CE"}


def add_sheet(wb: Workbook, result: Result, fmt: Formats) -> None:
    """Add the Summary sheet for `result` to the XlsxWriter workbook `wb` (its first sheet)."""
    r = result
    ws = wb.add_worksheet(SHEET)
    page_setup(ws, one_page=True)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 13)
    ws.set_column(2, 2, 9)
    ws.set_column(3, 3, 2)
    ws.set_column(4, 15, 8.43)
    said = summarise(r)
    total, recs, counts = said.total, said.counts, said.by_tag
    ws.write_string(0, 0, "linkedin-cleanup", fmt.title)
    # Three lines fit above the figures; deciding by phrase is explained on its own sheet.
    todo = [_STEPS[step.kind].format(n=step.count) for step in said.steps
            if step.kind in _STEPS]
    for i, line in enumerate(todo):
        ws.write_string(1 + i, 0, line, fmt.todo)
    row = 5
    ws.write_string(row, 0, "Business")
    ws.write_string(row, 1, r.rules.name)
    ws.write_string(row + 1, 0, "As of")
    ws.write_datetime(row + 1, 1, datetime.combine(r.as_of, time()), fmt.date)
    ws.write_string(row + 2, 0, "Connections")
    ws.write_number(row + 2, 1, total, fmt.count)
    ws.write_string(row + 3, 0, f"On target ({listed(list(ON_TARGET), 'or')})")
    ws.write_number(row + 3, 1, said.on_target / total if total else 0, fmt.percent)
    row += 5
    first_tag = _counts(ws, row, "Tag", counts, total, fmt, fmt.fills)
    row = first_tag + len(counts) + 1
    first_rec = _counts(ws, row, "Recommendation", recs, total, fmt)
    row = first_rec + len(recs) + 1
    places = location_counts(r.people)
    ws.write_string(row, 0, "Location", fmt.bold)
    ws.write_string(row, 1, "Connections", fmt.bold)
    ws.write_string(row, 2, "Share", fmt.bold)
    for label, n in places.items():
        row += 1
        ws.write_string(row, 0, label)
        ws.write_number(row, 1, n, fmt.count)
        ws.write_number(row, 2, n / total if total else 0, fmt.percent)
    if said.no_location:
        row += 1
        ws.write_string(row, 0, said.no_location, fmt.todo)
    _charts(wb, ws, first_tag, len(counts), first_rec, len(recs))
    row += 2
    ws.write_string(row, 0, "Your decisions", fmt.bold)
    for label, value in said.decision_figures:
        row += 1
        ws.write_string(row, 0, label)
        if isinstance(value, int):
            ws.write_number(row, 1, value, fmt.count)
        else:
            ws.write_string(row, 1, utf8_safe(value))
    if said.notices:
        row += 2
        ws.write_string(row, 0, "Notes on the input", fmt.bold)
        for notice in said.notices:
            row += 1
            ws.write_string(row, 0, fit_text(pd.Series([str(notice)])).iloc[0])
    row += 2
    ws.write_string(row, 0, "Inputs", fmt.bold)
    ws.write_string(row, 1, "SHA-256", fmt.bold)
    for src in r.inputs:
        row += 1
        ws.write_string(row, 0, f"{src.label} ({src.size:,} bytes)")
        ws.write_string(row, 1, src.sha256)
    row += 1
    ws.write_string(row, 0, utf8_safe(f"Rules: {r.rules.path}"))
    ws.write_string(row, 1, r.rules.sha256)
    row += 1
    ws.write_string(row, 0, "Tool version")
    ws.write_string(row, 1, f"linkedin-cleanup {r.version}")


def _counts(ws: Worksheet, row: int, title: str, counts: dict[str, int], total: int,
            fmt: Formats, fills: dict[str, Format] | None = None) -> int:
    """A small table: label, connections, share. Returns its first data row."""
    ws.write_string(row, 0, title, fmt.bold)
    ws.write_string(row, 1, "Connections", fmt.bold)
    ws.write_string(row, 2, "Share", fmt.bold)
    for i, (label, n) in enumerate(counts.items()):
        ws.write_string(row + 1 + i, 0, label, fills.get(label) if fills else None)
        ws.write_number(row + 1 + i, 1, n, fmt.count)
        ws.write_number(row + 1 + i, 2, n / total if total else 0, fmt.percent)
    return row + 1


def _charts(wb: Workbook, ws: Worksheet, first_tag: int, tags: int, first_rec: int,
            recs: int) -> None:
    """The tag chart and, next to it, the recommendation chart."""
    for title, first, n, colors, col in (
            ("Connections per tag", first_tag, tags, [TAG_FILLS[t] for t in TAGS], 4),
            ("Recommendations", first_rec, recs,
             [REC_FILLS[k] for k in RECOMMENDATIONS], 10)):
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"name": title,
                          "categories": [SHEET, first, 0, first + n - 1, 0],
                          "values": [SHEET, first, 1, first + n - 1, 1],
                          "points": [{"fill": {"color": c}, "border": {"color": "#7F7F7F"}}
                                     for c in colors],
                          "data_labels": {"value": True, "num_format": "#,##0"}})
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"num_format": "#,##0"})
        chart.set_size({"width": 400, "height": 260})
        ws.insert_chart(5, col, chart, {"x_offset": 4, "y_offset": 4})
