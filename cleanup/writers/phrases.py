"""The Phrases sheet: phrases to answer once, instead of people to review one by one.

The open phrases come first, commonest first, with an empty Answer cell; the answers already
given follow, prefilled, so that they can be changed or cleared (emptied). Found In says
whether a phrase is a word of the holders' Positions or only of their Company names (then the
examples show each holder's Position beside the Company); Other Forms lists the forms an answer
also applies to (`ceo`: `chief executive officer`). Every text cell is
written as a string, never as a formula; the Answer cells carry a drop-down of the answers.
"""

from __future__ import annotations

import itertools

import pandas as pd
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from cleanup.judge.phrases import phrase_key
from cleanup.limits import EXCEL_CELL_CHARS
from cleanup.model import Result
from cleanup.sheets import HIDDEN_WIDTH, PHRASE_KEY, PHRASES, written_header
from cleanup.terms import NO_PROFILE_ANSWERS, NO_PROFILE_PHRASE, PHRASE_ANSWERS
from cleanup.writers.formats import guard

SHEET = PHRASES.title
_WIDTHS = {"Phrase": 28, "Connections": 12, "Found In": 10, "Other Forms": 24, "Examples": 70,
           "Answer": 18, "Answered On": 13}


def _choice(answers: list[str], question: str) -> dict[str, object]:
    return {"validate": "list", "source": answers, "ignore_blank": True,
            "input_title": "Your answer", "input_message": question,
            "error_title": "Not an answer", "error_message": "Pick " + ", ".join(answers)
            + ", or leave the cell empty.", "error_type": "stop"}


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
    # The question about people with no Position and no Company takes other answers: its
    # cell gets a drop-down of its own, the rest of the column the phrase answers.
    own = [i + 1 for i, p in enumerate(data["Phrase"]) if p == NO_PROFILE_PHRASE]
    bounds = [0, *own, max(n, 1) + 1001]
    for lo, hi in itertools.pairwise(bounds):
        if hi - lo > 1:
            ws.data_validation(lo + 1, answer, hi - 1, answer, _choice(
                list(PHRASE_ANSWERS), "Who holds this phrase for you?"))
    for row in own:
        ws.data_validation(row, answer, row, answer, _choice(
            list(NO_PROFILE_ANSWERS), "What to recommend for everyone with no Position and "
            "no Company?"))
    if n == 0:
        ws.write_string(1, 0, "No phrase is held by two or more untagged connections.")
    return ws
