"""Earlier workbooks: opening them safely, the lock files of an open one, and reading a
workbook written before the tool kept its hidden columns (the Decision cells by the export's
own headers, and the Connections sheet for the list of changes). The tool's own workbooks are
read through `cleanup.sheets` by `scan`.

A workbook is read by streaming its XML rather than with openpyxl: on 30,000 connections
openpyxl's read-only mode spent most of a run building cell objects for columns the cycle never
looks at. Columns are found by their header in row 1, so sorted, filtered, hidden, deleted or
moved rows and columns and a re-save in LibreOffice do no harm.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.files import check_regular
from cleanup.limits import (
    WORKBOOK_BYTES,
)
from cleanup.memory.ledger import UNCLEAR, read_decision
from cleanup.memory.xlsx import BROKEN, EXCEL_EPOCH, Cell, TooBig, Xlsx, column_letter
from cleanup.terms import WORKBOOK_NAME, report_date, report_paths
from cleanup.text import parse_date

#: The sheets the user types decisions into, and their rank when two cells disagree:
#: a worklist is where the user works through a decision, Connections is the full list.
SHEETS = {"Remove": 0, "Review": 0, "Connections": 1}


def find_previous(out: Path | None, previous: str | Path | None, as_of: date) -> list[Path]:
    """The workbooks written before the tool kept its hidden columns that a run reads when
    it has not read them yet (the earlier rule), oldest first.

    `--previous` when given (it must exist), else the newest `linkedin-cleanup-*.xlsx` in
    `out` dated on or before `as_of`. The workbook this run is about to replace is read too
    when it is another file, so that no decision is ever overwritten unread.
    """
    books: list[Path] = []
    if previous is not None:
        p = Path(previous)
        check_regular(p, hint="previous")
        if not p.is_file():
            raise InputError(f"{p}: the previous workbook named does not exist. Give last "
                             "month's linkedin-cleanup-YYYY-MM-DD.xlsx, or name none to "
                             "read the newest one in the output folder.", hint="previous")
        books.append(p)
    elif out is not None and out.is_dir():
        dated = []
        for f in out.iterdir():
            m = WORKBOOK_NAME.fullmatch(f.name)
            if m and f.is_file() and (d := report_date(f)) is not None and d <= as_of:
                dated.append((d, f))
        if dated:
            books.append(max(dated)[1])
    if out is not None:
        target = report_paths(out, as_of)["xlsx"]
        if target.is_file() and all(target.resolve() != b.resolve() for b in books):
            books.append(target)
    return books


def lock_files(path: Path) -> list[tuple[Path, str]]:
    """The lock files beside `path` that say a program has it open, with that program.

    Excel writes `~$` + the name (for longer names `~$` replaces its first two characters);
    LibreOffice writes `.~lock.` + the name + `#`.
    """
    found = []
    for name, program in ((f"~${path.name}", "Excel"), (f"~${path.name[2:]}", "Excel"),
                          (f".~lock.{path.name}#", "LibreOffice")):
        lock = path.with_name(name)
        if lock.is_file() and (lock, program) not in found:
            found.append((lock, program))
    return found


def check_closed(paths: list[Path]) -> None:
    """Refuse to go on while a workbook this run reads or replaces is open in a spreadsheet:
    decisions typed but not yet saved would be lost."""
    for path in paths:
        for lock, program in lock_files(path):
            raise InputError(f"close {path.name} in {program}, then run again: it is open "
                             f"there ({lock.name} is beside it), and decisions typed but not "
                             f"saved would be lost. If {program} is not running, the lock "
                             f"file was left behind by a crash: delete {lock}.")


@dataclass(frozen=True)
class Book:
    """What one workbook holds for the monthly cycle."""

    path: Path
    as_of: date  # its own date: what it was prefilled with is the standing decision then
    cells: pd.DataFrame  # sheet, rank, cell, order, url, name, company, value, text
    rows: pd.DataFrame | None  # its Connections sheet: url, name, company, position, tag,
    #                            recommendation (the changes' fallback without a snapshot)
    notices: list[Notice]


def _norm(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header).strip().casefold()


def _unreadable(path: Path, why: str) -> InputError:
    return InputError(f"{path}: {why}. Its decisions cannot be read, and they are never "
                      "silently dropped: open it in Excel or LibreOffice and save it again as "
                      ".xlsx, or name another previous workbook (or move this one out of the "
                      "folder if it holds no decisions).", hint="previous")


def _check_is_workbook(path: Path) -> None:
    """Refuse, in plain words, a file that is no .xlsx at all (a CSV, LinkedIn's archive)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return  # a damaged workbook: read_workbook says what is wrong with it
        names = set()
    if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
        return  # an .xlsx, maybe damaged: read_workbook says what is wrong with it
    what = ("LinkedIn's archive, not a workbook linkedin-cleanup wrote" if any(
        n.casefold().endswith("connections.csv") for n in names)
        else "not a workbook linkedin-cleanup wrote (not an .xlsx file)")
    raise InputError(f"{path}: this is {what}. Give "
                     "last month's linkedin-cleanup-YYYY-MM-DD.xlsx as the previous workbook, "
                     "or name none to read the newest one in the output folder.",
                     hint="previous")


def open_workbook(path: Path) -> Xlsx:
    """An earlier workbook opened for streaming: a regular file, an .xlsx, within the caps;
    else an InputError that says what is wrong and how to go on."""
    check_regular(path, hint="previous")
    _check_is_workbook(path)
    with workbook_errors(path, "not a readable .xlsx workbook", opening=True):
        if (size := path.stat().st_size) > WORKBOOK_BYTES:
            raise TooBig(f"{size:,} bytes")
        return Xlsx(path)


@contextlib.contextmanager
def workbook_errors(path: Path, what: str, opening: bool = False) -> Iterator[None]:
    """What can go wrong opening or reading an earlier workbook (a cap passed, a lock, a
    damaged part), as one InputError that names the file and says how to go on."""
    try:
        yield
    except TooBig as exc:
        raise _too_big(path, exc) from None
    except PermissionError:
        held = "open or locked" if opening else "locked"
        raise InputError(f"{path}: cannot be {'opened' if opening else 'read'}: another program "
                         f"has it {held}. Close it in Excel or LibreOffice and run again."
                         ) from None
    except (*BROKEN, OSError) as exc:
        raise _unreadable(path, f"{what} ({type(exc).__name__}: {exc})") from None


def read_workbook(path: Path, run_as_of: date) -> Book:
    """Read the Decision column of the Connections, Remove and Review sheets of `path`."""
    book = open_workbook(path)
    try:
        with workbook_errors(path, "a sheet cannot be read"):
            return _read_sheets(book, path, run_as_of)
    finally:
        book.close()


def _too_big(path: Path, exc: TooBig) -> InputError:
    return InputError(f"{path}: {exc}, more than any workbook of a LinkedIn network (at most "
                      "30,000 connections) holds; refusing to read it. Name the workbook this "
                      "tool wrote last month, or move this file out of the folder.",
                      hint="previous")


def _read_sheets(book: Xlsx, path: Path, run_as_of: date) -> Book:
    titles = {t.casefold(): t for t in book.sheets}
    if "connections" not in titles:
        raise _unreadable(path, "has no Connections sheet (sheets found: "
                          + ", ".join(book.sheets) + ")")
    notices: list[Notice] = []
    columns: dict[str, list[Any]] = {k: [] for k in (
        "sheet", "rank", "cell", "url", "name", "company", "value", "text")}
    rows: pd.DataFrame | None = None
    for sheet, rank in sorted(SHEETS.items(), key=lambda kv: kv[0] != "Connections"):
        title = titles.get(sheet.casefold())
        if title is None:
            continue  # the user deleted a worklist sheet: nothing was typed there
        header = book.header(title)
        col: dict[str, int] = {}
        for j in sorted(header):
            col.setdefault(_norm(header[j][0]), j)
        dec = col.get("decision")
        url = col.get("url", col.get("profile url"))
        fname, lname, company = col.get("first name"), col.get("last name"), col.get("company")
        if fname is None and lname is None:
            fname = col.get("name")  # the worklists' layout: one Name column
        if dec is None or (url is None and fname is None and lname is None):
            missing = "Decision" if dec is None else "URL, Name, or First Name and Last Name"
            if sheet == "Connections":
                raise _unreadable(path, f"its Connections sheet has no {missing} column in "
                                  "row 1")
            notices.append(Notice(path.name, None, f"sheet {title} has no {missing} column in "
                                  "row 1; its decisions, if any, were not read."))
            continue
        keep_rows = sheet == "Connections"
        extra = {k: col.get(k) for k in ("position", "tag", "recommendation")} if keep_rows else {}
        wanted = {j for j in (dec, url, fname, lname, company, *extra.values()) if j is not None}
        got: dict[str, list[str]] = {k: [] for k in ("url", "name", "company", *extra)}
        letter = column_letter(dec + 1)
        none: Cell = ("", True)
        for n, cells in book.rows(title, columns=wanted):
            if n == 1:
                continue  # the header
            who_url = cells.get(url, none)[0].strip() if url is not None else ""
            who = " ".join(cells.get(j, none)[0].strip() for j in (fname, lname)
                           if j is not None).strip()
            firm = cells.get(company, none)[0].strip() if company is not None else ""
            text, is_text = cells.get(dec, none)
            text = text.strip()
            # A number, a date or TRUE is never a decision; it is kept as typed all the same.
            value = read_decision(text) if is_text else UNCLEAR + text
            if not (who_url or who or text):
                continue  # an empty row
            for k, v in (("sheet", title), ("rank", rank), ("cell", f"{letter}{n}"),
                         ("url", who_url), ("name", who), ("company", firm),
                         ("value", value), ("text", text)):
                columns[k].append(v)
            if keep_rows:
                got["url"].append(who_url)
                got["name"].append(who)
                got["company"].append(firm)
                for k, at in extra.items():
                    got[k].append(cells.get(at, none)[0].strip() if at is not None else "")
        if keep_rows:
            rows = pd.DataFrame(got, dtype=object)
    cells_frame = pd.DataFrame(columns, dtype=object)
    cells_frame["order"] = range(len(cells_frame))
    # Never later than this run: a file named for a future date would stamp its decisions
    # with a day that has not come yet.
    as_of = min(report_date(path) or _summary_as_of(book) or run_as_of, run_as_of)
    return Book(path=path, as_of=as_of, cells=cells_frame, rows=rows, notices=notices)


def _summary_as_of(book: Xlsx) -> date | None:
    """The "As of" date on the Summary sheet, for a workbook renamed by the user."""
    title = {t.casefold(): t for t in book.sheets}.get("summary")
    if title is None:
        return None
    with contextlib.closing(book.rows(title, columns={0, 1})) as rows:
        for n, cells in rows:
            if n > 40:
                break
            if _norm(cells.get(0, ("", True))[0]) == "as of" and 1 in cells:
                text, is_text = cells[1]
                if is_text:
                    return parse_date(text)
                with contextlib.suppress(ValueError, OverflowError):
                    return EXCEL_EPOCH + timedelta(days=int(float(text)))  # a date cell
                return None
    return None

