"""What the tool has already taken from each workbook: `.workbooks.json` in the output folder.

A workbook is only a way to edit the ledgers, so each file must give each edit once. For every
workbook a run wrote or read, the state file keeps its fingerprint (name, size, modification
time, SHA-256), its id (`sheets.book_id`, carried in its hidden columns) and the typed cells
that differed from what was written when it was last read (`Sheet|key -> value`). A run:

- skips, without opening it, a workbook whose name, size and time are unchanged, and one whose
  content (SHA-256) is that of a file already known (a copy, a moved or touched file);
- reads the others, and takes a cell only where it differs from what the tool last knew that
  cell to hold: what was last read from the same file, else from another file of the same
  workbook (a "Save as" copy), else what the cell was written with;
- stages the new state with the ledgers, before the workbook that replaces an earlier one,
  so that no kill between two renames can make an edit count twice or an untouched cell
  count at all.

A state file that cannot be read is set aside with a notice: the workbooks are then read
against what they were written with, which still never clears an untouched cell.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from cleanup.errors import CleanupError, Notice
from cleanup.files import read_capped

STATE = ".workbooks.json"
#: Records of files no longer in the folder are kept for their copies, up to this many.
KEPT = 200
_STATE_BYTES = 64 * 1024 * 1024
_VERSION = 1


@dataclass
class Record:
    """One workbook file as the tool last knew it."""

    name: str  # its file name in the output folder, its full path elsewhere, "" once replaced
    size: int
    mtime_ns: int
    sha256: str
    book: str  # its id ("" for a workbook written before the tool kept ids)
    #: "Sheet|key" -> the value read where it differed from what was written
    cells: dict[str, str] = field(default_factory=dict)

    def same_file(self, size: int, mtime_ns: int) -> bool:
        return self.size == size and self.mtime_ns == mtime_ns


def _record(item: object) -> Record | None:
    if not isinstance(item, dict):
        return None
    try:
        cells = item.get("cells", {})
        if not isinstance(cells, dict):
            return None
        return Record(name=str(item["name"]), size=int(item["size"]),
                      mtime_ns=int(item["mtime_ns"]), sha256=str(item["sha256"]),
                      book=str(item.get("book", "")),
                      cells={str(k): str(v) for k, v in cells.items()})
    except (KeyError, TypeError, ValueError):
        return None


def read_state(out: Path | None) -> tuple[list[Record], list[Notice]]:
    """The records of `out`'s state file (none when there is none)."""
    path = None if out is None else out / STATE
    if path is None or not path.exists():
        return [], []
    try:
        data = json.loads(read_capped(path, _STATE_BYTES, "a workbook state file"))
        items = data.get("workbooks", []) if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ValueError("no list of workbooks")
    except (OSError, ValueError, CleanupError) as exc:
        return [], [Notice(str(path), None, f"cannot be read ({type(exc).__name__}); it is "
                           "written again by this run. The workbooks were read against what "
                           "they were written with, so no untouched cell counted.")]
    records = [r for r in map(_record, items) if r is not None]
    return records, []


def fingerprint(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def baseline(records: list[Record], name: str, book: str) -> dict[str, str]:
    """What the tool last knew the typed cells of the file `name` (of workbook `book`) to hold,
    where that differs from what they were written with."""
    for r in reversed(records):
        if r.name == name and r.book == book and book:
            return dict(r.cells)
    merged: dict[str, str] = {}
    for r in records:  # the same workbook under other names: its copies, in the order read
        if r.book == book and book:
            merged.update(r.cells)
    return merged


@dataclass
class State:
    """The state file as this run leaves it (before its own workbook is added)."""

    records: list[Record]

    def put(self, record: Record) -> None:
        """`record` replaces the one of the same name (kept nameless, for copies of it)."""
        if record.name:
            self.forget(record.name)
        self.records.append(record)

    def forget(self, name: str) -> None:
        self.records = [replace(r, name="") if r.name == name else r for r in self.records]

    def with_written(self, name: str, path: Path, book: str) -> State:
        """The state once the workbook `path` (the staged file) is in place as `name`."""
        size, mtime_ns = fingerprint(path)
        new = State(list(self.records))
        new.put(Record(name=name, size=size, mtime_ns=mtime_ns, sha256=sha256_of(path),
                       book=book))
        return new

    def write(self, path: Path, present: set[str]) -> None:
        """Write the state: records of files still present, then the newest others."""
        gone = [i for i, r in enumerate(self.records) if r.name not in present]
        drop = set(gone[:-KEPT]) if len(gone) > KEPT else set()
        kept = [r for i, r in enumerate(self.records) if i not in drop]
        data = {"version": _VERSION, "workbooks": [
            {"name": r.name, "size": r.size, "mtime_ns": r.mtime_ns, "sha256": r.sha256,
             "book": r.book, "cells": dict(sorted(r.cells.items()))} for r in kept]}
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=True, indent=0, sort_keys=False)
            fh.write("\n")


StageFn = Callable[..., None]


def stage(state: State | None, out: Path, written: Path | None, name: str, book: str,
          stage_fn: StageFn) -> dict[str, Path]:
    """Stage the state file, with the record of this run's workbook (staged at `written`)."""
    if state is None:
        state = State([])
    final = state.with_written(name, written, book) if written is not None else state
    present = {f.name for f in out.iterdir()} if out.is_dir() else set()
    present.add(name)
    path = out / STATE
    stage_fn(path, lambda tmp: final.write(tmp, present))
    return {"workbooks": path}
