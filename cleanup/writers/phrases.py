"""The Phrases sheet: phrases to answer once, instead of people to review one by one.

The open phrases come first, commonest first, with an empty Answer cell; the answers already
given follow, prefilled, so that they can be changed or cleared (emptied). Every text cell is
written as a string, never as a formula; the Answer cells carry a drop-down of the answers.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from cleanup.judge.phrases import phrase_key
from cleanup.limits import EXCEL_CELL_CHARS
from cleanup.model import Result
from cleanup.sheets import HIDDEN_WIDTH, PHRASE_KEY, PHRASES, written_header
from cleanup.terms import PHRASE_ANSWERS
from cleanup.writers.formats import guard

SHEET = PHRASES.title
_WIDTHS = {"Phrase": 28, "Connections": 12, "Examples": 80, "Answer": 18, "Answered On": 13}


def add_sheet(wb: Workbook, result: Result, bold: Format) -> Worksheet:
    """Add the Phrases sheet for `result` to the XlsxWriter workbook `wb`; returns it."""
    phrases = result.phrases
    ws = wb.add_worksheet(SHEET)
    shown = list(_WIDTHS)
    # The tool's own hidden columns, last: the phrase's key and what Answer was written with,
    # so that reading the sheet back takes only what the person changed.
    hidden = [PHRASE_KEY, written_header(result.decisions.book)]
    columns = shown + hidden
    for j, c in enumerate(columns):
        ws.set_column(j, j, _WIDTHS.get(c, HIDDEN_WIDTH), None, {"hidden": c in hidden})
        ws.write_string(0, j, c, bold)
    ws.freeze_panes(1, 0)
    sheet = phrases.sheet if phrases is not None else pd.DataFrame(columns=shown)
    n = len(sheet)
    data = {c: sheet[c].tolist() for c in shown}
    data[hidden[0]] = [phrase_key(p) for p in data["Phrase"]]
    data[hidden[1]] = data["Answer"]
    for i in range(n):
        for j, c in enumerate(columns):
            value = data[c][i]
            if c == "Connections":
                ws.write_number(i + 1, j, int(value))
            elif value:
                ws.write_string(i + 1, j, str(value)[:EXCEL_CELL_CHARS])
    ws.autofilter(0, 0, max(n, 1), len(columns) - 1)
    guard(ws, len(shown), len(columns) - 1, max(n, 1) + 1000)
    answer = columns.index("Answer")
    ws.data_validation(1, answer, max(n, 1) + 1000, answer, {
        "validate": "list", "source": list(PHRASE_ANSWERS), "ignore_blank": True,
        "input_title": "Your answer", "input_message": "Who holds this phrase for you?",
        "error_title": "Not an answer", "error_message": "Pick " + ", ".join(PHRASE_ANSWERS)
        + ", or leave the cell empty.", "error_type": "stop"})
    if n == 0:
        ws.write_string(1, 0, "No phrase is held by two or more untagged connections.")
    return ws
