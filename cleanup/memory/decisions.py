"""The monthly cycle: the user's decisions, the ledger decisions.csv, what changed.

The ledger `decisions.csv` in `--out` is the memory; a workbook is only a way to edit it.
Each run:

1. reads the ledger (`Profile URL, Name, Company, Decision, Decided On, Source Workbook`,
   headers in any case; the last line for a person is their standing decision, "" meaning
   "no decision");
2. takes what a person changed in the earlier workbooks (`scan`: every workbook of the
   output folder and `--previous`, each cell compared with what it was written with or last
   read, unchanged files skipped by fingerprint) and appends a line, dated by this run and
   naming its workbook, for every decision that is new, changed or cleared (`taken`: a
   worklist wins over Connections in one workbook, the later save across workbooks);
3. applies the standing decisions to this run's connections (the strongest override), and
   stages the whole new ledger with the reports, so that all of them land or none does.

So re-reading any workbook, any number of times, is harmless: an untouched cell never
clears or reverts anything, and emptying a cell that was written non-empty clears (the
person did that: a ledger line with an empty Decision, and the rules decide again). A row
deleted from a sheet says nothing.

Matching: by the normalised profile URL; for rows without one, by folded name and company
(`person_ids`), the key the workbook carries in its hidden column, whatever the export's
columns are called.

A workbook written before the tool kept its hidden columns is read as before
(`_decisions_in`): compared with what it was prefilled with, the standing decision as of its
own date; it never overrides a newer decision. A run older than one the output folder already
holds is refused outright (`refuse_older_run`), and so is a run while a workbook it reads or
replaces is open in Excel or LibreOffice.

A Decision that is not understood (`yes`, `x`, `done`) is never guessed at and never dropped:
it is recorded in the ledger as typed, carried into the next workbook's Decision cell, and
named in a notice; the rules decide for that person until the cell says keep or remove.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.memory import ledger as ledgers
from cleanup.memory.history import (
    HISTORY,
    SNAPSHOTS,
    read_history,
    snapshot_date,
)
from cleanup.memory.ledger import LEDGER, SHOWN, UNCLEAR, empty_ledger, write_ledger
from cleanup.memory.scan import Scan, scan
from cleanup.memory.taken import decision_lines
from cleanup.memory.workbooks import Book, read_workbook
from cleanup.model import Decisions, Result
from cleanup.read.identity import person_ids
from cleanup.terms import DECISIONS, WORKBOOK_NAME, report_date, report_paths
from cleanup.text import whole

StageFn = Callable[[Path, Callable[[Path], None]], None]


def _cells_named(cells: pd.DataFrame) -> str:
    shown = ", ".join(f"{s}!{c}" for s, c in zip(cells["sheet"][:SHOWN], cells["cell"][:SHOWN],
                                                 strict=True))
    more = f" and {len(cells) - SHOWN} more" if len(cells) > SHOWN else ""
    return f"{shown}{more}"


def _shown(value: str) -> str:
    """A decision value as a message shows it: a value not understood in quotes."""
    return repr(value.removeprefix(UNCLEAR)[:40]) if value.startswith(UNCLEAR) else value


def _unclear_notice(people: pd.DataFrame, unclear: pd.Series,
                    cells: pd.Series) -> list[Notice]:
    """One notice naming the people whose Decision says something else than keep or remove,
    with the cell it was read from this run (`cells`, per row, "" when from the ledger)."""
    if not unclear.ne("").any():
        return []
    some = unclear.ne("")
    named = [f"{name or url} ({text[:40]!r}{', ' + cell if cell else ''})"
             for name, url, text, cell in zip(people["name"][some], people["url"][some],
                                              unclear[some], cells[some], strict=True)]
    more = f" and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
    return [Notice("", None, "Decision not understood for " + ", ".join(named[:SHOWN]) + more
                   + ": only keep or remove (or k, r) is understood. The value is kept as "
                   "typed in the new workbook's Decision cell, marked in orange, and the rules "
                   "decide meanwhile: type keep or remove there, or empty the cell.")]


def _capped(book: Book, messages: list[str], more: str) -> list[Notice]:
    """At most SHOWN notices of one kind about `book`, then one that says how many more."""
    shown = messages if len(messages) <= SHOWN else [*messages[:SHOWN], more + "."]
    return [Notice(book.path.name, None, m) for m in shown]


def _decisions_in(book: Book, parsed: pd.DataFrame, today: str
                  ) -> tuple[pd.DataFrame, list[Notice], pd.Series]:
    """The ledger lines a workbook written before the tool kept its hidden columns adds to
    the ledger `parsed` (dated `today`, the run's date), the notices on the way, and the cells
    holding a value not understood (Sheet!cell by person id).

    Such a workbook is compared with what it was prefilled with: the standing decision as of
    its own date. A cell older than a newer decision is named in a notice, not taken."""
    notices = list(book.notices)
    cells = book.cells.join(person_ids(book.cells["url"], book.cells["name"],
                                       book.cells["company"]))
    nobody = cells[cells["id"].eq("") & cells["value"].ne("")]
    if len(nobody):
        notices.append(Notice(book.path.name, None, f"{_cells_named(nobody)}: a decision on a "
                              "row without a profile URL or a name cannot be matched to "
                              "anyone, so it was ignored."))
    cells = cells[cells["id"].ne("")]
    unclear = cells[cells["value"].str.startswith(UNCLEAR)]
    where = pd.Series((unclear["sheet"] + "!" + unclear["cell"]).to_numpy(),
                      index=unclear["id"].to_numpy(), dtype=object)
    where = where[~where.index.duplicated(keep="first")]

    when = book.as_of.isoformat()
    # What this workbook was prefilled with: the standing decision as of its own date, but
    # for lines a decide session recorded after it was written.
    shown = parsed[~parsed["pending"]]
    prefilled = ledgers.match(cells, ledgers.standing(shown, upto=when))["decision"].fillna("")
    changed = cells[cells["value"].ne(prefilled)]
    changed = changed.sort_values(["id", "rank", "order"], kind="stable")
    conflicts = changed[changed.groupby("id")["value"].transform("nunique").gt(1)]
    said = []
    for _, group in conflicts.groupby("id", sort=False):
        cells_said = "; ".join(f"{s}!{c} says {_shown(v) or 'nothing'}" for s, c, v
                               in zip(group["sheet"], group["cell"], group["value"],
                                      strict=True))
        first = group.iloc[0]
        who = first["name"] or first["url"]
        used = first["value"] or "no decision"
        said.append(f"conflicting decisions for {who}: {cells_said}. Used "
                    f"{_shown(used)} from {first['sheet']} (a worklist wins over Connections); "
                    "fix the other cell in the new workbook if that is wrong.")
        if len(said) > SHOWN:
            break
    notices += _capped(book, said, f"{conflicts['id'].nunique() - SHOWN} more people have "
                       "conflicting decisions; the same rule was applied")
    chosen = changed.drop_duplicates("id", keep="first")

    now = ledgers.match(chosen, ledgers.standing(parsed))
    now_value = now["decision"].fillna("")
    now_on = now["decided_on"].fillna("")
    stale = now_on.gt(when) & chosen["value"].ne(now_value)
    said = [f"{c['sheet']}!{c['cell']} says {_shown(c['value']) or 'nothing'} for "
            f"{c['name'] or c['url']}, but your decision {_shown(value) or '(cleared)'} of {on} is "
            "newer and stands."
            for (_, c), value, on in zip(chosen[stale].head(SHOWN + 1).iterrows(),
                                         now_value[stale], now_on[stale], strict=False)]
    notices += _capped(book, said, f"{int(stale.sum()) - SHOWN} more cells are older than "
                       "your newer decisions, which stand")
    record = chosen[~now_on.gt(when) & chosen["value"].ne(now_value)]
    lines = pd.DataFrame({"Profile URL": record["url"], "Name": record["name"],
                          "Company": record["company"],
                          # A value not understood is recorded as typed, to be carried.
                          "Decision": record["value"].str.removeprefix(UNCLEAR),
                          "Decided On": today, "Source Workbook": book.path.name},
                         columns=ledgers.LEDGER_COLUMNS, dtype=object)
    # A deterministic order: by name, then URL (each run's lines share one date per book).
    lines = (lines.assign(_k=whole(lines["Name"]))
             .sort_values(["_k", "Name", "Profile URL", "Company"], kind="stable")
             .drop(columns="_k").reset_index(drop=True))
    return lines, notices, where


def load(out: Path | None, previous: str | Path | None, people: pd.DataFrame,
         as_of: date, scanned: Scan | None = None) -> Decisions:
    """The decisions that apply to this run's connections, and the new ledger to write.

    Reads `out/decisions.csv` and what changed in the earlier workbooks (`scan`, done here
    unless given). Raises InputError for a missing `--previous`, a workbook that cannot be
    read (broken, locked, without a Connections sheet or Decision column) or a ledger without
    its header: their decisions are never silently dropped.
    """
    notices: list[Notice] = []
    ledger = empty_ledger()
    parsed = ledgers.parse(ledger, new=False)
    if out is not None and (out / LEDGER).exists():
        ledger, lines = ledgers.read_ledger(out / LEDGER)
        parsed = ledgers.parse(ledger, new=False)
        notices += ledgers.ledger_notices(out / LEDGER, parsed, lines, ledger)
    if out is not None:
        refuse_older_run(out, as_of)
    if scanned is None:
        scanned = scan(out, previous, as_of)
    notices += scanned.notices
    today = as_of.isoformat()
    added: list[pd.DataFrame] = []
    older: Book | None = None
    unclear_cells = pd.Series(dtype=object)
    for path in scanned.legacy:  # workbooks written before the tool kept its columns
        book = read_workbook(path, as_of)
        lines, said, where = _decisions_in(book, parsed, today)
        notices += said
        unclear_cells = pd.concat([where, unclear_cells])
        if len(lines):
            added.append(lines)
            parsed = pd.concat([parsed, ledgers.parse(lines, new=True)], ignore_index=True)
        if book.as_of < as_of and book.rows is not None and (
                older is None or book.as_of >= older.as_of):
            older = book
    named = pd.DataFrame({"name": ledger["Name"].fillna("").to_numpy(),
                          "company": ledger["Company"].fillna("").to_numpy()},
                         index=ledgers.parse(ledger, new=False)["id"].to_numpy(), dtype=object)
    named = named[named["name"].ne("") & ~named.index.duplicated(keep="last")]
    lines, said, where = decision_lines(scanned.decisions, parsed, people, today, named)
    notices += said
    unclear_cells = pd.concat([where, unclear_cells])
    if len(lines):
        added.append(lines)
        parsed = pd.concat([parsed, ledgers.parse(lines, new=True)], ignore_index=True)
    if older is None and out is not None and out.is_dir():
        older = _workbook_for_changes(out, as_of)
    new_lines = pd.concat(added, ignore_index=True) if added else empty_ledger()
    if len(new_lines):
        ledger = pd.concat([ledger, new_lines.reindex(columns=ledger.columns, fill_value="")],
                           ignore_index=True).fillna("").astype(object)

    standing = ledgers.standing(parsed)
    ids = person_ids(people["url"], people["name"], people["company"],
                     keys=people.get("key"))
    found = ledgers.match(ids, standing)
    decision = found["decision"].fillna("")
    decided = decision.isin(DECISIONS)
    unclear = decision.str.startswith(UNCLEAR)
    # `unclear`: what the Decision cell said when it was not understood, carried as typed.
    frame = pd.DataFrame({"decision": decision.where(decided, ""),
                          "decided_on": found["decided_on"].fillna("").where(decided, ""),
                          "unclear": decision.str.removeprefix(UNCLEAR).where(unclear, ""),
                          "id": ids["id"]},
                         index=people.index, dtype=object)
    unclear_cells = unclear_cells[~unclear_cells.index.duplicated(keep="first")]
    by_url = pd.Series(unclear_cells.reindex(ids["url_id"].to_numpy()).to_numpy(),
                       index=people.index, dtype=object)
    by_name = pd.Series(unclear_cells.reindex(ids["name_id"].to_numpy()).to_numpy(),
                        index=people.index, dtype=object)
    notices += _unclear_notice(people, frame["unclear"], by_url.fillna(by_name).fillna(""))
    carried = decided & found["new"].fillna(False).eq(False)
    return Decisions(
        frame=frame, notices=notices, ledger=ledger, added=len(new_lines),
        cleared=int(new_lines["Decision"].eq("").sum()), carried_over=int(carried.sum()),
        read_from=scanned.read_from, standing=standing[["decision", "decided_on"]],
        previous_rows=older.rows if older else None,
        previous_date=older.as_of if older else None,
        previous_source=older.path.name if older else "", scan=scanned)


def _workbook_for_changes(out: Path, as_of: date) -> Book | None:
    """The newest earlier workbook, read for its Connections sheet only when no snapshot of
    an earlier run is kept (the list of changes then compares with it)."""
    snapshots = out / SNAPSHOTS
    if snapshots.is_dir() and any((d := snapshot_date(f)) is not None and d < as_of
                                  for f in snapshots.iterdir()):
        return None
    dated = [(d, f) for f in out.iterdir() if WORKBOOK_NAME.fullmatch(f.name) and f.is_file()
             and (d := report_date(f)) is not None and d < as_of]
    return read_workbook(max(dated)[1], as_of) if dated else None


def refuse_older_run(out: Path, as_of: date) -> None:
    """Stop when `out` already holds a run newer than `as_of`: an older run must never change
    what a newer one recorded. Every file that says so is named at once, so that a run made
    with a mistyped date is undone in one step."""
    found: list[tuple[date, str]] = []
    if out.is_dir():
        for f in out.iterdir():
            if WORKBOOK_NAME.fullmatch(f.name) and (d := report_date(f)) and d > as_of:
                found.append((d, f"the workbook {f.name}"))
        snapshots = out / SNAPSHOTS
        if snapshots.is_dir():
            for f in snapshots.iterdir():
                if (d := snapshot_date(f)) is not None and d > as_of:
                    found.append((d, f"the snapshot {SNAPSHOTS}/{f.name}"))
    if (out / HISTORY).is_file():
        runs, _ = read_history(out)
        for text in runs["As Of"]:
            if (d := date.fromisoformat(text)) > as_of:
                found.append((d, f"the line of {text} in {HISTORY}"))
    if not found:
        return
    when = max(found)[0]
    named = ", ".join(what for _, what in sorted(found, reverse=True))
    raise InputError(f"{out} already holds a newer run, of {when.isoformat()} ({named}), than "
                     f"this one of {as_of.isoformat()}. An older run never changes what a newer "
                     "one recorded, so nothing was written. Run the newest archive instead, "
                     "or write this run into another output folder; if that newer date was a "
                     "mistake, move the files named out of the folder (your decisions stay in "
                     f"{LEDGER}).", hint="out")


# ---------------------------------------------------------------------------- compare, stage

def stage(result: Result, out: Path, stage: StageFn) -> dict[str, Path]:
    """Stage decisions.csv with the reports.

    Stage it first, so that it is also the first file moved into place: it holds the
    decisions read from the workbook that the same batch may replace.
    """
    decided = result.decisions
    ledger = decided.ledger if decided.ledger is not None else empty_ledger()
    ledger = ledgers.shown_in(ledger, report_paths(out, result.as_of)["xlsx"].name)
    path = out / LEDGER
    stage(path, lambda tmp: write_ledger(ledger, tmp))
    return {"decisions": path}
