"""CSV files in, tables of text cells out: the lines walked, the header found by content, one
reader (the bytes are turned into text by `cleanup.read.decoding`).

The header is found by its content, never by a fixed skip count: files come with and without
LinkedIn's `Notes:` preamble, re-saved by Excel (BOM, cp1252, `;`, CRLF) or hand-edited.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NoReturn

import numpy as np
import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.limits import MAX_COLUMNS
from cleanup.model import SourceFile
from cleanup.read.decoding import decode
from cleanup.text import header_key

# Python's csv module refuses fields over 128 KiB by default; LinkedIn messages can be longer.
csv.field_size_limit(64 * 1024 * 1024)

DELIMITERS = (",", ";", "\t")
_HEADER_SCAN_LINES = 50


class NoHeader(InputError):
    """No line of the file holds the header asked for (other faults are plain InputError)."""


@dataclass(frozen=True)
class Table:
    """A CSV file parsed to text cells: original header and rows, with their line numbers."""

    source: SourceFile
    columns: list[str]
    frame: pd.DataFrame  # original column names, every cell a stripped str
    lines: np.ndarray  # the file line on which each row starts (1-based)
    header_line: int
    notices: list[Notice] = field(default_factory=list)


#: One line as `open(newline="")` reads it: ending at LF, CRLF or a lone CR, or at the end.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def each_line(text: str) -> Iterator[str]:
    """The lines of `text` with their line ends, as `io.StringIO(text, newline="")` yields
    them, one at a time: a StringIO first copies the whole text at four bytes a character."""
    return map(re.Match.group, _LINE.finditer(text))


def find_header(text: str, must: Iterable[str]) -> tuple[int, int, str]:
    """(character offset, line number, delimiter) of the first line holding every `must`."""
    want = {header_key(m) for m in must}
    offset = 0
    for number, line in enumerate(each_line(text), start=1):
        if number > _HEADER_SCAN_LINES:
            break
        for delim in DELIMITERS:
            if delim not in line and len(want) > 1:
                continue
            cells = next(csv.reader([line], delimiter=delim), [])
            if want <= {header_key(c) for c in cells}:
                return offset, number, delim
        offset += len(line)
    return -1, 0, ""


def read_table(data: bytes, source: SourceFile, must: Iterable[str],
               expected: Iterable[str] | None = None, *, name: str = "") -> Table:
    """Parse a CSV whose header holds every column in `must` (found by content).

    `name` is the file LinkedIn calls it (`Invitations.csv`), for the message when no header
    is found."""
    label = source.label
    text, notices = decode(data, label)
    must = tuple(must)
    offset, header_line, delim = find_header(text, must)
    if offset < 0:
        _refuse_header(text, label, must, tuple(expected or must), name)
    # newline="": a line ends at CR (old Mac Excel), LF or CRLF, even mixed in one file,
    # while line breaks inside quoted fields are kept as they are.
    body = text[offset:] + "\n"
    del text  # only `body` is read from here on
    reader = csv.reader(each_line(body), delimiter=delim, strict=False)
    try:
        last = raw = next(reader)
        last_line = header_line
        header = [h.replace("\ufeff", "").strip() for h in raw]
        width = len(header)
        while width and not header[width - 1]:
            width -= 1  # Excel pads re-saved rows with empty trailing columns
        if width > MAX_COLUMNS:
            raise InputError(f"{label}, line {header_line}: the header has {width:,} columns; "
                             f"at most {MAX_COLUMNS:,} can be read (LinkedIn writes 7). Remove "
                             "the extra columns or export the file again from LinkedIn.")
        header = header[:width]
        cells_read: list[str] = []  # row after row, `width` cells each
        lines: list[int] = []
        merged: list[int] = []  # lines where a quoted field holds what look like whole rows
        start = header_line + 1
        for raw in reader:
            line_no = start
            start = header_line + reader.line_num
            last, last_line = raw, line_no
            cells = [cell.strip() for cell in raw]
            if not any(cells):
                continue  # a blank line, or Excel's `;;;;;;` padding: not a data row
            if start - 1 > line_no and width > 2 and any(
                    cell.count(delim) >= width - 1 and ("\n" in cell or "\r" in cell)
                    for cell in raw):
                merged.append(line_no)
            if len(cells) > width:
                if any(cells[width:]):
                    raise InputError(
                        f"{label}, line {line_no}: {len(raw)} fields where the header has "
                        f"{width}. A field holding a '{delim}' must be in double quotes; fix "
                        "the line or export the file again from LinkedIn.")
                cells = cells[:width]
            elif len(cells) < width:
                cells += [""] * (width - len(cells))
            cells_read += cells
            lines.append(line_no)
    except csv.Error as exc:
        raise InputError(f"{label}, line {header_line + reader.line_num}: cannot be read as "
                         f"CSV ({exc}). Export the file again from LinkedIn.") from None
    # A quote left open swallows the rest of the file, the newline added above included, into
    # the last field. Only then is the last record parsed again to tell that from a quoted
    # field that ends in a line break.
    if last and last[-1].endswith(("\n", "\r")) and _ends_in_quotes(
            body[_line_offset(body, last_line - header_line + 1):], delim):
        _refuse_open_quote(label, last_line, delim)
    if merged:
        more = f" (and {len(merged) - 1:,} more such fields)" if len(merged) > 1 else ""
        notices.append(Notice(label, merged[0], "a quoted field runs over several lines and "
                              f"holds as many '{delim}' as a whole row{more}; if a closing "
                              "double quote is missing there, several connections were read "
                              "as one. Check the line."))
    names = _unique_names(header)
    return Table(source=source, columns=names, frame=_frame(cells_read, names),
                 lines=np.asarray(lines, dtype=np.int64), header_line=header_line,
                 notices=notices)


def _frame(cells: list[str], names: list[str]) -> pd.DataFrame:
    """The cells, row after row, as a frame of text columns, each text that repeats in a
    column one object (a column of few distinct values - first names, companies - then holds
    few strings)."""
    if not cells:
        return pd.DataFrame(columns=names, dtype=object)
    width = len(names)
    columns = {}
    for j, name in enumerate(names):
        codes, uniques = pd.factorize(np.array(cells[j::width], dtype=object))
        columns[name] = uniques.take(codes)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(cells) // width), dtype=object)


def _line_offset(text: str, line: int) -> int:
    """Where line `line` (1-based, as the csv reader counts them) starts in `text`."""
    position = 0
    for number, chunk in enumerate(each_line(text), start=1):
        if number == line:
            break
        position += len(chunk)
    return position


def _ends_in_quotes(text: str, delim: str) -> bool:
    """Whether the CSV record at the start of `text` runs to its end inside a quoted field,
    read as the csv module reads it (`strict=False`): a quote opens a quoted field only at
    the start of a field, `""` inside one is a quote, and after the closing quote the field
    goes on as plain text. Linear: each search starts where the previous one stopped."""
    n = len(text)
    ahead: dict[str, int] = {}

    def after(pos: int, char: str) -> int:
        found = ahead.get(char, -1)
        if found < pos:
            found = text.find(char, pos)
            found = n if found < 0 else found
            ahead[char] = found
        return found

    pos = 0
    while pos < n:
        if text[pos] == '"':
            pos += 1
            while True:
                close = text.find('"', pos)
                if close < 0:
                    return True
                if text.startswith('"', close + 1):
                    pos = close + 2
                    continue
                pos = close + 1
                break
        end = min(after(pos, delim), after(pos, "\n"), after(pos, "\r"))
        if end < n and text[end] == delim:
            pos = end + 1
            continue
        return False
    return False


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
                   expected: tuple[str, ...], name: str = "") -> None:
    if not text.strip():
        raise NoHeader(f"{label}: the file is empty. Download your LinkedIn data archive "
                         "again (Settings > Data privacy > Get a copy of your data).")
    found = _likely_header(text, {header_key(c) for c in (*must, *expected)})
    shown = ", ".join(repr(c[:40]) for c in found[:12]) + (" ..." if len(found) > 12 else "")
    missing = [m for m in must if header_key(m) not in {header_key(c) for c in found}]
    question = f"Is this LinkedIn's {name}?" if name else "Is this the right file?"
    raise NoHeader(f"{label}: no header with the columns {', '.join(expected)} was found. "
                     f"Columns found: {shown or 'none'}; missing: {', '.join(missing)}. "
                     f"{question}")


def _likely_header(text: str, wanted: set[str]) -> list[str]:
    """The cells of the line meant as the header: the one holding most of the `wanted`
    columns, else the first line that looks like a header (two or more short cells, not
    LinkedIn's `Notes:` preamble or its one-sentence note)."""
    best: list[str] = []
    best_hits = 0
    fallback: list[str] = []
    for number, line in enumerate(each_line(text)):
        if number >= _HEADER_SCAN_LINES:
            break
        if not line.strip() or line.lstrip('\ufeff"').startswith("Notes:"):
            continue
        delim = max(DELIMITERS, key=line.count)
        cells = [c.strip() for c in next(csv.reader([line], delimiter=delim), [])]
        hits = sum(header_key(c) in wanted for c in cells)
        if hits > best_hits:
            best, best_hits = cells, hits
        filled = [c for c in cells if c]
        if not fallback and len(filled) >= 2 and all(len(c) <= 60 for c in filled):
            fallback = cells
    return best or fallback


def column(frame: pd.DataFrame, *names: str) -> pd.Series:
    """The first of `names` present in `frame` (compared like headers: case, spaces and
    underscores ignored), else a column of empty text."""
    by_norm = {header_key(str(c)): c for c in frame.columns}
    for name in names:
        if (found := by_norm.get(header_key(name))) is not None:
            return frame[found]
    return pd.Series("", index=frame.index, dtype=object)
