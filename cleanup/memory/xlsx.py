"""A workbook's cells, streamed from its XML: shared strings, dates, `_xHHHH_` escapes, rich
text; every part and table capped, so that a hostile file is refused rather than read for ever.

openpyxl is not used here: on 30,000 connections its read-only mode spent most of a run
building cell objects for columns the monthly cycle never looks at.
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
from datetime import date
from pathlib import Path

from cleanup.limits import (
    EXCEL_CELL_CHARS,
    EXCEL_ROWS,
    WORKBOOK_PART_BYTES,
    WORKBOOK_STRINGS,
)

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
EXCEL_EPOCH = date(1899, 12, 30)
#: A cell as read: its text, and whether it is text (not a number, boolean or error).
Cell = tuple[str, bool]
#: What a broken .xlsx raises while being read (a bad zip, XML or shared-string index).
BROKEN = (zipfile.BadZipFile, zlib.error, ET.ParseError, xml.parsers.expat.ExpatError,
           KeyError, ValueError, IndexError, EOFError, UnicodeDecodeError)


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Text as Excel shows it: `_xHHHH_` decoded, as every spreadsheet writer escapes
    control characters (and `_x005F_` a literal underscore that starts such an escape)."""
    if "_x" not in text:
        return text
    decoded = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    # `_xD83D__xDE00_` is one character written as its two UTF-16 halves; a lone half
    # (`_xD83D_`, as some tools save) is no character at all and becomes U+FFFD, as in the
    # export's own text, so no writer ever meets it.
    return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


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


def column_letter(number: int) -> str:
    """The letters of a column numbered from 1: 1 -> A, 27 -> AA (openpyxl's
    `get_column_letter`, without importing openpyxl)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class TooBig(Exception):
    """A part of the workbook is past one of the caps: no workbook this tool writes, nor one
    saved by Excel or LibreOffice from it, comes near them."""


class _Capped:
    """A zip member read through a cap on its uncompressed size, whatever it declares."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        info = zf.getinfo(name)
        if info.file_size > WORKBOOK_PART_BYTES:
            raise TooBig(f"its part {name} declares {info.file_size:,} bytes, past "
                          f"{WORKBOOK_PART_BYTES:,} bytes")
        self.fh, self.name, self.total = zf.open(info), name, 0

    def read(self, size: int = -1) -> bytes:
        rest = WORKBOOK_PART_BYTES + 1 - self.total
        data = self.fh.read(min(size, rest) if size >= 0 else rest)
        self.total += len(data)
        if self.total > WORKBOOK_PART_BYTES:
            raise TooBig(f"its part {self.name} inflates past {WORKBOOK_PART_BYTES:,} bytes")
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


class Xlsx:
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
                    for _, element in ET.iterparse(fh):
                        if element.tag in _SI:
                            if len(self._strings) >= WORKBOOK_STRINGS:
                                raise TooBig("its shared-string table holds more than "
                                              f"{WORKBOOK_STRINGS:,} entries")
                            text = _unescape(_rich_text(element))
                            if len(text) > EXCEL_CELL_CHARS:
                                raise TooBig(f"shared string {len(self._strings):,} holds "
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
                raise TooBig(f"a sheet holds more than {EXCEL_ROWS:,} rows")
            if self.cells:
                self.done.append((self.number, self.cells))
            self.cells = {}
        elif name in _X_PHONETIC:
            self.phonetic = False

    def _text(self, data: str) -> None:
        if self.capture:
            self.size += len(data)
            if self.size > EXCEL_CELL_CHARS:
                raise TooBig(f"a cell in row {self.number:,} holds more than "
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
