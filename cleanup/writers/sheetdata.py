"""The connection sheets' cells, built column by column with pandas instead of cell by cell.

XlsxWriter spends about 25 microseconds of Python per cell; the Connections, Remove and Review
sheets hold a million cells for LinkedIn's 30,000-connection cap. So XlsxWriter writes
everything around those cells (header, widths, frozen pane, filter, drop-down, styles, the
other sheets) and this module fills in `<sheetData>` and `<hyperlinks>` afterwards, building
each column's XML in one vectorised pass. Every cell is an inline *string* (`t="inlineStr"`)
or a plain number: nothing here can ever produce a formula.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pandas.api.types import is_numeric_dtype
from xlsxwriter.utility import xl_col_to_name

from cleanup.limits import EXCEL_LINK_CHARS
from cleanup.writers.output import temp_file

#: Rows rendered per chunk, so that memory stays flat for any number of connections.
CHUNK = 20_000
#: What XML 1.0 cannot hold (control characters other than tab and line feed, surrogates,
#: U+FFFE and U+FFFF; carriage return too, as XlsxWriter does), written as `_xHHHH_`.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
#: An underscore that starts what reads as an escape; escapes may overlap (`_x005F_x0041_`).
_ESCAPED = re.compile(r"_(?=x[0-9a-fA-F]{4}_)")
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


def _control(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def escape(text: str) -> str:
    """Text escaped for XML the way Excel reads it back unchanged (as XlsxWriter does):
    markup characters as entities, characters XML cannot hold as `_xHHHH_`, and a literal
    `_xHHHH_` protected as `_x005F_xHHHH_`."""
    if "_x" in text:
        text = _ESCAPED.sub("_x005F_", text)
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
    # isprintable() is a fast C test that is False for every control character.
    return text if text.isprintable() else _CONTROL.sub(_control, text)


def _number(value: object) -> str:
    v = float(value)  # type: ignore[arg-type]
    return repr(int(v)) if v.is_integer() else repr(v)


def _cells(values: list[object], letter: str, numbers: list[str], styles: list[str],
           numeric: bool) -> list[str]:
    """The `<c>` elements of one column.

    A comprehension over plain lists: for serialising, CPython's f-strings are several times
    faster than pandas' string methods, which loop in Python for object columns anyway.
    """
    if numeric:
        return [f'<c r="{letter}{n}" s="{s}"><v>{_number(v)}</v></c>' if v == v
                and v is not None else f'<c r="{letter}{n}" s="{s}"/>'
                for v, n, s in zip(values, numbers, styles, strict=True)]
    # Text columns may hold numbers too: a date that parsed is its serial number, one that
    # did not stays the text as written.
    return [(f'<c r="{letter}{n}" s="{s}" t="inlineStr"><is><t xml:space="preserve">'
             f"{escape(v)}</t></is></c>" if v else f'<c r="{letter}{n}" s="{s}"/>')
            if isinstance(v, str) else f'<c r="{letter}{n}" s="{s}"><v>{_number(v)}</v></c>'
            if isinstance(v, float) and v == v else f'<c r="{letter}{n}" s="{s}"/>'
            for v, n, s in zip(values, numbers, styles, strict=True)]


def _rows(cells: SheetCells, start: int, stop: int) -> str:
    frame = cells.frame.iloc[start:stop]
    numbers = [str(n) for n in range(start + 2, start + 2 + len(frame))]
    styles = cells.styles.iloc[start:stop].tolist()
    link_styles = cells.link_styles.iloc[start:stop].where(
        cells.links.iloc[start:stop].ne(""), cells.styles.iloc[start:stop]).tolist()
    own = {j: s.iloc[start:stop].tolist() for j, s in cells.column_styles.items()}
    columns = [_cells(frame[name].tolist(), xl_col_to_name(j), numbers,
                      link_styles if j == cells.link_column else own.get(j, styles),
                      is_numeric_dtype(frame[name]))
               for j, name in enumerate(frame.columns)]
    if cells.heights is None:
        opened = [f'<row r="{n}">' for n in numbers]
    else:
        opened = [f'<row r="{n}" ht="{h:g}" customHeight="1">' if h == h else f'<row r="{n}">'
                  for n, h in zip(numbers, cells.heights.iloc[start:stop].tolist(),
                                  strict=True)]
    return "".join(row + "".join(parts) + "</row>"
                   for row, *parts in zip(opened, *columns, strict=True))


def _hyperlinks(cells: SheetCells, limit: int) -> tuple[str, str]:
    """The `<hyperlinks>` element and the sheet's relationships file, or ("", "")."""
    if cells.link_column < 0:
        return "", ""
    links = cells.links.reset_index(drop=True)
    links = links[links.ne("") & links.str.len().le(EXCEL_LINK_CHARS)].iloc[:limit]
    if links.empty:
        return "", ""
    ids = "rId" + pd.Series(range(1, len(links) + 1), index=links.index).astype(str)
    refs = xl_col_to_name(cells.link_column) + (links.index.to_series() + 2).astype(str)
    target = links.map(escape)
    element = ("<hyperlinks>" + "".join(('<hyperlink ref="' + refs + '" r:id="' + ids + '"/>')
                                        .tolist()) + "</hyperlinks>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(('<Relationship Id="' + ids + f'" Type="{_HYPERLINK}" Target="' + target
                       + '" TargetMode="External"/>').tolist()) + "</Relationships>")
    return element, rels


def inject(path: Path, sheets: list[SheetCells], max_links: int) -> None:
    """Fill the given sheets of the XlsxWriter workbook at `path` with their cells."""
    by_name = {f"xl/worksheets/sheet{s.sheet_index + 1}.xml": s for s in sheets}
    tmp = temp_file(path)
    try:
        with open(tmp, "wb") as raw, zipfile.ZipFile(path) as src, \
                zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
            for info in src.infolist():
                cells = by_name.get(info.filename)
                if cells is None:
                    dst.writestr(info, src.read(info), compress_type=zipfile.ZIP_DEFLATED,
                                 compresslevel=1)
                    continue
                _write_sheet(src.read(info).decode("utf-8"), info, cells, dst, max_links)
        shutil.move(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_sheet(xml: str, info: zipfile.ZipInfo, cells: SheetCells, dst: zipfile.ZipFile,
                 max_links: int) -> None:
    n, width = len(cells.frame), len(cells.frame.columns)
    last = f"{xl_col_to_name(max(width - 1, 0))}{n + 1}"
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
    before, _, rest = xml.partition("</sheetData>")
    links, rels = _hyperlinks(cells, max_links)
    if links:
        anchor = "</dataValidations>" if "</dataValidations>" in rest else "<pageMargins"
        head, _, tail = rest.partition(anchor)
        rest = (head + anchor + links + tail) if anchor.startswith("</") else (
            head + links + anchor + tail)
    target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    target.compress_type = zipfile.ZIP_DEFLATED
    # Fast compression: these sheets are most of the file. ZipInfo has no public level
    # attribute before Python 3.13.
    target._compresslevel = 1  # type: ignore[attr-defined]
    with dst.open(target, "w") as out:
        out.write(before.encode("utf-8"))
        for start in range(0, n, CHUNK):
            out.write(_rows(cells, start, min(start + CHUNK, n)).encode("utf-8"))
        out.write(("</sheetData>" + rest).encode("utf-8"))
    if rels:
        rel_name = info.filename.replace("worksheets/", "worksheets/_rels/") + ".rels"
        dst.writestr(zipfile.ZipInfo(rel_name, date_time=info.date_time), rels,
                     compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
