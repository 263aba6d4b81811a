"""The workbook's cell formats, and the page setup every sheet shares.

`Formats` makes each format once per workbook, in a fixed order (the order fixes the style
numbers in the file); the table sheets, the Summary and the small sheets all draw on it.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from cleanup.writers.charts import TAG_FILLS
from cleanup.writers.layout import DATE_FORMAT


class Formats:
    """The cell formats of one XlsxWriter workbook: headers, links, the tag fills of the
    table rows, the Decision cells, the conditional formats of decided rows, numbers."""

    def __init__(self, wb: Workbook) -> None:
        self.bold = wb.add_format({"bold": True, "bottom": 1, "bg_color": "#F2F2F2"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1})
        # Row cells are aligned at the top, like the wrapped Reason beside them.
        self.fills = {t: wb.add_format({"bg_color": c, "valign": "top"})
                      for t, c in TAG_FILLS.items()}
        self.linkfills = {t: wb.add_format({"bg_color": c, "font_color": "#0563C1",
                                            "underline": 1, "valign": "top"})
                          for t, c in TAG_FILLS.items()}
        self.datefills = {t: wb.add_format({"bg_color": c, "num_format": DATE_FORMAT,
                                            "align": "left", "valign": "top"})
                          for t, c in TAG_FILLS.items()}
        self.wrapfills = {t: wb.add_format({"bg_color": c, "text_wrap": True,
                                            "valign": "top"})
                          for t, c in TAG_FILLS.items()}
        # The Decision cells stand out: the one column the user types in.
        self.decision = wb.add_format({"bg_color": "#FFF2CC", "bold": True,
                                       "border": 1, "border_color": "#BF9000",
                                       "valign": "top"})
        self.decision_head = wb.add_format({"bold": True, "bottom": 1,
                                            "bg_color": "#FFD966"})
        # Conditional formats (dxf): a decided row loses its colour, so progress shows.
        self.kept = wb.add_format({"bg_color": "#FFFFFF", "font_color": "#1E5631"})
        self.removed = wb.add_format({"bg_color": "#F2F2F2", "font_color": "#7F7F7F",
                                      "font_strikeout": True})
        self.unclear = wb.add_format({"bg_color": "#F4B183", "font_color": "#000000"})
        self.todo = wb.add_format({"bold": True, "font_color": "#1F4E79"})
        self.date = wb.add_format({"num_format": DATE_FORMAT, "align": "left"})
        self.count = wb.add_format({"num_format": "#,##0"})
        self.percent = wb.add_format({"num_format": "0.0%"})


def page_setup(ws: Worksheet, one_page: bool = False) -> None:
    """Landscape, one page wide (Summary: one page), the header row on every page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4; Letter printers scale it
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    if one_page:
        ws.fit_to_pages(1, 1)
    else:
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)


def guard(ws: Worksheet, first: int, last: int, last_row: int) -> None:
    """The tool's own hidden columns (`first`..`last`) refuse what is typed into them: Excel
    and LibreOffice check the rule when a cell is typed into; sorting still moves a row whole."""
    ws.data_validation(1, first, last_row, last, {
        "validate": "custom", "value": "=FALSE", "error_type": "stop",
        "error_title": "The tool's own column", "error_message": "linkedin-cleanup keeps what "
        "this row was written with here: type your decision in the Decision column."})
