"""Result -> the Excel workbook.

Written with XlsxWriter in constant-memory mode, cell by cell with explicit types: every text
from the export goes through `write_string`, so `=HYPERLINK(...)`, `+1` or `@SUM(A1)` arrive
as the same text and never as a formula. Only profile links the export layer vetted
(`https://www.linkedin.com/in/...`) become hyperlinks.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pandas as pd
import xlsxwriter
from pandas.api.types import is_numeric_dtype
from xlsxwriter.worksheet import Worksheet

from cleanup.errors import utf8_safe
from cleanup.memory import decisions
from cleanup.model import CHANGE_COLUMNS, TAGS, Result
from cleanup.text import profile_link_one, url_key_one
from cleanup.write import sheetdata
from cleanup.write.charts import TAG_FILLS

#: Excel refuses longer cell text; longer text is cut and the cut is said in the cell.
MAX_CELL = 32_767
#: Excel's limit of hyperlinks per worksheet; further links are written as plain text.
MAX_LINKS = 65_530
DECISIONS = ["keep", "remove"]
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def fit_text(values: pd.Series) -> pd.Series:
    """Text as Excel can hold it: cut to 32,767 characters, saying how much was cut."""
    s = values.fillna("").astype(str)
    long = s.str.len().gt(MAX_CELL)
    if long.any():
        note = " [... cut: " + s[long].str.len().astype(str) + " characters in the export]"
        s = s.mask(long, s[long].str.slice(0, MAX_CELL - 60) + note)
    return s


def _widths(frame: pd.DataFrame) -> list[float]:
    widths = []
    for col in frame.columns:
        longest = frame[col].astype(str).str.len().max() if len(frame) else 0
        longest = int(longest) if pd.notna(longest) else 0  # a column of no text at all
        widths.append(float(min(max(len(str(col)), longest, _MIN_WIDTH) + 2,
                                _MAX_WIDTH)))
    return widths


class _Writer:
    def __init__(self, result: Result, path: Path) -> None:
        self.result = result
        self.path = path
        self.pending: list[sheetdata.SheetCells] = []
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
        self.fills = {t: self.wb.add_format({"bg_color": c}) for t, c in TAG_FILLS.items()}
        self.linkfills = {t: self.wb.add_format({"bg_color": c, "font_color": "#0563C1",
                                                 "underline": 1}) for t, c in TAG_FILLS.items()}

    def close(self) -> None:
        self.wb.close()
        sheetdata.inject(self.path, self.pending, MAX_LINKS)

    # -------------------------------------------------------------------- table sheets

    def table(self, name: str, mask: pd.Series | None = None) -> Worksheet:
        """A sheet of connections: original columns, then the added ones; one row per person.

        XlsxWriter writes the header, widths, frozen pane, filter and drop-down; the cells
        themselves are filled in by `sheetdata.inject` after the workbook is closed.
        """
        r = self.result
        rows = r.rows if mask is None else r.rows[mask.to_numpy()]
        people = r.people if mask is None else r.people[mask.to_numpy()]
        columns = list(rows.columns)
        frame = pd.DataFrame({c: rows[c] if is_numeric_dtype(rows[c]) else fit_text(rows[c])
                              for c in columns}).reset_index(drop=True)
        ws = self.wb.add_worksheet(name)
        for j, width in enumerate(_widths(frame)):
            ws.set_column(j, j, width)
        for j, c in enumerate(columns):
            ws.write_string(0, j, c, self.bold)
        ws.freeze_panes(1, 0)
        url = _url_column(r)
        tags = people["tag"].reset_index(drop=True)
        fill = {t: str(f._get_xf_index()) for t, f in self.fills.items()}
        link_fill = {t: str(f._get_xf_index()) for t, f in self.linkfills.items()}
        self.pending.append(sheetdata.SheetCells(
            sheet_index=ws.index, frame=frame, styles=tags.map(fill),
            link_styles=tags.map(link_fill), links=people["link"].reset_index(drop=True),
            link_column=r.original_columns.index(url) if url else -1))
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        dcol = columns.index("Decision")
        ws.data_validation(1, dcol, max(len(rows), 1) + 1000, dcol, {
            "validate": "list", "source": DECISIONS, "ignore_blank": True,
            "input_title": "Your decision", "input_message": "keep or remove",
            "error_title": "keep or remove", "error_message": "Type keep or remove, or leave "
            "the cell empty to let the rules decide.", "error_type": "stop"})
        return ws

    # -------------------------------------------------------------------- summary

    def summary(self) -> None:
        r = self.result
        ws = self.wb.add_worksheet("Summary")
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 70)
        ws.write_string(0, 0, "linkedin-cleanup", self.title)
        ws.write_string(1, 0, "Business")
        ws.write_string(1, 1, r.rules.name)
        ws.write_string(2, 0, "As of")
        ws.write_string(2, 1, r.as_of.isoformat())
        ws.write_string(3, 0, "Connections")
        ws.write_number(3, 1, len(r.rows))
        row = 5
        ws.write_string(row, 0, "Tag", self.bold)
        ws.write_string(row, 1, "Connections", self.bold)
        first_tag = row + 1
        for t, n in r.counts_by_tag.items():
            row += 1
            ws.write_string(row, 0, t, self.fills[t])
            ws.write_number(row, 1, n)
        last_tag = row
        row += 2
        ws.write_string(row, 0, "Recommendation", self.bold)
        ws.write_string(row, 1, "Connections", self.bold)
        for rec, n in r.counts_by_recommendation.items():
            row += 1
            ws.write_string(row, 0, rec)
            ws.write_number(row, 1, n)
        chart = self.wb.add_chart({"type": "bar"})
        chart.add_series({"name": "Connections per tag",
                          "categories": ["Summary", first_tag, 0, last_tag, 0],
                          "values": ["Summary", first_tag, 1, last_tag, 1],
                          "points": [{"fill": {"color": TAG_FILLS[t]},
                                      "border": {"color": "#7F7F7F"}} for t in TAGS],
                          "data_labels": {"value": True}})
        chart.set_title({"name": "Connections per tag"})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        ws.insert_chart(5, 3, chart)
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
        row += 2
        ws.write_string(row, 0, "Your decisions", self.bold)
        for label, value in decisions.summary(r):
            row += 1
            ws.write_string(row, 0, label)
            if isinstance(value, int):
                ws.write_number(row, 1, value)
            else:
                ws.write_string(row, 1, utf8_safe(value))
        if r.warnings:
            row += 2
            ws.write_string(row, 0, "Notes on the input", self.bold)
            for w in r.warnings:
                row += 1
                ws.write_string(row, 0, fit_text(pd.Series([w])).iloc[0])

    # -------------------------------------------------------------------- changes

    def changes(self) -> None:
        """The Changes sheet: one row per change since the previous run."""
        c = self.result.changes
        ws = self.wb.add_worksheet("Changes")
        headers = ["Change", "Name", "Company", "Position", "Tag", "Before", "After", "Note",
                   "Profile"]
        source = c.frame if c is not None else pd.DataFrame(columns=CHANGE_COLUMNS)
        frame = pd.DataFrame({h: fit_text(source[col])
                              for h, col in zip(headers, CHANGE_COLUMNS, strict=True)})
        links = frame["Profile"].tolist()
        for j, width in enumerate(_widths(frame)):
            ws.set_column(j, j, width)
        for j, h in enumerate(headers):
            ws.write_string(0, j, h, self.bold)
        ws.freeze_panes(1, 0)
        if c is None:
            ws.write_string(1, 0, "First run in this folder: the changes since the previous "
                            "run are listed from the next run on.")
            return
        data = [frame[h].tolist() for h in headers[:-1]]
        links_left = MAX_LINKS
        for i, link in enumerate(links):
            for j, column in enumerate(data):
                if column[i]:
                    ws.write_string(i + 1, j, column[i])
            if link and links_left > 0 and len(link) < 2000:
                ws.write_url(i + 1, len(headers) - 1, link, self.link, string=link)
                links_left -= 1
            elif link:
                ws.write_string(i + 1, len(headers) - 1, link)
        ws.autofilter(0, 0, max(len(links), 1), len(headers) - 1)


    # -------------------------------------------------------------------- invitations, rules

    def _grid(self, ws: Worksheet, frame: pd.DataFrame, row: int,
              link: str | None = None, percent: tuple[str, ...] = ()) -> int:
        """A plain table from `row` down: bold header, text as text (never a formula),
        numbers as numbers, `link` cells as hyperlinks when they are vetted profile links.
        Returns the first free row after it."""
        columns = list(frame.columns)
        for j, c in enumerate(columns):
            ws.write_string(row, j, str(c), self.bold)
        fmt = getattr(self, "_percent", None) or self.wb.add_format({"num_format": "0.0%"})
        self._percent = fmt
        data = [fit_text(frame[c]).tolist() if frame[c].dtype == object or str(
            frame[c].dtype) == "str" else frame[c].tolist() for c in columns]
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
                    if c == link and value and len(value) < 2000 and value == profile_link_one(
                            url_key_one(value)):
                        ws.write_url(row, j, value, self.link, string=value)
                    elif value:
                        ws.write_string(row, j, value)
                else:
                    ws.write_number(row, j, float(value), fmt if c in percent else None)
        return row + 1

    def invitations(self) -> None:
        """The Invitations sheet: incoming requests triaged, outgoing ones to withdraw."""
        inv = self.result.invitations
        ws = self.wb.add_worksheet("Invitations")
        if inv is None:
            ws.set_column(0, 0, 80)
            ws.write_string(0, 0, "The archive has no Invitations.csv: no pending connection "
                            "requests to triage.")
            return
        frame = inv.table()
        for j, width in enumerate(_widths(frame.astype(str))):
            ws.set_column(j, j, width)
        ws.freeze_panes(1, 0)
        self._grid(ws, frame, 0, link="Profile")
        ws.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)

    def rules_sheet(self) -> None:
        """The Rules sheet: hits per keyword and field, keywords that matched nothing or
        too much, overlaps between categories, and keyword suggestions."""
        from cleanup.model import BROAD_SHARE

        cov = self.result.coverage
        ws = self.wb.add_worksheet("Rules")
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
                "share": "Share", "note": "Note"}), ("Share",)),
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


def _url_column(result: Result) -> str | None:
    for c in result.original_columns:
        if c.strip().casefold() in ("url", "profile url"):
            return c
    return None


def write(result: Result, path: Path) -> None:
    """Write the workbook for `result` to `path`."""
    w = _Writer(result, path)
    w.summary()
    w.table("Connections")
    rec = result.people["recommendation"]
    w.table("Remove", rec.eq("remove"))
    w.table("Review", rec.eq("review"))
    w.changes()
    w.invitations()
    w.rules_sheet()
    w.close()

