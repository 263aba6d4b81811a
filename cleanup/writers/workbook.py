"""Result -> the Excel workbook.

Written with XlsxWriter in constant-memory mode, cell by cell with explicit types: every text
from the export goes through `write_string`, so `=HYPERLINK(...)`, `+1` or `@SUM(A1)` arrive
as the same text and never as a formula. Only profile links the export layer vetted
(`https://www.linkedin.com/in/...`) become hyperlinks.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from cleanup.errors import utf8_safe
from cleanup.limits import EXCEL_LINK_CHARS, EXCEL_LINKS
from cleanup.model import BROAD_SHARE, CHANGE_COLUMNS, RECOMMENDATIONS, TAGS, Result
from cleanup.text import profile_link_one, url_key_one
from cleanup.writers import figures, phrases, sheetdata
from cleanup.writers.charts import TAG_FILLS
from cleanup.writers.layout import (
    DATE_COLUMNS,
    DATE_FORMAT,
    LINE_HEIGHT,
    MAX_LINES,
    WORKLIST,
    SheetColumns,
    column_widths,
    excel_dates,
    fit_text,
    found_columns,
    location_counts,
    phrase_order,
    sheet_columns,
)

DECISIONS = ["keep", "remove"]
#: Cell fills of the recommendation chart.
REC_FILLS = {"keep": "#C6EFCE", "review": "#FFEB9C", "remove": "#FFC7CE"}


class _Writer:
    def __init__(self, result: Result, path: Path) -> None:
        self.result = result
        self.path = path
        self.pending: list[sheetdata.SheetCells] = []
        self.columns: SheetColumns | None = None
        self.wb = xlsxwriter.Workbook(str(path), {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        })
        created = datetime.combine(result.as_of, time())
        self.wb.set_properties({"title": "linkedin-cleanup report", "created": created,
                                "comments": f"linkedin-cleanup {result.version}"})
        self.bold = self.wb.add_format({"bold": True, "bottom": 1, "bg_color": "#F2F2F2"})
        self.title = self.wb.add_format({"bold": True, "font_size": 14})
        self.link = self.wb.add_format({"font_color": "#0563C1", "underline": 1})
        # Row cells are aligned at the top, like the wrapped Reason beside them.
        self.fills = {t: self.wb.add_format({"bg_color": c, "valign": "top"})
                      for t, c in TAG_FILLS.items()}
        self.linkfills = {t: self.wb.add_format({"bg_color": c, "font_color": "#0563C1",
                                                 "underline": 1, "valign": "top"})
                          for t, c in TAG_FILLS.items()}
        self.datefills = {t: self.wb.add_format({"bg_color": c, "num_format": DATE_FORMAT,
                                                 "align": "left", "valign": "top"})
                          for t, c in TAG_FILLS.items()}
        self.wrapfills = {t: self.wb.add_format({"bg_color": c, "text_wrap": True,
                                                 "valign": "top"})
                          for t, c in TAG_FILLS.items()}
        # The Decision cells stand out: the one column the user types in.
        self.decision = self.wb.add_format({"bg_color": "#FFF2CC", "bold": True,
                                            "border": 1, "border_color": "#BF9000",
                                            "valign": "top"})
        self.decision_head = self.wb.add_format({"bold": True, "bottom": 1,
                                                 "bg_color": "#FFD966"})
        # Conditional formats (dxf): a decided row loses its colour, so progress shows.
        self.kept = self.wb.add_format({"bg_color": "#FFFFFF", "font_color": "#1E5631"})
        self.removed = self.wb.add_format({"bg_color": "#F2F2F2", "font_color": "#7F7F7F",
                                           "font_strikeout": True})
        self.unclear = self.wb.add_format({"bg_color": "#F4B183", "font_color": "#000000"})
        self.todo = self.wb.add_format({"bold": True, "font_color": "#1F4E79"})
        self.date = self.wb.add_format({"num_format": DATE_FORMAT, "align": "left"})
        self.count = self.wb.add_format({"num_format": "#,##0"})
        self.percent = self.wb.add_format({"num_format": "0.0%"})

    def close(self) -> None:
        self.wb.close()
        sheetdata.inject(self.path, self.pending, EXCEL_LINKS)

    # -------------------------------------------------------------------- table sheets

    def _styles(self, tags: pd.Series, formats: dict[str, Format]) -> pd.Series:
        xf = {t: str(f._get_xf_index()) for t, f in formats.items()}
        return tags.map(xf)

    def table(self, name: str, mask: pd.Series | None = None, worklist: bool = False
              ) -> Worksheet:
        """A sheet of connections, one row per person.

        Connections is the faithful copy: the export's own columns first, then the added ones.
        A worklist (Remove, Review) is laid out for deciding: Name (the link to the profile),
        Decision, Recommendation, Reason, Position, Company, Connected On, Location, the
        fields a reason may cite, then the rest. XlsxWriter writes the header, widths, frozen
        panes, filter, drop-down and colours; the cells themselves are filled in by
        `sheetdata.inject` after the workbook is closed.
        """
        r = self.result
        if self.columns is None:
            self.columns = sheet_columns(r)
        keep = None if mask is None else mask.to_numpy()
        frame, widths = self.columns.frame(keep, worklist)
        # The rows' tag, link and phrase: copying only these is cheaper than the wide frame.
        people = r.people[[c for c in ("tag", "link", "phrase") if c in r.people.columns]]
        people = people if keep is None else people[keep]
        rows = None if keep is None else np.flatnonzero(keep)  # positions in `columns`
        if name == "Review" and "phrase" in people.columns:
            # People who share a phrase sit together, the commonest phrase first: one look
            # (or one answer on the Phrases sheet) decides the whole group.
            order = phrase_order(people["phrase"])
            frame, people = frame.iloc[order], people.iloc[order]
            rows = (np.arange(len(order)) if rows is None else rows)[order]
        columns = list(frame.columns)
        ws = self.wb.add_worksheet(name)
        for j, width in enumerate(widths):
            ws.set_column(j, j, width)
        dcol = columns.index("Decision")
        for j, c in enumerate(columns):
            ws.write_string(0, j, c, self.decision_head if j == dcol else self.bold)
        # The header row, and on the left the names (and on a worklist, the Decision).
        names = dcol if worklist else max(
            (columns.index(c) for c in found_columns(r, ("first name", "last name"))), default=-1)
        ws.freeze_panes(1, names + 1)
        tags = people["tag"].reset_index(drop=True)
        if worklist:
            link_column = columns.index("Name")
        else:
            url = found_columns(r, ("url", "profile url"))
            link_column = columns.index(url[0]) if url else -1
        column_styles = {dcol: pd.Series(str(self.decision._get_xf_index()), index=tags.index)}
        for c in DATE_COLUMNS:
            if c in columns:
                column_styles[columns.index(c)] = self._styles(tags, self.datefills)
        if "Reason" in columns:
            column_styles[columns.index("Reason")] = self._styles(tags, self.wrapfills)
        heights = None
        if "Reason" in columns:  # wrapped: rows as high as the reason needs, all of it shown
            per_line = widths[columns.index("Reason")] * 1.25
            lines = np.ceil(frame["Reason"].str.len() / per_line).clip(1, MAX_LINES)
            heights = (lines * LINE_HEIGHT).where(lines.gt(1))
        self.pending.append(sheetdata.SheetCells(
            sheet_index=ws.index, frame=frame, styles=self._styles(tags, self.fills),
            link_styles=self._styles(tags, self.linkfills),
            links=people["link"].reset_index(drop=True), link_column=link_column,
            column_styles=column_styles, heights=heights, source=self.columns.columns,
            rows=rows))
        n = max(len(frame), 1)
        ws.autofilter(0, 0, n, len(columns) - 1)
        ws.data_validation(1, dcol, n + 1000, dcol, {
            "validate": "list", "source": DECISIONS, "ignore_blank": True,
            "input_title": "Your decision", "input_message": "keep or remove",
            "error_title": "keep or remove", "error_message": "Type keep or remove, or leave "
            "the cell empty to let the rules decide.", "error_type": "stop"})
        self._progress(ws, dcol, n + 1000, len(columns) - 1)
        self._print(ws)
        if worklist:  # a printed worklist holds what deciding needs, readable on paper
            ws.print_area(0, 0, n, max(columns.index(c) for c in WORKLIST if c in columns))
        return ws

    def _progress(self, ws: Worksheet, dcol: int, last_row: int, last_col: int) -> None:
        """Rows change colour as decisions are typed; a value not understood is orange."""
        d = f"${xl_col_to_name(dcol)}2"
        ws.conditional_format(1, dcol, last_row, dcol, {
            "type": "formula", "format": self.unclear, "criteria": (
                f'=AND({d}<>"",{d}<>"keep",{d}<>"remove",{d}<>"k",{d}<>"r")')})
        ws.conditional_format(1, 0, last_row, last_col, {
            "type": "formula", "format": self.kept, "criteria": f'=OR({d}="keep",{d}="k")'})
        ws.conditional_format(1, 0, last_row, last_col, {
            "type": "formula", "format": self.removed,
            "criteria": f'=OR({d}="remove",{d}="r")'})

    @staticmethod
    def _print(ws: Worksheet, one_page: bool = False) -> None:
        """Landscape, one page wide (Summary: one page), the header row on every page."""
        ws.set_landscape()
        ws.set_paper(9)  # A4; Letter printers scale it
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        if one_page:
            ws.fit_to_pages(1, 1)
        else:
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(0)

    # -------------------------------------------------------------------- summary

    def summary(self) -> None:
        r = self.result
        ws = self.wb.add_worksheet("Summary")
        self._print(ws, one_page=True)
        ws.set_column(0, 0, 36)
        ws.set_column(1, 1, 13)
        ws.set_column(2, 2, 9)
        ws.set_column(3, 3, 2)
        ws.set_column(4, 15, 8.43)
        total = len(r.rows)
        recs = r.counts_by_recommendation
        ws.write_string(0, 0, "linkedin-cleanup", self.title)
        todo = [f"1. Open the Remove sheet: {recs.get('remove', 0):,} connections the rules "
                "would remove. Type keep or remove in the Decision column.",
                f"2. Then the Review sheet: {recs.get('review', 0):,} connections the rules "
                "cannot decide alone.",
                "3. Next month, run linkedin-cleanup again on the new archive: your decisions "
                "are remembered."]
        for i, line in enumerate(todo):
            ws.write_string(1 + i, 0, line, self.todo)
        row = 5
        ws.write_string(row, 0, "Business")
        ws.write_string(row, 1, r.rules.name)
        ws.write_string(row + 1, 0, "As of")
        ws.write_datetime(row + 1, 1, datetime.combine(r.as_of, time()), self.date)
        ws.write_string(row + 2, 0, "Connections")
        ws.write_number(row + 2, 1, total, self.count)
        counts = r.counts_by_tag
        on_target = counts.get("prospect", 0) + counts.get("complementary", 0)
        ws.write_string(row + 3, 0, "On target (prospect or complementary)")
        ws.write_number(row + 3, 1, on_target / total if total else 0, self.percent)
        row += 5
        first_tag = self._counts(ws, row, "Tag", counts, total, self.fills)
        row = first_tag + len(counts) + 1
        first_rec = self._counts(ws, row, "Recommendation", recs, total)
        row = first_rec + len(recs) + 1
        places = location_counts(r.people)
        ws.write_string(row, 0, "Location", self.bold)
        ws.write_string(row, 1, "Connections", self.bold)
        ws.write_string(row, 2, "Share", self.bold)
        for label, n in places.items():
            row += 1
            ws.write_string(row, 0, label)
            ws.write_number(row, 1, n, self.count)
            ws.write_number(row, 2, n / total if total else 0, self.percent)
        if r.location_unknown:
            row += 1
            ws.write_string(row, 0, "No location is known: LinkedIn's export has none. Add "
                            "enrichment files with a Location column to use the location "
                            "rule; until then no one is tagged off-target location.", self.todo)
        self._charts(ws, first_tag, len(counts), first_rec, len(recs))
        row += 2
        ws.write_string(row, 0, "Your decisions", self.bold)
        for label, value in figures.decision_figures(r):
            row += 1
            ws.write_string(row, 0, label)
            if isinstance(value, int):
                ws.write_number(row, 1, value, self.count)
            else:
                ws.write_string(row, 1, utf8_safe(value))
        if r.warnings:
            row += 2
            ws.write_string(row, 0, "Notes on the input", self.bold)
            for w in r.warnings:
                row += 1
                ws.write_string(row, 0, fit_text(pd.Series([w])).iloc[0])
        row += 2
        ws.write_string(row, 0, "Inputs", self.bold)
        ws.write_string(row, 1, "SHA-256", self.bold)
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

    def _counts(self, ws: Worksheet, row: int, title: str, counts: dict[str, int], total: int,
                fills: dict[str, Format] | None = None) -> int:
        """A small table: label, connections, share. Returns its first data row."""
        ws.write_string(row, 0, title, self.bold)
        ws.write_string(row, 1, "Connections", self.bold)
        ws.write_string(row, 2, "Share", self.bold)
        for i, (label, n) in enumerate(counts.items()):
            ws.write_string(row + 1 + i, 0, label, fills.get(label) if fills else None)
            ws.write_number(row + 1 + i, 1, n, self.count)
            ws.write_number(row + 1 + i, 2, n / total if total else 0, self.percent)
        return row + 1

    def _charts(self, ws: Worksheet, first_tag: int, tags: int, first_rec: int,
                recs: int) -> None:
        """The tag chart and, next to it, the recommendation chart."""
        for title, first, n, colors, col in (
                ("Connections per tag", first_tag, tags, [TAG_FILLS[t] for t in TAGS], 4),
                ("Recommendations", first_rec, recs,
                 [REC_FILLS[k] for k in RECOMMENDATIONS], 10)):
            chart = self.wb.add_chart({"type": "bar"})
            chart.add_series({"name": title,
                              "categories": ["Summary", first, 0, first + n - 1, 0],
                              "values": ["Summary", first, 1, first + n - 1, 1],
                              "points": [{"fill": {"color": c}, "border": {"color": "#7F7F7F"}}
                                         for c in colors],
                              "data_labels": {"value": True, "num_format": "#,##0"}})
            chart.set_title({"name": title, "name_font": {"size": 11}})
            chart.set_legend({"none": True})
            chart.set_y_axis({"reverse": True})
            chart.set_x_axis({"num_format": "#,##0"})
            chart.set_size({"width": 400, "height": 260})
            ws.insert_chart(5, col, chart, {"x_offset": 4, "y_offset": 4})

    # -------------------------------------------------------------------- changes

    def changes(self) -> None:
        """The Changes sheet: one row per change since the previous run."""
        c = self.result.changes
        ws = self.wb.add_worksheet("Changes")
        self._print(ws)
        headers = ["Change", "Name", "Company", "Position", "Tag", "Before", "After", "Note",
                   "Profile"]
        source = c.frame if c is not None else pd.DataFrame(columns=CHANGE_COLUMNS)
        frame = pd.DataFrame({h: fit_text(source[col])
                              for h, col in zip(headers, CHANGE_COLUMNS, strict=True)})
        links = frame["Profile"].tolist()
        for j, width in enumerate(column_widths(frame)):
            ws.set_column(j, j, width)
        for j, h in enumerate(headers):
            ws.write_string(0, j, h, self.bold)
        ws.freeze_panes(1, 0)
        if c is None:
            ws.write_string(1, 0, "First run in this folder: the changes since the previous "
                            "run are listed from the next run on.")
            return
        data = [frame[h].tolist() for h in headers[:-1]]
        links_left = EXCEL_LINKS
        for i, link in enumerate(links):
            for j, column in enumerate(data):
                if column[i]:
                    ws.write_string(i + 1, j, column[i])
            if link and links_left > 0 and len(link) <= EXCEL_LINK_CHARS:
                ws.write_url(i + 1, len(headers) - 1, link, self.link, string=link)
                links_left -= 1
            elif link:
                ws.write_string(i + 1, len(headers) - 1, link)
        ws.autofilter(0, 0, max(len(links), 1), len(headers) - 1)


    # -------------------------------------------------------------------- invitations, rules

    def _grid(self, ws: Worksheet, frame: pd.DataFrame, row: int,
              link: str | None = None, percent: tuple[str, ...] = (),
              dates: tuple[str, ...] = ()) -> int:
        """A plain table from `row` down: bold header, text as text (never a formula),
        numbers as numbers, `link` cells as hyperlinks when they are vetted profile links.
        Returns the first free row after it."""
        columns = list(frame.columns)
        for j, c in enumerate(columns):
            ws.write_string(row, j, str(c), self.bold)
        fmt = getattr(self, "_percent", None) or self.wb.add_format({"num_format": "0.0%"})
        self._percent = fmt
        data = [fit_text(frame[c]).tolist() if (frame[c].dtype == object or str(
            frame[c].dtype) == "str") and c not in dates else frame[c].tolist()
            for c in columns]
        for i in range(len(frame)):
            row += 1
            for j, c in enumerate(columns):
                value = data[j][i]
                if value is None or value is pd.NA or (isinstance(value, float)
                                                       and pd.isna(value)):
                    continue
                if isinstance(value, str):
                    # Only a canonical profile link is a link: a URL as written that merely
                    # starts like one (`/in/../..`) stays text.
                    if (c == link and value and len(value) <= EXCEL_LINK_CHARS
                            and value == profile_link_one(url_key_one(value))):
                        ws.write_url(row, j, value, self.link, string=value)
                    elif value:
                        ws.write_string(row, j, value)
                else:
                    ws.write_number(row, j, float(value), fmt if c in percent else
                                    self.date if c in dates else None)
        return row + 1

    def invitations(self) -> None:
        """The Invitations sheet: incoming requests triaged, outgoing ones to withdraw."""
        inv = self.result.invitations
        ws = self.wb.add_worksheet("Invitations")
        self._print(ws)
        if inv is None:
            ws.set_column(0, 0, 80)
            ws.write_string(0, 0, "The archive has no Invitations.csv: no pending connection "
                            "requests to triage.")
            return
        frame = inv.table()
        for j, width in enumerate(column_widths(frame.astype(str))):
            ws.set_column(j, j, width)
        frame["Sent"] = excel_dates(frame["Sent"])
        ws.freeze_panes(1, 0)
        self._grid(ws, frame, 0, link="Profile", dates=("Sent",))
        ws.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)

    def rules_sheet(self) -> None:
        """The Rules sheet: hits per keyword and field, keywords that matched nothing or
        too much, overlaps between categories, and keyword suggestions."""

        cov = self.result.coverage
        ws = self.wb.add_worksheet("Rules")
        self._print(ws)
        for j, width in enumerate([16, 30, 11, 11, 11, 11, 12, 9, 48]):
            ws.set_column(j, j, width)
        ws.write_string(0, 0, "What each keyword matched", self.title)
        if cov is None or cov.keywords is None or not len(cov.keywords):
            ws.write_string(2, 0, "No keyword analysis for this run.")
            return
        ws.write_string(1, 0, f"{cov.total:,} connections, {cov.unknown:,} tagged unknown. "
                        "Counts are connections; a connection matched in two fields counts "
                        "once in Connections.")
        row = 3
        sections = [
            ("Hits per keyword and field", cov.keywords.rename(columns={
                "category": "Category", "keyword": "Keyword", "connections": "Connections",
                "share": "Share", "note": "Note", "examples": "Examples"}), ("Share",)),
            ("Keywords that matched nothing (typos?)", cov.unused[["category", "keyword"]]
             .rename(columns={"category": "Category", "keyword": "Keyword"}), ()),
            (f"Keywords matching more than {BROAD_SHARE:.0%} of your network (too broad?)",
             cov.broad[["category", "keyword", "connections", "share"]].rename(columns={
                 "category": "Category", "keyword": "Keyword", "connections": "Connections",
                 "share": "Share"}), ("Share",)),
            ("Connections matched by keywords of two categories", cov.overlaps.rename(
                columns={"categories": "Categories", "connections": "Connections",
                         "pairs": "Commonest keyword pairs"}), ()),
            ("Common words among the Positions of unknown connections: keyword ideas",
             cov.suggestions.rename(columns={"kind": "Kind", "text": "Words",
                                             "connections": "Connections"}), ()),
        ]
        for title, frame, percent in sections:
            ws.write_string(row, 0, title, self.title)
            row += 1
            if not len(frame):
                ws.write_string(row, 0, "none")
                row += 2
                continue
            row = self._grid(ws, frame, row, percent=percent) + 1


def write(result: Result, path: Path) -> None:
    """Write the workbook for `result` to `path`: one method per sheet, in sheet order."""
    w = _Writer(result, path)
    w.summary()
    w.table("Connections")
    rec = result.people["recommendation"]
    w.table("Remove", rec.eq("remove"), worklist=True)
    w.table("Review", rec.eq("review"), worklist=True)
    w.changes()
    w.invitations()
    w.rules_sheet()
    w._print(phrases.add_sheet(w.wb, result, w.bold))
    w.close()

