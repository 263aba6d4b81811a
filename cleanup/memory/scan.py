"""Every earlier workbook in the output folder, read for what a person changed in it.

Each `linkedin-cleanup-*.xlsx` in the output folder (copies such as `... (2).xlsx` too) and the
previous workbook named, oldest save first. A workbook this tool wrote carries, on each typed
sheet, the row's key and what its typed cell was written with (`cleanup.sheets`): a cell counts
only where it differs from what the tool last knew it to hold (`seen.baseline`), so reading
any workbook again, any number of times, changes nothing. An unchanged file is recognised by
its fingerprint without being opened (`seen`).

A workbook written before the tool kept those columns is read as it always was
(`workbooks.read_workbook`), and only the one the earlier rule picks: the previous workbook
named, else the newest dated on or before this run, and the workbook this run replaces. Once
read (or once found unchanged), it is remembered like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, Notice, utf8_safe
from cleanup.files import check_regular
from cleanup.judge.phrases import phrase_key
from cleanup.memory import seen
from cleanup.memory.ledger import read_decision
from cleanup.memory.workbooks import check_closed, find_previous, open_workbook, workbook_errors
from cleanup.memory.xlsx import Cell, Xlsx, column_letter
from cleanup.sheets import DECISION_SHEETS, PHRASES, Typed, header_key, written_book
from cleanup.terms import report_paths

#: Every workbook this tool writes, and the copies a person or a spreadsheet makes of it.
ANY_BOOK = re.compile(r"linkedin-cleanup-.*\.xlsx", re.IGNORECASE)
DECISION_EDITS = ["book", "saved", "sheet", "rank", "cell", "key", "value", "label"]
ANSWER_EDITS = ["book", "saved", "cell", "key", "answer", "text", "phrase"]


def answer_value(text: str) -> str:
    """An Answer cell as the tool compares it: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


@dataclass
class Scan:
    """What this run takes from the earlier workbooks."""

    state: seen.State
    #: Decision cells changed since the tool last knew them: book (file name), saved (its
    #: modification time), sheet, rank, cell, key (person id), value (`read_decision`), label.
    decisions: pd.DataFrame
    #: Answer cells likewise: book, saved, cell, key (phrase key), answer, text, phrase.
    answers: pd.DataFrame
    legacy: list[Path]  # workbooks without the tool's columns, to read as before
    read_from: tuple[Path, ...]  # every workbook opened
    notices: list[Notice] = field(default_factory=list)


def candidates(out: Path | None, previous: str | Path | None) -> list[Path]:
    """The workbooks a run looks at: `previous`, then every workbook file in `out`."""
    found: list[Path] = []
    if previous is not None:
        found.append(Path(previous))
    if out is not None and out.is_dir():
        for f in sorted(out.iterdir()):
            if ANY_BOOK.fullmatch(f.name) and f.is_file() and not any(
                    f.resolve() == p.resolve() for p in found):
                found.append(f)
    return found


def _record_name(path: Path, out: Path | None) -> str:
    if out is not None and path.parent.resolve() == out.resolve():
        return path.name
    return str(path.resolve())


def _columns(book: Xlsx, title: str, sheet: Typed) -> tuple[dict[str, int], str | None]:
    """The typed, key and label columns of a sheet by their header, and the book id its
    written column names (None: the sheet has no written column)."""
    header = book.header(title)
    col: dict[str, int] = {}
    found: str | None = None
    for j in sorted(header):
        text = header[j][0]
        if (wid := written_book(text)) is not None and "written" not in col:
            col["written"], found = j, wid
        col.setdefault(header_key(text), j)
    return {"typed": col.get(header_key(sheet.typed), -1), "key": col.get(header_key(sheet.key),
            -1), "label": col.get(header_key(sheet.label), -1) if sheet.label else -1,
            "written": col.get("written", -1)}, found


def book_id(book: Xlsx) -> str | None:
    """The id a workbook of this tool carries on its Connections sheet, None for one written
    before the tool kept it."""
    title = {t.casefold(): t for t in book.sheets}.get(DECISION_SHEETS[0].title.casefold())
    if title is None:
        return None
    cols, wid = _columns(book, title, DECISION_SHEETS[0])
    return wid if cols["key"] >= 0 and cols["typed"] >= 0 else None


def _text(cells: dict[int, Cell], j: int) -> tuple[str, bool]:
    if j < 0 or j not in cells:
        return "", True
    text, is_text = cells[j]
    return utf8_safe(text.strip()), is_text


def _sheet_cells(book: Xlsx, sheet: Typed) -> list[tuple[str, str, str, str, str, bool]]:
    """(cell, key, typed text, written text, label, typed is text) per row of a typed sheet
    that has the tool's columns; none when the sheet is gone or lacks them."""
    title = {t.casefold(): t for t in book.sheets}.get(sheet.title.casefold())
    if title is None:
        return []
    cols, _ = _columns(book, title, sheet)
    if min(cols["typed"], cols["key"], cols["written"]) < 0:
        return []
    wanted = {j for j in cols.values() if j >= 0}
    letter = column_letter(cols["typed"] + 1)
    rows = []
    for n, cells in book.rows(title, columns=wanted):
        if n == 1:
            continue
        key = _text(cells, cols["key"])[0]
        typed, is_text = _text(cells, cols["typed"])
        written = _text(cells, cols["written"])[0]
        rows.append((f"{letter}{n}", key, typed, written, _text(cells, cols["label"])[0],
                     is_text))
    return rows


def _read(book: Xlsx, path: Path, name: str, saved: int, base: dict[str, str]
          ) -> tuple[list[list[object]], list[list[object]], dict[str, str], list[Notice]]:
    """The decision and answer edits of one workbook of this tool, the cells that now differ
    from what was written (to remember), and notices."""
    decisions: list[list[object]] = []
    answers: list[list[object]] = []
    now: dict[str, str] = {}
    nobody: list[str] = []
    for sheet in (*DECISION_SHEETS, PHRASES):
        for cell, key, typed, written, label, is_text in _sheet_cells(book, sheet):
            if sheet is PHRASES:
                key = key or phrase_key(label)
                value, was = answer_value(typed), answer_value(written)
            else:
                # A number, a date or TRUE is never a decision; it is kept as typed.
                value = read_decision(typed) if is_text else "?" + typed
                was = read_decision(written)
            slot = f"{sheet.title}|{key}"
            if value != was:
                now[slot] = value
            if value == base.get(slot, was):
                continue
            if not key:
                nobody.append(f"{sheet.title}!{cell}")
            elif sheet is PHRASES:
                answers.append([name, saved, cell, key, value, typed, label])
            else:
                decisions.append([name, saved, sheet.title, sheet.rank, cell, key, value, label])
    notices = []
    if nobody:
        notices.append(Notice(path.name, None, ", ".join(nobody[:10]) + ": a row without the "
                              "tool's key cannot be matched to anyone, so what was typed "
                              "there was ignored."))
    return decisions, answers, now, notices


def scan(out: Path | None, previous: str | Path | None, as_of: date) -> Scan:
    """Find and read what changed in the earlier workbooks (see the module's docstring)."""
    records, notices = seen.read_state(out)
    state = seen.State(records)
    if previous is not None:
        check_regular(Path(previous), hint="previous")
    books = candidates(out, previous)
    legacy_rule = find_previous(out, previous, as_of)
    check_closed([*books, *([report_paths(out, as_of)["xlsx"]] if out is not None else [])])
    decisions: list[list[object]] = []
    answers: list[list[object]] = []
    legacy: list[Path] = []
    opened: list[Path] = []
    by_save = sorted(books, key=lambda p: (p.stat().st_mtime_ns, p.name))
    for path in by_save:
        name = _record_name(path, out)
        size, mtime_ns = seen.fingerprint(path)
        known = next((r for r in reversed(state.records) if r.name == name), None)
        if known is not None and known.same_file(size, mtime_ns):
            continue  # unchanged since the tool wrote or read it
        with workbook_errors(path, "not a readable .xlsx workbook", opening=True):
            digest = seen.sha256_of(path)
        twin = next((r for r in reversed(state.records) if r.sha256 == digest), None)
        if twin is not None and (known is None or known.book == twin.book):
            # The content of a file already known: a copy, or a file moved or touched.
            state.put(seen.Record(name, size, mtime_ns, digest, twin.book, dict(twin.cells)))
            continue
        picked = any(path.resolve() == p.resolve() for p in legacy_rule)
        try:
            book = open_workbook(path)
        except InputError as exc:
            if picked:
                raise
            # A copy that is no workbook of this tool: said, and looked at again next run.
            notices.append(Notice(path.name, None, f"not read: {exc.message}"))
            continue
        try:
            with workbook_errors(path, "a sheet cannot be read"):
                wid = book_id(book)
                if wid is None:  # written before the tool kept its columns
                    if picked or (known is not None and not known.book):
                        legacy.append(path)
                        opened.append(path)
                    else:
                        notices.append(Notice(path.name, None, "written by an earlier version "
                                              "of the tool and older than the workbook read, "
                                              "so it was not read: read as it is, it could "
                                              "undo newer decisions. To read it, name it as "
                                              "the previous workbook."))
                    state.put(seen.Record(name, size, mtime_ns, digest, ""))
                    continue
                base = seen.baseline(state.records, name, wid)
                d, a, now, said = _read(book, path, name, mtime_ns, base)
        finally:
            book.close()
        opened.append(path)
        decisions += d
        answers += a
        notices += said
        state.put(seen.Record(name, size, mtime_ns, digest, wid, now))
    return Scan(state=state,
                decisions=pd.DataFrame(decisions, columns=DECISION_EDITS, dtype=object),
                answers=pd.DataFrame(answers, columns=ANSWER_EDITS, dtype=object),
                legacy=legacy, read_from=tuple(opened), notices=notices)
