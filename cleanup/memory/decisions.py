"""The monthly cycle (SPEC §6): the user's decisions, the ledger decisions.csv, what changed.

The workbook is only where the user types; `decisions.csv` in `--out` is the durable memory.
Each run:

1. reads the ledger (`Profile URL, Name, Company, Decision, Decided On, Source Workbook`;
   the last line for a person is their standing decision, "" meaning "no decision");
2. reads the Decision column of the previous workbook (`--previous`, else the newest
   `linkedin-cleanup-YYYY-MM-DD.xlsx` in `--out` dated on or before this run, which is the
   very file about to be replaced when a month is run twice) on the Connections, Remove
   and Review sheets, and appends a line for every decision that is new, changed or
   cleared;
3. applies the standing decisions to this run's connections (§5.4: the strongest override),
   and stages the whole new ledger with the reports, so that all of them land or none does.

Matching: by the normalised profile URL; for rows without one, by folded name and company
(`history.person_ids`). Columns are found by their header in row 1, so sorted, filtered,
hidden, deleted or moved rows and columns and a re-save in LibreOffice do no harm.

A cell the user changed beats one still holding what the tool prefilled: a person listed on
Connections and on Remove whose Remove cell was changed from "remove" to "keep" is kept,
although the Connections cell still says "remove". When two cells were both changed to
different values, the worklist (Remove, Review) wins over Connections, and a warning names
both cells. Emptying a prefilled cell clears the decision: a ledger line with an empty
Decision is written and the rules decide again. A row deleted from a sheet is not a
clearing; it says nothing.

What a workbook was prefilled with needs no extra file: it is the standing decision as of
the workbook's own date (the person's last ledger line dated on or before it). A workbook
never overrides a newer decision: what was typed into the workbook of 2026-01-25 is ignored
(with a warning) for a person whose standing decision dates from a later workbook.

The workbook is read by streaming its XML (`_Xlsx`) rather than with openpyxl: on 30,000
connections openpyxl's read-only mode spent most of a run building cell objects for columns
the cycle never looks at.
"""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from cleanup.errors import InputError
from cleanup.memory.history import person_ids
from cleanup.model import (
    DECISIONS,
    WORKBOOK_NAME,
    Decisions,
    Result,
    SourceFile,
    report_date,
    report_paths,
)
from cleanup.read.csvio import read_table
from cleanup.text import parse_date, parse_dates, whole

LEDGER = "decisions.csv"
LEDGER_COLUMNS = ["Profile URL", "Name", "Company", "Decision", "Decided On", "Source Workbook"]
#: The sheets the user types decisions into, and their rank when two cells disagree:
#: a worklist is where the user works through a decision, Connections is the full list.
SHEETS = {"Remove": 0, "Review": 0, "Connections": 1}
#: Leading characters that make Excel or LibreOffice read a CSV cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
#: How many cells one kind of warning names before it only counts the rest.
_SHOWN = 10

StageFn = Callable[[Path, Callable[[Path], None]], None]


# ---------------------------------------------------------------------------- the ledger

def _escape(values: pd.Series) -> pd.Series:
    # A name such as "=HYPERLINK(...)" must stay text when the user opens the ledger in a
    # spreadsheet: a leading apostrophe is added, and a real leading apostrophe doubled, so
    # that reading back (`_unescape`) gives exactly the original.
    s = values.fillna("").astype(str)
    return s.mask(s.str.startswith(_FORMULA_START), "'" + s)


def _unescape(values: pd.Series) -> pd.Series:
    s = values.fillna("").astype(str)
    return s.mask(s.str.startswith("'"), s.str.slice(1))


def empty_ledger() -> pd.DataFrame:
    """A ledger without lines."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})


def read_ledger(path: Path) -> tuple[pd.DataFrame, pd.Series]:
    """decisions.csv as written (LEDGER_COLUMNS first, unknown columns kept), with the file
    line of each ledger line. Tolerates a re-save by Excel (BOM, cp1252, `;`, CRLF)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: the decisions ledger cannot be read ({exc.strerror}). Close "
                         "it in any program that has it open and run again.") from None
    source = SourceFile(str(path), hashlib.sha256(data).hexdigest(), len(data))
    required = [c for c in LEDGER_COLUMNS if c != "Source Workbook"]
    try:
        table = read_table(data, source, must=required)
    except InputError:
        raise InputError(f"{path}: not a decisions ledger linkedin-cleanup can read: its "
                         f"header must hold {', '.join(LEDGER_COLUMNS)}. It holds your "
                         "earlier decisions, so it is never overwritten: repair the header, "
                         "or move the file out of the folder to start a new ledger.") from None
    frame = table.frame.copy()
    if "Source Workbook" not in frame.columns:
        frame["Source Workbook"] = ""
    frame = frame[LEDGER_COLUMNS + [c for c in frame.columns if c not in LEDGER_COLUMNS]]
    frame = frame.apply(_unescape).astype(object)
    return frame.reset_index(drop=True), pd.Series(table.lines, dtype="int64")


def write_ledger(ledger: pd.DataFrame, path: Path) -> None:
    """Write the ledger: UTF-8 with BOM, so that a double-click in Excel shows accents."""
    ledger.apply(_escape).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _parse(ledger: pd.DataFrame, new: bool) -> pd.DataFrame:
    """The ledger lines in the form the matching needs: person ids, decision, date, usable."""
    ids = person_ids(ledger["Profile URL"], ledger["Name"], ledger["Company"])
    decision = ledger["Decision"].fillna("").astype(str).str.strip().str.casefold()
    text = ledger["Decided On"].fillna("").astype(str)
    on = parse_dates(text).dt.strftime("%Y-%m-%d").fillna("").astype(object)
    ok = decision.isin((*DECISIONS, "")) & on.ne("") & ids["id"].ne("")
    return pd.DataFrame({"url_id": ids["url_id"], "name_id": ids["name_id"], "id": ids["id"],
                         "decision": decision, "decided_on": on, "ok": ok, "new": new},
                        index=ledger.index)


def _ledger_warnings(path: Path, parsed: pd.DataFrame, lines: pd.Series,
                     ledger: pd.DataFrame) -> list[str]:
    bad = parsed[~parsed["ok"]]
    if bad.empty:
        return []
    shown = []
    for i in bad.index[:_SHOWN]:
        line = ledger.loc[i]
        if parsed.at[i, "id"] == "":
            why = "names no profile URL and no name"
        elif parsed.at[i, "decided_on"] == "":
            why = f"'Decided On' {line['Decided On']!r} is not a date like 2026-01-25"
        else:
            why = f"{line['Decision']!r} is not keep, remove or empty"
        shown.append(f"line {lines.iloc[i]} {why}")
    more = f" (and {len(bad) - _SHOWN} more)" if len(bad) > _SHOWN else ""
    return [f"{path}: {len(bad)} lines are not used, but kept in the file: "
            + "; ".join(shown) + more + "."]


def _standing(parsed: pd.DataFrame, upto: str | None = None) -> pd.DataFrame:
    """The last usable line per person id (decided on or before `upto` when given)."""
    use = parsed[parsed["ok"]]
    if upto is not None:
        use = use[use["decided_on"].le(upto)]
    return (use.drop_duplicates("id", keep="last").set_index("id")
            [["decision", "decided_on", "new"]])


def _match(ids: pd.DataFrame, standing: pd.DataFrame) -> pd.DataFrame:
    """The standing decision per row of `ids` (url_id, name_id), NaN where there is none.

    The URL decides when there is one; a decision recorded without a URL (from an export
    that had none) still applies to the same name and company once the export has URLs.
    """
    by_url = standing.reindex(ids["url_id"].to_numpy()).set_axis(ids.index)
    by_name = standing.reindex(ids["name_id"].to_numpy()).set_axis(ids.index)
    return by_url.where(by_url["decision"].notna(), by_name)


# ---------------------------------------------------------------------------- workbooks

def find_previous(out: Path | None, previous: str | Path | None, as_of: date) -> list[Path]:
    """The workbooks whose Decision column this run reads, oldest first.

    `--previous` when given (it must exist), else the newest `linkedin-cleanup-*.xlsx` in
    `out` dated on or before `as_of`. The workbook this run is about to replace is read too
    when it is another file, so that no decision is ever overwritten unread.
    """
    books: list[Path] = []
    if previous is not None:
        p = Path(previous)
        if not p.is_file():
            raise InputError(f"{p}: --previous names no such workbook. Give last month's "
                             "linkedin-cleanup-YYYY-MM-DD.xlsx, or leave out --previous to "
                             "read the newest one in the output folder.")
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


@dataclass(frozen=True)
class _Book:
    """What one workbook holds for the monthly cycle."""

    path: Path
    as_of: date  # the date its decisions count as decided on
    cells: pd.DataFrame  # sheet, rank, cell, order, url, name, company, value, text
    rows: pd.DataFrame | None  # its Connections sheet: url, name, company, position, tag,
    #                            recommendation (the changes' fallback without a snapshot)
    warnings: list[str]


def _norm(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header).strip().casefold()


def _unreadable(path: Path, why: str) -> InputError:
    return InputError(f"{path}: {why}. Its decisions cannot be read, and they are never "
                      "silently dropped: open it in Excel or LibreOffice and save it again as "
                      ".xlsx, or pass --previous with another workbook (or move this one out "
                      "of the folder if it holds no decisions).")


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
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


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
            for rel in ET.fromstring(self.zip.read("_rels/.rels")):
                if rel.get("Type", "").endswith("/officeDocument"):
                    book = rel.get("Target", book).lstrip("/")
        folder = posixpath.dirname(book)
        targets = {}
        rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
        for rel in ET.fromstring(self.zip.read(rels)):
            target = rel.get("Target", "")
            part = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            targets[rel.get("Id")] = part
            if rel.get("Type", "").endswith("/sharedStrings"):
                self._strings_part = part
        for element in ET.fromstring(self.zip.read(book)).iter():
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
                with self.zip.open(self._strings_part) as fh:
                    for _, element in ET.iterparse(fh):
                        if element.tag in _SI:
                            self._strings.append(_rich_text(element))
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
        with self.zip.open(self.sheets[title]) as fh:
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
            if self.cells:
                self.done.append((self.number, self.cells))
            self.cells = {}
        elif name in _X_PHONETIC:
            self.phonetic = False

    def _text(self, data: str) -> None:
        if self.capture:
            self.parts.append(data)

    def _cell(self, text: str) -> Cell:
        if self.kind == "s":
            return self.shared[int(text)], True
        if self.kind in ("inlineStr", "str"):
            return text, True
        if self.kind == "b":
            return ("TRUE" if text.strip() == "1" else "FALSE"), False
        return text, False  # numbers, dates and errors are not text


def read_workbook(path: Path, run_as_of: date) -> _Book:
    """Read the Decision column of the Connections, Remove and Review sheets of `path`."""
    try:
        book = _Xlsx(path)
    except PermissionError:
        raise InputError(f"{path}: cannot be opened: another program has it open or locked. "
                         "Close it in Excel or LibreOffice and run again.") from None
    except (*_BROKEN, OSError) as exc:
        raise _unreadable(path, f"not a readable .xlsx workbook ({type(exc).__name__}: "
                                f"{exc})") from None
    try:
        return _read_sheets(book, path, run_as_of)
    except PermissionError:
        raise InputError(f"{path}: cannot be read: another program has it locked. Close it "
                         "in Excel or LibreOffice and run again.") from None
    except (*_BROKEN, OSError) as exc:
        raise _unreadable(path, f"a sheet cannot be read ({type(exc).__name__}: "
                                f"{exc})") from None
    finally:
        book.close()


def _read_sheets(book: _Xlsx, path: Path, run_as_of: date) -> _Book:
    titles = {t.casefold(): t for t in book.sheets}
    if "connections" not in titles:
        raise _unreadable(path, "has no Connections sheet (sheets found: "
                          + ", ".join(book.sheets) + ")")
    warnings: list[str] = []
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
        if dec is None or (url is None and fname is None and lname is None):
            missing = "Decision" if dec is None else "URL or First Name and Last Name"
            if sheet == "Connections":
                raise _unreadable(path, f"its Connections sheet has no {missing} column in "
                                  "row 1")
            warnings.append(f"{path.name}: sheet {title} has no {missing} column in row 1; "
                            "its decisions, if any, were not read.")
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
            value = " ".join(text.split()).casefold() if is_text else "?"
            value = value if value in (*DECISIONS, "") else "?"
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
    as_of = report_date(path) or _summary_as_of(book) or run_as_of
    return _Book(path=path, as_of=as_of, cells=cells_frame, rows=rows, warnings=warnings)


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


# ---------------------------------------------------------------------------- reading

def _cells_named(cells: pd.DataFrame, book: Path) -> str:
    shown = ", ".join(f"{s}!{c}" for s, c in zip(cells["sheet"][:_SHOWN], cells["cell"][:_SHOWN],
                                                 strict=True))
    more = f" and {len(cells) - _SHOWN} more" if len(cells) > _SHOWN else ""
    return f"{book.name}: {shown}{more}"


def _capped(messages: list[str], more: str) -> list[str]:
    """At most _SHOWN messages of one kind, then one line that says how many more."""
    return messages if len(messages) <= _SHOWN else [*messages[:_SHOWN], more + "."]


def _decisions_in(book: _Book, parsed: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The ledger lines `book` adds to the ledger `parsed`, and the warnings on the way."""
    warnings = list(book.warnings)
    cells = book.cells.join(person_ids(book.cells["url"], book.cells["name"],
                                       book.cells["company"]))
    invalid = cells[cells["value"].eq("?")]
    said = [f"{_cells_named(group, book.path)}: {str(text)[:40]!r} is not keep or remove, so "
            "it was ignored. Type keep or remove, or empty the cell to let the rules decide."
            for text, group in invalid.groupby("text", sort=True)]
    warnings += _capped(said, f"{book.path.name}: {len(said) - _SHOWN} other values that are "
                        "not keep or remove were ignored as well")
    nobody = cells[cells["id"].eq("") & cells["value"].isin(DECISIONS)]
    if len(nobody):
        warnings.append(f"{_cells_named(nobody, book.path)}: a decision on a row without a "
                        "profile URL or a name cannot be matched to anyone, so it was ignored.")
    cells = cells[cells["id"].ne("") & cells["value"].ne("?")]

    when = book.as_of.isoformat()
    # What this workbook was prefilled with: the standing decision as of its own date.
    prefilled = _match(cells, _standing(parsed, upto=when))["decision"].fillna("")
    changed = cells[cells["value"].ne(prefilled)]
    changed = changed.sort_values(["id", "rank", "order"], kind="stable")
    conflicts = changed[changed.groupby("id")["value"].transform("nunique").gt(1)]
    said = []
    for _, group in conflicts.groupby("id", sort=False):
        cells_said = "; ".join(f"{s}!{c} says {v or 'nothing'}" for s, c, v
                               in zip(group["sheet"], group["cell"], group["value"],
                                      strict=True))
        first = group.iloc[0]
        who = first["name"] or first["url"]
        used = first["value"] or "no decision"
        said.append(f"{book.path.name}: conflicting decisions for {who}: {cells_said}. Used "
                    f"{used} from {first['sheet']} (a worklist wins over Connections); fix the "
                    "other cell in the new workbook if that is wrong.")
        if len(said) > _SHOWN:
            break
    warnings += _capped(said, f"{book.path.name}: "
                        f"{conflicts['id'].nunique() - _SHOWN} more people have conflicting "
                        "decisions; the same rule was applied")
    chosen = changed.drop_duplicates("id", keep="first")

    now = _match(chosen, _standing(parsed))
    now_value = now["decision"].fillna("")
    now_on = now["decided_on"].fillna("")
    stale = now_on.gt(when) & chosen["value"].ne(now_value)
    said = [f"{book.path.name}: {c['sheet']}!{c['cell']} says {c['value'] or 'nothing'} for "
            f"{c['name'] or c['url']}, but your decision {value or '(cleared)'} of {on} is "
            "newer and stands."
            for (_, c), value, on in zip(chosen[stale].head(_SHOWN + 1).iterrows(),
                                         now_value[stale], now_on[stale], strict=False)]
    warnings += _capped(said, f"{book.path.name}: {int(stale.sum()) - _SHOWN} more cells "
                        "are older than your newer decisions, which stand")
    record = chosen[~now_on.gt(when) & chosen["value"].ne(now_value)]
    lines = pd.DataFrame({"Profile URL": record["url"], "Name": record["name"],
                          "Company": record["company"], "Decision": record["value"],
                          "Decided On": when, "Source Workbook": book.path.name},
                         columns=LEDGER_COLUMNS, dtype=object)
    # A deterministic order: by name, then URL (each run's lines share one date per book).
    lines = (lines.assign(_k=whole(lines["Name"]))
             .sort_values(["_k", "Name", "Profile URL", "Company"], kind="stable")
             .drop(columns="_k").reset_index(drop=True))
    return lines, warnings


def load(out: Path | None, previous: str | Path | None, people: pd.DataFrame,
         as_of: date) -> Decisions:
    """The decisions that apply to this run's connections, and the new ledger to write.

    Reads `out/decisions.csv` and the previous workbook(s) (`find_previous`). Raises
    InputError for a missing `--previous`, a workbook that cannot be read (broken, locked,
    without a Connections sheet or Decision column) or a ledger without its header: their
    decisions are never silently dropped.
    """
    warnings: list[str] = []
    ledger = empty_ledger()
    parsed = _parse(ledger, new=False)
    if out is not None and (out / LEDGER).exists():
        ledger, lines = read_ledger(out / LEDGER)
        parsed = _parse(ledger, new=False)
        warnings += _ledger_warnings(out / LEDGER, parsed, lines, ledger)

    books = find_previous(out, previous, as_of)
    added: list[pd.DataFrame] = []
    older: _Book | None = None
    for path in books:
        book = read_workbook(path, as_of)
        lines, said = _decisions_in(book, parsed)
        warnings += said
        if len(lines):
            added.append(lines)
            parsed = pd.concat([parsed, _parse(lines, new=True)], ignore_index=True)
        if book.as_of < as_of and book.rows is not None and (
                older is None or book.as_of >= older.as_of):
            older = book
    new_lines = pd.concat(added, ignore_index=True) if added else empty_ledger()
    if len(new_lines):
        ledger = pd.concat([ledger, new_lines.reindex(columns=ledger.columns, fill_value="")],
                           ignore_index=True).fillna("").astype(object)

    standing = _standing(parsed)
    ids = person_ids(people["url"], people["name"], people["company"])
    found = _match(ids, standing)
    decision = found["decision"].fillna("")
    decided = decision.isin(DECISIONS)
    frame = pd.DataFrame({"decision": decision.where(decided, ""),
                          "decided_on": found["decided_on"].fillna("").where(decided, "")},
                         index=people.index, dtype=object)
    carried = decided & found["new"].fillna(False).eq(False)
    return Decisions(
        frame=frame, warnings=warnings, ledger=ledger, added=len(new_lines),
        cleared=int(new_lines["Decision"].eq("").sum()), carried_over=int(carried.sum()),
        read_from=tuple(books), standing=standing[["decision", "decided_on"]],
        previous_rows=older.rows if older else None,
        previous_date=older.as_of if older else None,
        previous_source=older.path.name if older else "")


# ---------------------------------------------------------------------------- compare, stage

def _none(people: pd.DataFrame) -> Decisions:
    return Decisions(frame=pd.DataFrame({"decision": "", "decided_on": ""}, index=people.index,
                                        dtype=object))


def stage(result: Result, out: Path, stage: StageFn) -> dict[str, Path]:
    """Stage decisions.csv with the reports.

    Stage it first, so that it is also the first file moved into place: it holds the
    decisions read from the workbook that the same batch may replace.
    """
    decided = result.decisions
    ledger = decided.ledger if decided.ledger is not None else empty_ledger()
    path = out / LEDGER
    stage(path, lambda tmp: write_ledger(ledger, tmp))
    return {"decisions": path}


def summary(result: Result) -> list[tuple[str, int | str]]:
    """The decision figures for the Summary sheet and the report, label and value."""
    decided = result.decisions
    changes = result.changes
    return [
        ("Decisions in force", decided.in_force),
        ("Decisions carried over", decided.carried_over),
        ("New or changed decisions read this run", decided.added - decided.cleared),
        ("Decisions cleared this run", decided.cleared),
        ("Removals confirmed since last run", changes.removals_confirmed if changes else 0),
        ("Decisions read from", ", ".join(p.name for p in decided.read_from)
         or "no earlier workbook"),
        ("Changes since", changes.since.isoformat() if changes else "first run"),
    ]
