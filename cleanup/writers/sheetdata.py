"""The connection sheets' cells, built column by column with pandas instead of cell by cell.

XlsxWriter spends about 25 microseconds of Python per cell; the Connections, Remove and Review
sheets hold a million cells for LinkedIn's 30,000-connection cap. So XlsxWriter writes
everything around those cells (header, widths, frozen pane, filter, drop-down, styles, the
other sheets) and this module fills in `<sheetData>` and `<hyperlinks>` afterwards, building
the XML of a chunk of rows column by column, vectorised. Every cell is an inline *string*
(`t="inlineStr"`, its text escaped by `xmlescape`) or a plain number: nothing here can ever
produce a formula.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import zipfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype, is_string_dtype
from xlsxwriter.utility import xl_col_to_name

from cleanup.limits import EXCEL_LINK_CHARS
from cleanup.writers.output import temp_file
from cleanup.writers.xmlescape import entities, escape_many

#: Rows rendered per chunk, so that memory stays flat for any number of connections.
CHUNK = 5_000
_HYPERLINK = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "hyperlink")


@dataclass(frozen=True)
class SheetCells:
    """What goes into one table sheet: the values, a style per row, and links per row."""

    sheet_index: int  # XlsxWriter's worksheet index (0-based): xl/worksheets/sheet{i+1}.xml
    frame: pd.DataFrame  # columns in sheet order; object columns hold text, others numbers
    styles: pd.Series  # xf index per row (str)
    link_styles: pd.Series  # xf index per row for the link cell (str)
    links: pd.Series  # vetted https profile link per row, or ""
    link_column: int  # column index of the cell holding the link, or -1
    #: Per column index, an xf index per row that replaces `styles` in that column (the
    #: Decision cells, dates, wrapped text).
    column_styles: dict[int, pd.Series] = field(default_factory=dict)
    #: Per row, its height in points where it needs more than one line (else NaN or absent).
    heights: pd.Series | None = None
    #: The columns `frame` was taken from, for every connection and shared by the sheets,
    #: and the positions of this sheet's rows in them (None: all, in order). A column's
    #: values are then coded once for all the sheets that show it.
    source: dict[str, pd.Series] | None = None
    rows: np.ndarray | None = None


def _number(value: object) -> str:
    v = float(value)  # type: ignore[arg-type]
    return repr(int(v)) if v.is_integer() else repr(v)


_EMPTY = "/>"
_TEXT = ' t="inlineStr"><is><t xml:space="preserve">'
_END_TEXT = "</t></is></c>"


def _utf8(texts: list[str]) -> list[str]:
    """Each text's UTF-8 bytes held as a one-byte-per-character `str` (decoded as Latin-1).

    Joining such strings is a plain copy, and `encode("latin-1")` turns the joined text back
    into exactly those UTF-8 bytes. (Joining real text widens the whole result to the widest
    character in it, up to four bytes per character, and must then be encoded; joining
    `bytes` is several times slower than joining `str`.) The texts must hold no NUL.
    """
    joined = "\x00".join(texts)
    if joined.isascii():
        return texts
    return joined.encode("utf-8").decode("latin-1").split("\x00")


def _table(items: list[object], numeric: bool, text_only: bool) -> np.ndarray:
    """What follows each cell's style attribute for each of the distinct values `items` -
    `/>`, `><v>..</v></c>` or an inline string, as UTF-8 (see `_utf8`) - as an object
    array with one more entry at the end, `/>`, for a missing value."""
    table = np.full(len(items) + 1, _EMPTY, dtype=object)
    if not items:
        return table
    if numeric:
        table[:-1] = [f"><v>{_number(v)}</v></c>" for v in items]
    elif text_only:  # nothing but text
        texts = _utf8(escape_many(items))  # type: ignore[arg-type]
        table[:-1] = _TEXT + np.array(texts, dtype=object) + _END_TEXT
        if "" in items:
            table[items.index("")] = _EMPTY
    else:
        # Text columns may hold numbers too: a date that parsed is its serial number, one
        # that did not stays the text as written.
        where = [i for i, v in enumerate(items) if isinstance(v, str) and v]
        if where:
            escaped = _utf8(escape_many([items[i] for i in where]))  # type: ignore[misc]
            table[where] = _TEXT + np.array(escaped, dtype=object) + _END_TEXT
        for i, v in enumerate(items):
            if isinstance(v, float) and v == v:
                table[i] = f"><v>{_number(v)}</v></c>"
    return table


class _Coded:
    """A column as the code of each row's value among its distinct values (-1: missing).

    The cell bodies of a few distinct values are built once for the whole column. A column
    of mostly distinct values (links, names) keeps only its codes and builds the bodies of
    each chunk's rows when the chunk is written, so its cells are never all held at once.
    """

    def __init__(self, values: pd.Series) -> None:
        codes, uniques = pd.factorize(values.to_numpy())
        self.codes = codes.astype(np.int32)
        self.uniques = uniques  # the column's own value objects, not copies
        self.numeric = is_numeric_dtype(values)
        self.text_only = is_string_dtype(values.dtype) and values.dtype != object
        self.table = (_table(uniques.tolist(), self.numeric, self.text_only)
                      if 2 * len(uniques) <= len(codes) else None)

    def bodies(self, rows: slice | np.ndarray) -> np.ndarray:
        """The bodies of the cells of `rows` (see `_table`), as an object array."""
        codes = self.codes[rows]
        if self.table is not None:  # code -1 (missing) picks the last entry
            bodies: np.ndarray = self.table[codes]
            return bodies
        used, inverse = np.unique(codes, return_inverse=True)
        present = used[used >= 0]
        table = _table(self.uniques[present].tolist(), self.numeric, self.text_only)
        if len(used) > len(present):  # -1 sorts first: it picks the last entry, `/>`
            inverse = inverse - 1
        return table[inverse]


class _Styles:
    """A style per row as codes into its distinct `N" s="` endings (without the row's
    number, which each chunk puts in front)."""

    def __init__(self, style: np.ndarray) -> None:
        codes, uniques = pd.factorize(style)
        if (codes < 0).any():
            raise ValueError("a cell without a style")
        self.codes = codes.astype(np.int32)
        self.quoted = np.array([f'{s}"' for s in uniques.tolist()], dtype=object)


class _Sheet:
    """The sheet's data rows, built a chunk of rows at a time: for each row its `<row ...>`,
    then for each cell its column's `<c r="A`, the row's number and the cell's style
    (`2" s="5"`, one string per row and array of styles) and the body of its value (one
    string per distinct value), then `</row>`.

    So no Python expression runs per cell, and one `join` copies a chunk. What the whole
    sheet holds is a code per row and column, and the bodies of few distinct values."""

    def __init__(self, cells: SheetCells, shared: dict[int, _Coded]) -> None:
        self.cells = cells
        styles = cells.styles.to_numpy(dtype=object)
        by_column = {j: s.to_numpy(dtype=object) for j, s in cells.column_styles.items()}
        if cells.link_column >= 0:
            by_column[cells.link_column] = np.where(
                cells.links.to_numpy(dtype=object) != "",
                cells.link_styles.to_numpy(dtype=object), styles)
        coded: dict[int, _Styles] = {}  # per array of styles
        self.columns: list[tuple[str, _Styles, _Coded, bool]] = []
        for j, name in enumerate(cells.frame.columns):
            style = by_column.get(j, styles)
            if id(style) not in coded:
                coded[id(style)] = _Styles(style)
            source = None if cells.source is None else cells.source.get(name)
            if source is None:
                values, in_source = _Coded(cells.frame[name]), False
            else:
                if id(source) not in shared:
                    shared[id(source)] = _Coded(source)
                values, in_source = shared[id(source)], cells.rows is not None
            self.columns.append((f'<c r="{xl_col_to_name(j)}', coded[id(style)], values,
                                 in_source))
        self.width = 2 + 3 * len(self.columns)

    def rows(self, start: int, stop: int) -> bytes:
        """Rows `start`..`stop - 1` of the sheet's data as UTF-8."""
        numbers = np.arange(start + 2, stop + 2).astype(str).astype(object)
        numbered = numbers + '" s="'
        picked = slice(start, stop)
        positions = self.cells.rows[picked] if self.cells.rows is not None else picked
        middles: dict[int, np.ndarray] = {}
        grid = np.empty((stop - start, self.width), dtype=object)
        heights = self.cells.heights
        grid[:, 0] = _row_starts(None if heights is None else heights.iloc[picked], numbers)
        for k, (ref, style, values, in_source) in enumerate(self.columns):
            if id(style) not in middles:
                middles[id(style)] = numbered + style.quoted[style.codes[picked]]
            grid[:, 3 * k + 1] = ref
            grid[:, 3 * k + 2] = middles[id(style)]
            grid[:, 3 * k + 3] = values.bodies(positions if in_source else picked)
        grid[:, -1] = "</row>"
        return "".join(grid.ravel().tolist()).encode("latin-1")


def _row_starts(heights: pd.Series | None, numbers: np.ndarray) -> np.ndarray:
    """`<row r="2">`, with the height of a row that needs more than one line."""
    plain = '<row r="' + numbers + '">'
    tall = heights.notna().to_numpy() if heights is not None else None
    if heights is None or tall is None or not tall.any():
        return plain
    codes, uniques = pd.factorize(heights[tall])
    shown = np.array([f'" ht="{h:g}" customHeight="1">' for h in uniques.tolist()],
                     dtype=object)
    plain[tall] = '<row r="' + numbers[tall] + shown[codes]
    return plain


def _hyperlinks(cells: SheetCells, limit: int) -> tuple[str, str]:
    """The `<hyperlinks>` element and the sheet's relationships file, or ("", "")."""
    if cells.link_column < 0:
        return "", ""
    links = cells.links.tolist()
    rows = np.array([i for i, link in enumerate(links) if isinstance(link, str) and link
                     and len(link) <= EXCEL_LINK_CHARS and link.isprintable()][:limit],
                    dtype=np.int64)
    if not len(rows):
        return "", ""
    ids = np.arange(1, len(rows) + 1).astype(str).astype(object)
    element = np.empty((len(rows), 5), dtype=object)
    element[:, 0] = f'<hyperlink ref="{xl_col_to_name(cells.link_column)}'
    element[:, 1] = (rows + 2).astype(str).astype(object)
    element[:, 2] = '" r:id="rId'
    element[:, 3] = ids
    element[:, 4] = '"/>'
    rels = np.empty((len(rows), 4), dtype=object)
    rels[:, 0] = '<Relationship Id="rId'
    rels[:, 1] = ids
    rels[:, 2] = f'" Type="{_HYPERLINK}" Target="'
    # A target is a URL, not cell text: markup characters become entities, and `_xHHHH_`
    # stays as it is (Excel reads it back as written, where `escape` would add `_x005F_`).
    rels[:, 3] = np.array([entities(links[i]) for i in rows.tolist()], dtype=object) + (
        '" TargetMode="External"/>')
    return ("<hyperlinks>" + "".join(element.ravel().tolist()) + "</hyperlinks>",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels.ravel().tolist()) + "</Relationships>")


class _Entry:
    """One zip entry, opened by its first write."""

    def __init__(self, dst: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        self._dst, self._info = dst, info
        self._out: IO[bytes] | None = None

    def write(self, data: bytes) -> None:
        if self._out is None:
            self._out = self._dst.open(self._info, "w")
        self._out.write(data)

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


class _Later:
    """Zip writes done in order on one background thread while this one builds what comes
    next: zlib lets other threads run while it compresses, and compressing is a third of
    the work. At most `AHEAD` writes wait, so memory stays bounded."""

    AHEAD = 6

    def __init__(self, pool: ThreadPoolExecutor, dst: zipfile.ZipFile) -> None:
        self._pool, self._dst = pool, dst
        self._queued: deque[Future[object]] = deque()
        self._entries: list[_Entry] = []

    def __call__(self, write: Callable[..., object], *args: object) -> None:
        self._queued.append(self._pool.submit(write, *args))
        while len(self._queued) > self.AHEAD:
            self._queued.popleft().result()  # raises what the write raised

    def whole(self, info: zipfile.ZipInfo, data: bytes | str) -> None:
        """A whole entry of the zip file, compressed fast."""
        self(self._dst.writestr, info, data, zipfile.ZIP_DEFLATED, 1)

    def entry(self, info: zipfile.ZipInfo) -> _Entry:
        """A new entry of the zip file, written by calls given to this object."""
        self._entries.append(_Entry(self._dst, info))
        return self._entries[-1]

    def finish(self) -> None:
        """Wait for every write; raises what one of them raised."""
        while self._queued:
            self._queued.popleft().result()

    def abandon(self) -> None:
        """Stop writing (the file will be dropped) and close what is open, so that the zip
        file closes without an error of its own."""
        self._pool.shutdown(cancel_futures=True)
        for entry in self._entries:
            with contextlib.suppress(Exception):
                entry.close()


def inject(path: Path, sheets: list[SheetCells], max_links: int) -> None:
    """Fill the given sheets of the XlsxWriter workbook at `path` with their cells."""
    by_name = {f"xl/worksheets/sheet{s.sheet_index + 1}.xml": s for s in sheets}
    tmp = temp_file(path)
    try:
        with open(tmp, "wb") as raw, zipfile.ZipFile(path) as src, \
                zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst, \
                ThreadPoolExecutor(1) as pool:
            later = _Later(pool, dst)
            shared: dict[int, _Coded] = {}  # by source column, for all sheets
            try:
                for info in src.infolist():
                    cells = by_name.get(info.filename)
                    if cells is None:
                        later.whole(info, src.read(info))
                        continue
                    _write_sheet(src.read(info).decode("utf-8"), info, cells, later,
                                 max_links, shared)
                later.finish()
            except BaseException:
                later.abandon()
                raise
        shutil.move(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_sheet(xml: str, info: zipfile.ZipInfo, cells: SheetCells, later: _Later,
                 max_links: int, shared: dict[int, _Coded]) -> None:
    n, width = len(cells.frame), len(cells.frame.columns)
    last = f"{xl_col_to_name(max(width - 1, 0))}{n + 1}"
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
    before, _, rest = xml.partition("</sheetData>")
    target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    target.compress_type = zipfile.ZIP_DEFLATED
    # Fast compression: these sheets are most of the file. ZipInfo has no public level
    # attribute before Python 3.13.
    target._compresslevel = 1  # type: ignore[attr-defined]
    entry = later.entry(target)
    later(entry.write, before.encode("utf-8"))
    sheet = _Sheet(cells, shared)
    for start in range(0, n, CHUNK):
        later(entry.write, sheet.rows(start, min(start + CHUNK, n)))
    del sheet
    links, rels = _hyperlinks(cells, max_links)
    if links:
        anchor = "</dataValidations>" if "</dataValidations>" in rest else "<pageMargins"
        head, _, tail = rest.partition(anchor)
        rest = (head + anchor + links + tail) if anchor.startswith("</") else (
            head + links + anchor + tail)
    later(entry.write, ("</sheetData>" + rest).encode("utf-8"))
    later(entry.close)
    if rels:
        rel_name = info.filename.replace("worksheets/", "worksheets/_rels/") + ".rels"
        later.whole(zipfile.ZipInfo(rel_name, date_time=info.date_time), rels)
