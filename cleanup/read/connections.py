"""Connections.csv in: the export's own table, plus the canonical columns the rules read."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.limits import EXCEL_CELL_CHARS, EXCEL_ROWS
from cleanup.read.archive import Archive
from cleanup.read.csvio import Table, norm_header, read_table
from cleanup.read.relations import COLUMNS as EVIDENCE_COLUMNS
from cleanup.terms import ADDED_COLUMNS
from cleanup.text import parse_dates, profile_links, url_key

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


@dataclass(frozen=True)
class Connections:
    """Connections.csv, read: the original table plus canonical columns for the rules."""

    table: Table
    people: pd.DataFrame  # first, last, name, url, key, link, email, company, position,
    #                       connected (datetime64), hidden (bool), line (int)
    notices: list[Notice]




def _keep_apart(table: Table) -> tuple[Table, list[tuple[str, str]]]:
    """The table with any column named like one the tool adds (`decision`, `TAG`, `Messages
    sent`: any case)
    renamed `... (export)`, so that it is neither overwritten nor read back as the user's
    Decision; and the renames made."""
    added = {norm_header(c) for c in [*ADDED_COLUMNS, *EVIDENCE_COLUMNS.values()]}
    taken = set(table.columns)
    renames: dict[str, str] = {}
    for name in table.columns:
        if norm_header(name) in added:
            new, n = f"{name} (export)", 2
            while new in taken:
                new, n = f"{name} (export {n})", n + 1
            taken.add(new)
            renames[name] = new
    if not renames:
        return table, []
    return replace(table, columns=[renames.get(c, c) for c in table.columns],
                   frame=table.frame.rename(columns=renames)), list(renames.items())


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
                       expected=CONNECTION_COLUMNS.values(), name="Connections.csv")
    by_norm = {norm_header(c): c for c in table.columns}
    missing = [c for c in REQUIRED if norm_header(c) not in by_norm]
    if missing:
        raise InputError(f"{source.label}: the header lacks {', '.join(missing)}. Columns "
                         f"found: {', '.join(table.columns)}; expected: "
                         f"{', '.join(CONNECTION_COLUMNS.values())}.")
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
                              + ": the tool writes a column of that name."))
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
    people["hidden"] = np.logical_and.reduce(
        [people[c].to_numpy(dtype=object) == ""
         for c in ("first", "last", "url", "email", "company", "position")])
    people["line"] = table.lines
    bad = people["connected"].isna() & people["connected_on"].ne("")
    if bad.any():
        first = people.loc[bad].iloc[0]
        notices.append(Notice(source.label, None, f"{int(bad.sum())} 'Connected On' dates "
                              f"could not be read (first on line {first['line']}: "
                              f"{first['connected_on']!r}); those rows are kept without a "
                              "date."))
    # The longest cell of each column first (C speed); cell by cell only when one is too long.
    if any(max(map(len, f[c].to_numpy(dtype=object)), default=0) > EXCEL_CELL_CHARS
           for c in f.columns):
        lengths = f.apply(lambda column: column.str.len())
        too_long = lengths.gt(EXCEL_CELL_CHARS)
        row, column = next((r, c) for r, c in too_long.stack().index if too_long.at[r, c])
        n = int(too_long.to_numpy().sum())
        notices.append(Notice(source.label, None, f"{n:,} field{'s' if n != 1 else ''} longer "
                              f"than the {EXCEL_CELL_CHARS:,} characters an Excel cell holds "
                              f"(first on line {table.lines[f.index.get_loc(row)]}, {column}: "
                              f"{int(lengths.at[row, column]):,} characters); the workbook "
                              "shows such text cut, with a note in the cell; the HTML report "
                              "has it whole."))
    return Connections(table=table, people=people, notices=notices)
