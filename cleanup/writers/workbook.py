"""Result -> the Excel workbook: the sheets in order, and the connection sheets (Connections,
Remove, Review) and the small ones (Changes, Invitations, Rules) laid out here; the Summary
comes from `summary`, the Phrases sheet from `phrases`, the cell formats from `formats`.

Written with XlsxWriter in constant-memory mode, cell by cell with explicit types: every text
from the export goes through `write_string`, so `=HYPERLINK(...)`, `+1` or `@SUM(A1)` arrive
as the same text and never as a formula. Only canonical profile links
(`https://www.linkedin.com/in/<slug>`, checked by `text.vetted_link` as they are written)
become hyperlinks.
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

from cleanup.limits import EXCEL_LINK_CHARS, EXCEL_LINKS
from cleanup.model import Result
from cleanup.sheets import CONNECTIONS, REMOVE, REVIEW
from cleanup.terms import BROAD_SHARE, CHANGE_COLUMNS
from cleanup.text import vetted_link, vetted_links
from cleanup.writers import phrases, sheetdata, summary
from cleanup.writers.formats import Formats, guard, page_setup
from cleanup.writers.layout import (
    DATE_COLUMNS,
    GROUP_WIDTH,
    LINE_HEIGHT,
    MAX_LINES,
    WORKLIST,
    SheetColumns,
    column_widths,
    excel_dates,
    fit_text,
    found_columns,
    group_labels,
    group_order,
    sheet_columns,
)

DECISIONS = ["keep", "remove"]


class _Writer:
    """One workbook being written: its XlsxWriter workbook, formats and pending sheet cells."""

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
        self.fmt = Formats(self.wb)

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
        if worklist:
            # People who share a reason (or, untagged, a phrase) sit together, the biggest
            # group first, each row saying its group and its size: one look (or one answer
            # on the Phrases sheet) checks the whole group.
            said = r.people[[c for c in ("reason", "phrase") if c in r.people.columns]]
            order, heading = group_order(group_labels(said if keep is None else said[keep]))
            frame, people = frame.iloc[order].reset_index(drop=True), people.iloc[order]
            rows = (np.arange(len(order)) if rows is None else rows)[order]
            at = list(frame.columns).index("Tag") + 1
            frame.insert(at, "Group", heading.to_numpy(dtype=object))
            widths = [*widths[:at], GROUP_WIDTH, *widths[at:]]
        columns = list(frame.columns)
        ws = self.wb.add_worksheet(name)
        for j, width in enumerate(widths):
            ws.set_column(j, j, width, None, {"hidden": columns[j] in self.columns.hidden})
        dcol = columns.index(CONNECTIONS.typed)  # the same header on every connection sheet
        for j, c in enumerate(columns):
            ws.write_string(0, j, c, self.fmt.decision_head if j == dcol else self.fmt.bold)
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
        column_styles = {dcol: pd.Series(str(self.fmt.decision._get_xf_index()), index=tags.index)}
        for c in DATE_COLUMNS:
            if c in columns:
                column_styles[columns.index(c)] = self._styles(tags, self.fmt.datefills)
        if "Reason" in columns:
            column_styles[columns.index("Reason")] = self._styles(tags, self.fmt.wrapfills)
        heights = None
        if "Reason" in columns:  # wrapped: rows as high as the reason needs, all of it shown
            per_line = widths[columns.index("Reason")] * 1.25
            lines = np.ceil(frame["Reason"].str.len() / per_line).clip(1, MAX_LINES)
            heights = (lines * LINE_HEIGHT).where(lines.gt(1))
        self.pending.append(sheetdata.SheetCells(
            sheet_index=ws.index, frame=frame, styles=self._styles(tags, self.fmt.fills),
            link_styles=self._styles(tags, self.fmt.linkfills),
            links=vetted_links(people["link"]).reset_index(drop=True), link_column=link_column,
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
        hidden = [columns.index(c) for c in self.columns.hidden]
        guard(ws, min(hidden), max(hidden), n + 1000)
        page_setup(ws)
        if worklist:  # a printed worklist holds what deciding needs, readable on paper
            ws.print_area(0, 0, n, max(columns.index(c) for c in WORKLIST if c in columns))
        return ws

    def _progress(self, ws: Worksheet, dcol: int, last_row: int, last_col: int) -> None:
        """Rows change colour as decisions are typed; a value not understood is orange."""
        d = f"${xl_col_to_name(dcol)}2"
        ws.conditional_format(1, dcol, last_row, dcol, {
            "type": "formula", "format": self.fmt.unclear, "criteria": (
                f'=AND({d}<>"",{d}<>"keep",{d}<>"remove",{d}<>"k",{d}<>"r")')})
        ws.conditional_format(1, 0, last_row, last_col, {
            "type": "formula", "format": self.fmt.kept, "criteria": f'=OR({d}="keep",{d}="k")'})
        ws.conditional_format(1, 0, last_row, last_col, {
            "type": "formula", "format": self.fmt.removed,
            "criteria": f'=OR({d}="remove",{d}="r")'})

    # -------------------------------------------------------------------- changes

    def changes(self) -> None:
        """The Changes sheet: one row per change since the previous run."""
        c = self.result.changes
        ws = self.wb.add_worksheet("Changes")
        page_setup(ws)
        headers = ["Change", "Name", "Company", "Position", "Tag", "Before", "After", "Note",
                   "Profile"]
        source = c.frame if c is not None else pd.DataFrame(columns=CHANGE_COLUMNS)
        frame = pd.DataFrame({h: fit_text(source[col])
                              for h, col in zip(headers, CHANGE_COLUMNS, strict=True)})
        shown = frame["Profile"].tolist()
        links = vetted_links(source["link"]).tolist()  # a Profile is a link only when vetted
        for j, width in enumerate(column_widths(frame)):
            ws.set_column(j, j, width)
        for j, h in enumerate(headers):
            ws.write_string(0, j, h, self.fmt.bold)
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
                ws.write_url(i + 1, len(headers) - 1, link, self.fmt.link, string=link)
                links_left -= 1
            elif shown[i]:
                ws.write_string(i + 1, len(headers) - 1, shown[i])
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
            ws.write_string(row, j, str(c), self.fmt.bold)
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
                    if c == link and len(value) <= EXCEL_LINK_CHARS and vetted_link(value):
                        ws.write_url(row, j, value, self.fmt.link, string=value)
                    elif value:
                        ws.write_string(row, j, value)
                else:
                    ws.write_number(row, j, float(value), fmt if c in percent else
                                    self.fmt.date if c in dates else None)
        return row + 1

    def invitations(self) -> None:
        """The Invitations sheet: incoming requests triaged, outgoing ones to withdraw."""
        inv = self.result.invitations
        ws = self.wb.add_worksheet("Invitations")
        page_setup(ws)
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
        page_setup(ws)
        for j, width in enumerate([16, 30, 11, 11, 11, 11, 12, 9, 48]):
            ws.set_column(j, j, width)
        ws.write_string(0, 0, "What each keyword matched", self.fmt.title)
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
            ws.write_string(row, 0, title, self.fmt.title)
            row += 1
            if not len(frame):
                ws.write_string(row, 0, "none")
                row += 2
                continue
            row = self._grid(ws, frame, row, percent=percent) + 1


def write(result: Result, path: Path) -> None:
    """Write the workbook for `result` to `path`: one method per sheet, in sheet order."""
    w = _Writer(result, path)
    summary.add_sheet(w.wb, result, w.fmt)
    w.table(CONNECTIONS.title)
    rec = result.people["recommendation"]
    w.table(REMOVE.title, rec.eq("remove"), worklist=True)
    w.table(REVIEW.title, rec.eq("review"), worklist=True)
    w.changes()
    w.invitations()
    w.rules_sheet()
    page_setup(phrases.add_sheet(w.wb, result, w.fmt.bold))
    w.close()

