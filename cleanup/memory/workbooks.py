"""Earlier workbooks, read back: the Decision cells the user typed, and the Connections sheet.

A workbook is read by streaming its XML rather than with openpyxl: on 30,000 connections
openpyxl's read-only mode spent most of a run building cell objects for columns the cycle never
looks at. Columns are found by their header in row 1, so sorted, filtered, hidden, deleted or
moved rows and columns and a re-save in LibreOffice do no harm.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from cleanup.errors import InputError, Notice
from cleanup.files import check_regular
from cleanup.limits import (
    EXCEL_CELL_CHARS,
    EXCEL_ROWS,
    WORKBOOK_BYTES,
    WORKBOOK_PART_BYTES,
    WORKBOOK_STRINGS,
)
from cleanup.memory.ledger import UNCLEAR, read_decision
from cleanup.model import (
    WORKBOOK_NAME,
    report_date,
    report_paths,
)
from cleanup.text import parse_date

#: The sheets the user types decisions into, and their rank when two cells disagree:
#: a worklist is where the user works through a decision, Connections is the full list.
SHEETS = {"Remove": 0, "Review": 0, "Connections": 1}


def find_previous(out: Path | None, previous: str | Path | None, as_of: date) -> list[Path]:
    """The workbooks whose Decision column this run reads, oldest first.

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
    as_of: date  # the date its decisions count as decided on
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


# ---------------------------------------------------------------------------- .xlsx, streamed

_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",  # transitional
               "http://purl.oclc.org/ooxml/spreadsheetml/main", "")  # strict; none at all


def _tag(local: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{local}" if ns else local for ns in _NAMESPACES)


_T, _RUN, _SI, _SHEET = (_tag(t) for t in ("t", "r", "si", "sheet"))


def _expat_names(*local: str) -> frozenset[str]:
    """Element names as expat reports them with namespace_separator=" "."""
    return frozenset(f"{ns} {name}" if ns else name for ns in _NAMESPACES for name in local)


_X_C, _X_ROW, _X_VT, _X_PHONETIC = (_expat_names(*n) for n in (("c",), ("row",), ("v", "t"),
                                                               ("rPh",)))
_EXCEL_EPOCH = date(1899, 12, 30)
#: A cell as read: its text, and whether it is text (not a number, boolean or error).
Cell = tuple[str, bool]
#: What a broken .xlsx raises while being read (a bad zip, XML or shared-string index).
_BROKEN = (zipfile.BadZipFile, zlib.error, ET.ParseError, xml.parsers.expat.ExpatError,
           KeyError, ValueError, IndexError, EOFError, UnicodeDecodeError)


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Text as Excel shows it: `_xHHHH_` decoded, as every spreadsheet writer escapes
    control characters (and `_x005F_` a literal underscore that starts such an escape)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _child(element: ET.Element, tags: frozenset[str]) -> ET.Element | None:
    return next((c for c in element if c.tag in tags), None)


def _rich_text(element: ET.Element) -> str:
    """The text of an <si> or <is>: one <t>, or runs <r><t>; phonetic guides left out."""
    parts = []
    for child in element:
        if child.tag in _T:
            parts.append(child.text or "")
        elif child.tag in _RUN and (t := _child(child, _T)) is not None:
            parts.append(t.text or "")
    return "".join(parts)


def _column(letters: str) -> int:
    if len(letters) > 3:  # past XFD, Excel's last column: no column this reader looks at
        return 1 << 20
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class _TooBig(Exception):
    """A part of the workbook is past one of the caps: no workbook this tool writes, nor one
    saved by Excel or LibreOffice from it, comes near them."""


class _Capped:
    """A zip member read through a cap on its uncompressed size, whatever it declares."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        info = zf.getinfo(name)
        if info.file_size > WORKBOOK_PART_BYTES:
            raise _TooBig(f"its part {name} declares {info.file_size:,} bytes, past "
                          f"{WORKBOOK_PART_BYTES:,} bytes")
        self.fh, self.name, self.total = zf.open(info), name, 0

    def read(self, size: int = -1) -> bytes:
        rest = WORKBOOK_PART_BYTES + 1 - self.total
        data = self.fh.read(min(size, rest) if size >= 0 else rest)
        self.total += len(data)
        if self.total > WORKBOOK_PART_BYTES:
            raise _TooBig(f"its part {self.name} inflates past {WORKBOOK_PART_BYTES:,} bytes")
        return data

    def close(self) -> None:
        self.fh.close()

    def __enter__(self) -> _Capped:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with _Capped(zf, name) as fh:
        return fh.read()


class _Xlsx:
    """Just enough of an .xlsx reader for the Decision column, streaming the sheet XML.

    openpyxl, even in read-only mode, builds objects for every cell of every column: on
    30,000 connections it took 20 s and more. This streams the XML and keeps only the few
    columns asked for, several times faster, and reads what Excel, LibreOffice, openpyxl and
    XlsxWriter write: shared and inline strings, rich text, the strict namespace, rows and
    cells without an `r` reference.
    """

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.sheets: dict[str, str] = {}  # title -> part name, in workbook order
        self._strings_part = ""
        self._strings: list[str] | None = None
        book = "xl/workbook.xml"
        with contextlib.suppress(KeyError):
            for rel in ET.fromstring(_read_part(self.zip, "_rels/.rels")):
                if rel.get("Type", "").endswith("/officeDocument"):
                    book = rel.get("Target", book).lstrip("/")
        folder = posixpath.dirname(book)
        targets = {}
        rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
        for rel in ET.fromstring(_read_part(self.zip, rels)):
            target = rel.get("Target", "")
            part = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            targets[rel.get("Id")] = part
            if rel.get("Type", "").endswith("/sharedStrings"):
                self._strings_part = part
        for element in ET.fromstring(_read_part(self.zip, book)).iter():
            if element.tag in _SHEET:
                rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
                if rid in targets:
                    self.sheets[element.get("name", "")] = targets[rid]

    def close(self) -> None:
        self.zip.close()

    def _shared(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if self._strings_part:
                with _Capped(self.zip, self._strings_part) as fh:
                    for _, element in ET.iterparse(fh):  # type: ignore[arg-type]
                        if element.tag in _SI:
                            if len(self._strings) >= WORKBOOK_STRINGS:
                                raise _TooBig("its shared-string table holds more than "
                                              f"{WORKBOOK_STRINGS:,} entries")
                            text = _unescape(_rich_text(element))
                            if len(text) > EXCEL_CELL_CHARS:
                                raise _TooBig(f"shared string {len(self._strings):,} holds "
                                              f"more than {EXCEL_CELL_CHARS:,} characters")
                            self._strings.append(text)
                            element.clear()
        return self._strings

    def header(self, title: str) -> dict[int, Cell]:
        """Row 1 of a sheet, every column (empty when row 1 is empty)."""
        # Row 1 is in the first few kilobytes: read no more of the sheet than that.
        with contextlib.closing(self.rows(title, chunk=1 << 14)) as rows:
            first = next(rows, None)
        return first[1] if first is not None and first[0] == 1 else {}

    def rows(self, title: str, columns: set[int] | None = None,
             chunk: int = 1 << 20) -> Generator[tuple[int, dict[int, Cell]], None, None]:
        """(row number, {column index: cell}) for every row holding a value in `columns`
        (every column when None), streamed: the sheet is never held in memory whole."""
        sheet = _SheetRows(self._shared(), columns)
        with _Capped(self.zip, self.sheets[title]) as fh:
            while data := fh.read(chunk):
                sheet.parser.Parse(data, False)
                yield from sheet.take()
            sheet.parser.Parse(b"", True)
            yield from sheet.take()


class _SheetRows:
    """The cells of some columns of a worksheet's XML, collected from expat's callbacks.

    expat's callbacks cost less than ElementTree's iterparse, which builds an element for
    every <c>, <v>, <is> and <t> (about 1.5 million on 30,000 connections): this is the one
    step of a run that grows with the workbook, so it is worth the small state machine.
    """

    def __init__(self, shared: list[str], columns: set[int] | None) -> None:
        self.shared, self.columns = shared, columns
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.done: list[tuple[int, dict[int, Cell]]] = []
        self.letters: dict[str, int] = {}
        self.number = self.col = 0
        self.cells: dict[int, Cell] = {}
        self.kind, self.wanted, self.capture, self.phonetic = "n", False, False, False
        self.parts: list[str] = []
        self.size = self.count = 0

    def take(self) -> list[tuple[int, dict[int, Cell]]]:
        done, self.done = self.done, []
        return done

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name in _X_C:
            ref = attrs.get("r")
            if ref:
                key = ref.rstrip("0123456789")
                col = self.letters.get(key)
                self.col = col if col is not None else self.letters.setdefault(key, _column(key))
            self.wanted = self.columns is None or self.col in self.columns
            self.kind = attrs.get("t", "n")
            self.parts = []
            self.size = 0
        elif self.wanted and name in _X_VT:
            self.capture = not self.phonetic
        elif name in _X_ROW:
            ref = attrs.get("r")
            self.number = int(ref) if ref else self.number + 1
            self.col = 0
        elif name in _X_PHONETIC:
            self.phonetic = True

    def _end(self, name: str) -> None:
        if name in _X_VT:
            self.capture = False
        elif name in _X_C:
            if self.wanted and (self.parts or self.kind == "inlineStr"):
                self.cells[self.col] = self._cell("".join(self.parts))
            self.wanted = False
            self.col += 1
        elif name in _X_ROW:
            self.count += 1
            if self.count > EXCEL_ROWS:
                raise _TooBig(f"a sheet holds more than {EXCEL_ROWS:,} rows")
            if self.cells:
                self.done.append((self.number, self.cells))
            self.cells = {}
        elif name in _X_PHONETIC:
            self.phonetic = False

    def _text(self, data: str) -> None:
        if self.capture:
            self.size += len(data)
            if self.size > EXCEL_CELL_CHARS:
                raise _TooBig(f"a cell in row {self.number:,} holds more than "
                              f"{EXCEL_CELL_CHARS:,} characters")
            self.parts.append(data)

    def _cell(self, text: str) -> Cell:
        if self.kind == "s":
            return self.shared[int(text)], True
        if self.kind in ("inlineStr", "str"):
            return _unescape(text), True
        if self.kind == "b":
            return ("TRUE" if text.strip() == "1" else "FALSE"), False
        return text, False  # numbers, dates and errors are not text


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


def read_workbook(path: Path, run_as_of: date) -> Book:
    """Read the Decision column of the Connections, Remove and Review sheets of `path`."""
    check_regular(path, hint="previous")
    _check_is_workbook(path)
    try:
        if (size := path.stat().st_size) > WORKBOOK_BYTES:
            raise _TooBig(f"{size:,} bytes")
        book = _Xlsx(path)
    except _TooBig as exc:
        raise _too_big(path, exc) from None
    except PermissionError:
        raise InputError(f"{path}: cannot be opened: another program has it open or locked. "
                         "Close it in Excel or LibreOffice and run again.") from None
    except (*_BROKEN, OSError) as exc:
        raise _unreadable(path, f"not a readable .xlsx workbook ({type(exc).__name__}: "
                                f"{exc})") from None
    try:
        return _read_sheets(book, path, run_as_of)
    except _TooBig as exc:
        raise _too_big(path, exc) from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read: another program has it locked. Close it "
                         "in Excel or LibreOffice and run again.") from None
    except (*_BROKEN, OSError) as exc:
        raise _unreadable(path, f"a sheet cannot be read ({type(exc).__name__}: "
                                f"{exc})") from None
    finally:
        book.close()


def _too_big(path: Path, exc: _TooBig) -> InputError:
    return InputError(f"{path}: {exc}, more than any workbook of a LinkedIn network (at most "
                      "30,000 connections) holds; refusing to read it. Name the workbook this "
                      "tool wrote last month, or move this file out of the folder.",
                      hint="previous")


def _read_sheets(book: _Xlsx, path: Path, run_as_of: date) -> Book:
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
        letter = get_column_letter(dec + 1)
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


def _summary_as_of(book: _Xlsx) -> date | None:
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
                    return _EXCEL_EPOCH + timedelta(days=int(float(text)))  # a date cell
                return None
    return None

