"""A DataFrame with the export's own column names, read as if it were Connections.csv.

The Python API accepts such a frame as the source. It goes through the very reader the CLI
uses (as CSV bytes held in memory), so a frame and a file give the same result. What a file
cannot hold is refused or read the way the CLI reads a file: columns with more than one level
of names are refused, and so is an index that repeats a label (the result's rows keep the
frame's index, to be joined back to it); a cell holding bytes is decoded as a file is, UTF-8
else Windows-1252, and said so; a row empty in every column is left out, as a blank line of a
file is, and said so; every cell is written in quotes, so that a line break in it never
starts a row.
"""

from __future__ import annotations

import csv

import pandas as pd

from cleanup.errors import InputError, Notice, utf8_safe
from cleanup.read.archive import Archive

LABEL = "DataFrame"
_SHOWN = 3  # labels named in a message


def archive_of_frame(frame: pd.DataFrame) -> tuple[Archive, pd.Index]:
    """An in-memory export whose only file is the frame as Connections.csv, and the index of
    the frame's rows it holds, in order (a row empty in every column is not a connection, as
    a blank line of a file is not: it is left out and said so)."""
    if frame.columns.empty:
        raise InputError(f"{LABEL}: it has no columns. Give a frame with the columns of "
                         "LinkedIn's Connections.csv (First Name, Last Name, URL, Email "
                         "Address, Company, Position, Connected On).")
    if frame.columns.nlevels > 1:
        raise InputError(f"{LABEL}: its columns have {frame.columns.nlevels} levels of names "
                         "(a MultiIndex), which would be read as extra rows. Keep the one "
                         "level that holds the export's own names (First Name, Last Name, "
                         "Company, Position, ...), for example with frame.columns = "
                         "frame.columns.get_level_values(0) when they are the first level.")
    repeated = frame.index[frame.index.duplicated()].unique()
    if len(repeated):
        shown = ", ".join(repr(label) for label in repeated[:_SHOWN])
        raise InputError(f"{LABEL}: its index repeats {len(repeated):,} label(s) ({shown}). "
                         "The result's rows keep the frame's index, so that they can be "
                         "joined back to it; give each row its own label, for example with "
                         "frame.reset_index(drop=True).")
    frame, notes = _bytes_decoded(frame)
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    blank = text.apply(lambda column: column.str.strip().eq("")).all(axis=1)
    if blank.any():
        text = text[~blank]
        first = blank.index[blank.to_numpy()].tolist()[0]
        notes += (Notice(LABEL, None, f"{int(blank.sum()):,} row(s) are empty in every column "
                         f"(first: row {first!r}); like blank lines of a file they are not "
                         "connections and were left out."),)
    # Every field in quotes: a line break of any kind inside a cell stays in the cell.
    # A lone surrogate (a Python string can hold one) is not text: it becomes U+FFFD.
    data = utf8_safe(text.to_csv(index=False, lineterminator="\n",
                                 quoting=csv.QUOTE_ALL)).encode("utf-8")
    return Archive.in_memory(LABEL, {"Connections.csv": data}, notes=notes), text.index


def _bytes_decoded(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[Notice, ...]]:
    """The frame with each cell that holds bytes decoded as a file is read: UTF-8, else
    Windows-1252 (what Excel saves), and a note when any was not UTF-8."""
    columns: dict[int, pd.Series] = {}
    legacy: list[tuple[object, object]] = []  # (row label, column) of cells not UTF-8
    for at, name in enumerate(frame.columns):
        column = frame.iloc[:, at]
        kind = pd.api.types.infer_dtype(column, skipna=True) if column.dtype == object else ""
        if kind != "bytes" and not kind.startswith("mixed"):  # bytes, or bytes among others
            continue
        values = column.to_numpy(dtype=object).copy()
        for i, value in enumerate(values):
            if isinstance(value, bytes | bytearray):
                values[i], utf8 = _decoded(bytes(value))
                if not utf8:
                    legacy.append((frame.index[i:i + 1].tolist()[0], name))
        columns[at] = pd.Series(values, index=frame.index, dtype=object)
    if not columns:
        return frame, ()
    frame = frame.copy(deep=False)
    for at, values in columns.items():
        frame.isetitem(at, values)
    if not legacy:
        return frame, ()
    row, name = legacy[0]
    return frame, (Notice(LABEL, None, f"{len(legacy):,} cell(s) held bytes that are not "
                          f"UTF-8 (first: row {row!r}, column {name!r}); they were read as "
                          "Windows-1252, as a file re-saved by Excel is. Decode them before "
                          "analysing the frame to choose another encoding."),)


def _decoded(data: bytes) -> tuple[str, bool]:
    """Bytes as text, and whether they were UTF-8."""
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), False
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1"), False
