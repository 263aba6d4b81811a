"""LinkedIn's CSV files in, clean DataFrames out. Every format quirk of the export lives here.

The header is found by its content, never by a fixed skip count: files come with and without
LinkedIn's `Notes:` preamble, re-saved by Excel (BOM, cp1252, `;`, CRLF) or hand-edited.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn
from urllib.parse import unquote

import numpy as np
import pandas as pd

from cleanup.archive import Archive, SourceFile
from cleanup.errors import InputError

# Python's csv module refuses fields over 128 KiB by default; LinkedIn messages can be longer.
csv.field_size_limit(64 * 1024 * 1024)

#: Connections.csv columns, canonical name -> the header LinkedIn writes.
CONNECTION_COLUMNS = {
    "first": "First Name",
    "last": "Last Name",
    "url": "URL",
    "email": "Email Address",
    "company": "Company",
    "position": "Position",
    "connected_on": "Connected On",
}
REQUIRED = ("First Name", "Last Name", "Company", "Position")
_ALIASES = {"profile url": "url", "email": "email", "e-mail address": "email"}
DELIMITERS = (",", ";", "\t")
_HEADER_SCAN_LINES = 50
#: More columns than any LinkedIn file or a lead list has; a wider header is a broken file
#: (and would not fit a worksheet, which holds 16,384 columns).
MAX_COLUMNS = 1_000
#: The longest text an Excel cell holds (the workbook cuts longer text, saying so).
EXCEL_CELL_CHARS = 32_767
#: Appended after the text while parsing: a quote left open swallows it into a field.
_END_MARK = "\ufdd0end of file\ufdd0"


@dataclass(frozen=True)
class Table:
    """A CSV file parsed to text cells: original header and rows, with their line numbers."""

    source: SourceFile
    columns: list[str]
    frame: pd.DataFrame  # original column names, every cell a stripped str
    lines: np.ndarray  # the file line on which each row starts (1-based)
    header_line: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Connections:
    """Connections.csv, read: the original table plus canonical columns for the rules."""

    table: Table
    people: pd.DataFrame  # first, last, name, url, key, link, email, company, position,
    #                       connected (datetime64), hidden (bool), line (int)
    warnings: list[str]


def per_distinct(values: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """`function` of each string, computed once per distinct value (object dtype, same index).

    Columns of names, companies and URLs repeat a lot across sheets and files; a plain dict
    lookup per row is also much faster than a chain of pandas string methods, which loop in
    Python for these columns anyway.
    """
    text = values.fillna("").astype(str)
    mapping = {v: function(v) for v in pd.unique(text)}
    return text.map(mapping).astype(object)


@functools.lru_cache(maxsize=1 << 17)
def fold_one(text: str) -> str:
    """Case- and accent-insensitive form of a string (`Créatrice` -> `creatrice`)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: pd.Series) -> pd.Series:
    """`fold_one` over a column."""
    return per_distinct(text, fold_one)


def _whole_one(text: str) -> str:
    return " ".join(fold_one(text).split())


def whole(values: pd.Series) -> pd.Series:
    """Names and companies compared whole: no case, accents or runs of spaces."""
    return per_distinct(values, _whole_one)


# ---------------------------------------------------------------------------- decoding

def decode(data: bytes, label: str) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Excel's cp1252."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), warnings
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if head and (b"\x00" in head[:64] or controls > len(head) // 20):
        raise InputError(f"{label}: this is not a CSV file (it holds binary data). Give "
                         "LinkedIn's Connections.csv, the archive .zip or its folder.")
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    if any(ord(c) > 127 and c != "\ufffd" for c in text):
        # Mostly UTF-8 with a few broken bytes: keep the good characters and say where.
        line = text[: text.index("\ufffd")].count("\n") + 1
        warnings.append(f"{label}: {text.count(chr(0xFFFD))} bytes that are not valid UTF-8 "
                        f"were replaced by \ufffd (first on line {line}).")
        return text, warnings
    try:
        return data.decode("cp1252"), warnings
    except UnicodeDecodeError:
        return data.decode("latin-1"), warnings


# ---------------------------------------------------------------------------- tables

def norm_header(cell: str) -> str:
    return re.sub(r"[\s_]+", " ", cell.replace("\ufeff", "").strip().strip('"')).casefold()


def find_header(text: str, must: Iterable[str]) -> tuple[int, int, str]:
    """(character offset, line number, delimiter) of the first line holding every `must`."""
    want = {norm_header(m) for m in must}
    offset = 0
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if number > _HEADER_SCAN_LINES:
            break
        for delim in DELIMITERS:
            if delim not in line and len(want) > 1:
                continue
            cells = next(csv.reader([line], delimiter=delim), [])
            if want <= {norm_header(c) for c in cells}:
                return offset, number, delim
        offset += len(line)
    return -1, 0, ""


def read_table(data: bytes, source: SourceFile, must: Iterable[str],
               expected: Iterable[str] | None = None) -> Table:
    """Parse a CSV whose header holds every column in `must` (found by content)."""
    label = source.label
    text, warnings = decode(data, label)
    must = tuple(must)
    offset, header_line, delim = find_header(text, must)
    if offset < 0:
        _refuse_header(text, label, must, tuple(expected or must))
    # newline="": a line ends at CR (old Mac Excel), LF or CRLF, even mixed in one file,
    # while line breaks inside quoted fields are kept as they are.
    reader = csv.reader(io.StringIO(text[offset:] + "\n" + _END_MARK, newline=""),
                        delimiter=delim, strict=False)
    try:
        header = [h.replace("\ufeff", "").strip() for h in next(reader)]
        if any(_END_MARK in h for h in header):
            _refuse_open_quote(label, header_line, delim)
        width = len(header)
        while width and not header[width - 1]:
            width -= 1  # Excel pads re-saved rows with empty trailing columns
        if width > MAX_COLUMNS:
            raise InputError(f"{label}, line {header_line}: the header has {width:,} columns; "
                             f"at most {MAX_COLUMNS:,} can be read (LinkedIn writes 7). Remove "
                             "the extra columns or export the file again from LinkedIn.")
        header = header[:width]
        rows: list[list[str]] = []
        lines: list[int] = []
        merged: list[int] = []  # lines where a quoted field holds what look like whole rows
        start = header_line + 1
        for raw in reader:
            line_no = start
            start = header_line + reader.line_num
            if raw == [_END_MARK]:
                break
            if any(_END_MARK in cell for cell in raw):
                _refuse_open_quote(label, line_no, delim)
            if not any(cell.strip() for cell in raw):
                continue  # a blank line, or Excel's `;;;;;;` padding: not a data row
            if start - 1 > line_no and width > 2 and any(
                    cell.count(delim) >= width - 1 and ("\n" in cell or "\r" in cell)
                    for cell in raw):
                merged.append(line_no)
            if len(raw) > width:
                if any(cell.strip() for cell in raw[width:]):
                    raise InputError(
                        f"{label}, line {line_no}: {len(raw)} fields where the header has "
                        f"{width}. A field holding a '{delim}' must be in double quotes; fix "
                        "the line or export the file again from LinkedIn.")
                raw = raw[:width]
            elif len(raw) < width:
                raw = raw + [""] * (width - len(raw))
            rows.append([cell.strip() for cell in raw])
            lines.append(line_no)
    except csv.Error as exc:
        raise InputError(f"{label}, line {header_line + reader.line_num}: cannot be read as "
                         f"CSV ({exc}). Export the file again from LinkedIn.") from None
    if merged:
        more = f" (and {len(merged) - 1:,} more such fields)" if len(merged) > 1 else ""
        warnings.append(f"{label}, line {merged[0]}: a quoted field runs over several lines "
                        f"and holds as many '{delim}' as a whole row{more}; if a closing "
                        "double quote is missing there, several connections were read as one. "
                        "Check the line.")
    names = _unique_names(header)
    frame = pd.DataFrame(rows, columns=names, dtype=object) if rows else pd.DataFrame(
        columns=names, dtype=object)
    return Table(source=source, columns=names, frame=frame,
                 lines=np.asarray(lines, dtype=np.int64), header_line=header_line,
                 warnings=warnings)


def _refuse_open_quote(label: str, line: int, delim: str) -> NoReturn:
    raise InputError(f"{label}, line {line}: a double quote (\") opens a field here and is "
                     "never closed, so every line after it would be read as one field. Add the "
                     f"missing quote, or remove the stray one (a field holding '{delim}' or \" "
                     "must be in double quotes, its quotes doubled), or export the file again "
                     "from LinkedIn.")


def _unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for i, h in enumerate(header):
        h = h or f"Column {i + 1}"
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        names.append(h)
    return names


def _refuse_header(text: str, label: str, must: tuple[str, ...],
                   expected: tuple[str, ...]) -> None:
    if not text.strip():
        raise InputError(f"{label}: the file is empty. Download your LinkedIn data archive "
                         "again (Settings > Data privacy > Get a copy of your data).")
    found: list[str] = []
    for line in io.StringIO(text, newline=""):
        if line.strip() and not line.startswith("Notes:"):
            delim = max(DELIMITERS, key=line.count)
            found = [c.strip() for c in next(csv.reader([line], delimiter=delim), [])]
            break
    shown = ", ".join(repr(c[:40]) for c in found[:12]) + (" ..." if len(found) > 12 else "")
    missing = [m for m in must if norm_header(m) not in {norm_header(c) for c in found}]
    raise InputError(f"{label}: no header with the columns {', '.join(expected)} was found. "
                     f"Columns found: {shown or 'none'}; missing: {', '.join(missing)}. "
                     "Is this LinkedIn's Connections.csv?")


# ---------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_DMY_NAME = re.compile(r"(\d{1,2})[ \-/.]([a-z]{3,9})\.?[ \-/.,]+(\d{4}|\d{2})")
_NAME_DY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?"
                      r"(?:\s*[ap]m)?)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?.*)?")


def _month(name: str) -> int | None:
    if name == "sept":
        return 9
    key = name[:3]
    full = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"}
    if len(name) > 3 and name not in full:
        return None
    return _MONTHS.get(key)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def parse_date(value: str) -> date | None:
    """One of the date forms LinkedIn and Excel write, in English whatever the locale.

    `05 Mar 2024` (current), `3/5/18, 9:07 AM` (2018: month first), `05-Mar-24`,
    `05.03.2024` (day first), `2024-03-05`. None when it is none of them.
    """
    v = value.strip().casefold()
    try:
        if m := _DMY_NAME.fullmatch(v):
            month = _month(m.group(2))
            return date(_year(m.group(3)), month, int(m.group(1))) if month else None
        if m := _NAME_DY.fullmatch(v):
            month = _month(m.group(1))
            return date(int(m.group(3)), month, int(m.group(2))) if month else None
        if m := _SLASHED.fullmatch(v):
            return date(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        if m := _DOTTED.fullmatch(v):
            return date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _ISO.fullmatch(v):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:  # 31 Feb and friends
        return None
    return None


def parse_dates(values: pd.Series) -> pd.Series:
    """`parse_date` over a column, once per distinct value; NaT where it does not parse."""
    distinct = {v: parse_date(v) for v in pd.unique(values) if v}
    return pd.to_datetime(values.map(distinct), errors="coerce")


# ---------------------------------------------------------------------------- URLs

_URL_PREFIX = re.compile(r"^(?:https?:)?/*(?:[a-z]{2,3}\.|www\.)?(?=linkedin\.com/)")
_URL_TAIL = re.compile(r"/*(?:[?#].*)?$")


_URL_OK = re.compile(r"linkedin\.com/(?:in|pub)/[^/\s]")


@functools.lru_cache(maxsize=1 << 17)
def url_key_one(raw: str) -> str:
    """`url_key` of one URL."""
    s = _URL_TAIL.sub("", _URL_PREFIX.sub("", raw.strip().casefold()), count=1)
    return unquote(s) if _URL_OK.match(s) else ""


def url_key(urls: pd.Series) -> pd.Series:
    """A profile URL normalised for joining: no scheme, `www.`, query, trailing slash, case.

    `https://www.linkedin.com/in/Ada-Example/?utm=x` -> `linkedin.com/in/ada-example`;
    empty when the value is not a LinkedIn URL at all.
    """
    return per_distinct(urls, url_key_one)


_SAFE_SLUG = re.compile(r"linkedin\.com/in/[^\s\"'<>\\]+")


def profile_links(keys: pd.Series) -> pd.Series:
    """The https LinkedIn profile link for each URL key, or "" when there is none to trust."""
    ok = keys.str.fullmatch(_SAFE_SLUG.pattern).fillna(False).astype(bool)
    from urllib.parse import quote

    links = ("https://www." + keys).map(lambda u: quote(u, safe=":/-_.~%"))
    return links.where(ok, "")


# ---------------------------------------------------------------------------- Connections.csv

def read_connections(archive: Archive) -> Connections:
    """Read Connections.csv from the export and add the canonical columns the rules need."""
    member = archive.find("Connections.csv")
    if member is None:
        raise InputError(f"{archive.path}: no Connections.csv in it. Ask LinkedIn for the "
                         "archive with Connections (Settings > Data privacy > Get a copy of "
                         "your data) and give the .zip or its folder.")
    data = archive.read(member)
    source = archive.source(member, data)
    table = read_table(data, source, must=("First Name", "Last Name"),
                       expected=CONNECTION_COLUMNS.values())
    by_norm = {norm_header(c): c for c in table.columns}
    missing = [c for c in REQUIRED if norm_header(c) not in by_norm]
    if missing:
        raise InputError(f"{source.label}: the header lacks {', '.join(missing)}. Columns "
                         f"found: {', '.join(table.columns)}; expected: "
                         f"{', '.join(CONNECTION_COLUMNS.values())}.")
    if table.frame.empty:
        raise InputError(f"{source.label}: the header is there but no connection follows it. "
                         "Nothing to clean up: check that you gave the right file.")
    warnings = list(archive.notes) + list(table.warnings)
    col = {}
    for canon, header in CONNECTION_COLUMNS.items():
        col[canon] = by_norm.get(norm_header(header))
    for alias, canon in _ALIASES.items():
        if col.get(canon) is None and alias in by_norm:
            col[canon] = by_norm[alias]
    f = table.frame
    empty = pd.Series("", index=f.index, dtype=object)
    people = pd.DataFrame({canon: (f[c] if c else empty) for canon, c in col.items()})
    people["name"] = (people["first"] + " " + people["last"]).str.strip()
    people["key"] = url_key(people["url"])
    people["link"] = profile_links(people["key"])
    people["connected"] = parse_dates(people["connected_on"])
    people["hidden"] = (people[["first", "last", "url", "email", "company", "position"]]
                        .eq("").all(axis=1))
    people["line"] = table.lines
    bad = people["connected"].isna() & people["connected_on"].ne("")
    if bad.any():
        first = people.loc[bad].iloc[0]
        warnings.append(f"{source.label}: {int(bad.sum())} 'Connected On' dates could not be "
                        f"read (first on line {first['line']}: {first['connected_on']!r}); "
                        "those rows are kept without a date.")
    lengths = f.apply(lambda column: column.str.len())
    too_long = lengths.gt(EXCEL_CELL_CHARS)
    if too_long.to_numpy().any():
        row, column = next((r, c) for r, c in too_long.stack().index if too_long.at[r, c])
        n = int(too_long.to_numpy().sum())
        warnings.append(f"{source.label}: {n:,} field{'s' if n != 1 else ''} longer than "
                        f"the {EXCEL_CELL_CHARS:,} characters an Excel cell holds (first "
                        f"on line {table.lines[f.index.get_loc(row)]}, {column}: "
                        f"{int(lengths.at[row, column]):,} characters); the workbook shows "
                        "such text cut, with a note in the cell; the HTML report has it whole.")
    return Connections(table=table, people=people, warnings=warnings)
