"""The connections file in: the people table (`cleanup.people`), built by the adapter of the
file's layout (`cleanup.read.adapters`), and the file's own columns as a payload."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.limits import EXCEL_CELL_CHARS, EXCEL_ROWS
from cleanup.model import SourceFile
from cleanup.people import FIELDS, Export
from cleanup.read.adapters import Adapter, adapters
from cleanup.read.archive import Archive
from cleanup.read.csvio import NoHeader, Table, read_table
from cleanup.read.relations import COLUMNS as EVIDENCE_COLUMNS
from cleanup.terms import ADDED_COLUMNS
from cleanup.text import header_key, parse_dates, profile_links, url_key


@dataclass(frozen=True)
class Connections:
    """The connections file, read: the people table and the file's own columns."""

    people: pd.DataFrame  # the read stage's columns of `cleanup.people.COLUMNS`
    export: Export  # the file's own columns, for the Connections sheet only
    source: SourceFile
    header_line: int
    notices: list[Notice]


def _keep_apart(table: Table) -> tuple[Table, list[tuple[str, str]]]:
    """The table with any column named like one the tool adds (`decision`, `TAG`, `Messages
    sent`: any case)
    renamed `... (export)`, so that it is neither overwritten nor read back as the user's
    Decision; and the renames made."""
    added = {header_key(c) for c in [*ADDED_COLUMNS, *EVIDENCE_COLUMNS.values()]}
    taken = set(table.columns)
    renames: dict[str, str] = {}
    for name in table.columns:
        if header_key(name) in added:
            new, n = f"{name} (export)", 2
            while new in taken:
                new, n = f"{name} (export {n})", n + 1
            taken.add(new)
            renames[name] = new
    if not renames:
        return table, []
    return replace(table, columns=[renames.get(c, c) for c in table.columns],
                   frame=table.frame.rename(columns=renames)), list(renames.items())


def _read(data: bytes, source: SourceFile) -> tuple[Adapter, Table]:
    """The file's table, read with the first layout whose header it holds."""
    first: NoHeader | None = None
    for adapter in adapters():
        try:
            return adapter, read_table(data, source, must=adapter.must,
                                       expected=adapter.expected, name="Connections.csv")
        except NoHeader as exc:
            first = first or exc
    assert first is not None  # LinkedIn's own layout is always there
    raise first


def read_connections(archive: Archive) -> Connections:
    """Read the connections file of the export and build the people table from it."""
    member = archive.find("Connections.csv")
    if member is None:
        raise InputError(f"{archive.path}: no Connections.csv in it. Ask LinkedIn for the "
                         "archive with Connections (Settings > Data privacy > Get a copy of "
                         "your data) and give the .zip or its folder.")
    data = archive.read(member)
    source = archive.source(member, data)
    adapter, table = _read(data, source)
    fields = adapter.fields(table.columns)
    missing = [adapter.headers[f][0] for f in adapter.required if f not in fields]
    if missing:
        raise InputError(f"{source.label}: the header lacks {', '.join(missing)}. Columns "
                         f"found: {', '.join(table.columns)}; expected: "
                         f"{', '.join(adapter.expected)}.")
    if table.frame.empty:
        raise InputError(f"{source.label}: the header is there but no connection follows it. "
                         "Nothing to clean up: check that you gave the right file.")
    if len(table.frame) >= EXCEL_ROWS:
        raise InputError(f"{source.label}: {len(table.frame):,} connections, more than the "
                         f"{EXCEL_ROWS - 1:,} rows a worksheet holds (LinkedIn allows at most "
                         "30,000 connections). Check that this is LinkedIn's Connections.csv.")
    notices = [*archive.duplicates("Connections.csv"), *table.notices]
    table, renamed = _keep_apart(table)
    if renamed:
        notices.append(Notice(source.label, None, "the export's own column "
                              + ", ".join(f"{old!r} is shown as {new!r}" for old, new in renamed)
                              + ": the tool writes a column of that name.",
                              code="column-renamed", fields={"renamed": dict(renamed)}))
        fields = {k: dict(renamed).get(c, c) for k, c in fields.items()}
    f = table.frame
    people = _people(f, fields, table.lines)
    bad = people["connected"].isna() & people["connected_on"].ne("")
    if bad.any():
        first = people.loc[bad].iloc[0]
        notices.append(Notice(source.label, None, code="dates-unread", template=(
            "{count} '{column}' dates could not be read (first on line {first_line}: "
            "{first_value!r}); those rows are kept without a date."), fields={
                "count": int(bad.sum()), "column": fields.get("connected_on", "Connected On"),
                "first_line": int(first["line"]), "first_value": first["connected_on"]}))
    # The longest cell of each column first (C speed); cell by cell only when one is too long.
    if any(max(map(len, f[c].to_numpy(dtype=object)), default=0) > EXCEL_CELL_CHARS
           for c in f.columns):
        lengths = f.apply(lambda column: column.str.len())
        too_long = lengths.gt(EXCEL_CELL_CHARS)
        row, column = next((r, c) for r, c in too_long.stack().index if too_long.at[r, c])
        n = int(too_long.to_numpy().sum())
        notices.append(Notice(source.label, None, code="fields-too-long", fields={
            "count": n, "first_line": int(table.lines[f.index.get_loc(row)]),
            "column": column}, message=f"{n:,} field{'s' if n != 1 else ''} longer "
                              f"than the {EXCEL_CELL_CHARS:,} characters an Excel cell holds "
                              f"(first on line {table.lines[f.index.get_loc(row)]}, {column}: "
                              f"{int(lengths.at[row, column]):,} characters); the workbook "
                              "shows such text cut, with a note in the cell; the HTML report "
                              "has it whole."))
    return Connections(people=people, export=Export(frame=f, layout=adapter.name,
                                                    fields=fields),
                       source=source, header_line=table.header_line, notices=notices)


def _people(f: pd.DataFrame, fields: dict[str, str], lines: np.ndarray) -> pd.DataFrame:
    """The read stage's people table from the file's cells and the adapter's fields."""
    empty = pd.Series("", index=f.index, dtype=object)
    people = pd.DataFrame({name: (f[fields[name]] if name in fields else empty)
                           for name in FIELDS})
    people["name"] = (people["first"] + " " + people["last"]).str.strip()
    people["key"] = url_key(people["url"])
    people["link"] = profile_links(people["key"])
    people["connected"] = parse_dates(people["connected_on"], serials=True)
    people["hidden"] = np.logical_and.reduce(
        [people[c].to_numpy(dtype=object) == ""
         for c in ("first", "last", "url", "email", "company", "position")])
    people["line"] = lines
    return people
