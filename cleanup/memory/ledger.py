"""decisions.csv: the durable memory of what the user decided.

One line per decision event (`Profile URL, Name, Company, Decision, Decided On, Source
Workbook`), appended, never rewritten: the last line for a person is their standing decision,
an empty Decision meaning "no decision". The file is written with a BOM so that Excel shows
accents, and a value that a spreadsheet would read as a formula gets a leading apostrophe,
removed again when the ledger is read back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, Notice, utf8_safe
from cleanup.files import read_capped
from cleanup.limits import LEDGER_BYTES
from cleanup.model import SourceFile
from cleanup.read.csvio import NoHeader, norm_header, read_table
from cleanup.read.identity import person_ids
from cleanup.text import parse_dates

LEDGER = "decisions.csv"
LEDGER_COLUMNS = ["Profile URL", "Name", "Company", "Decision", "Decided On", "Source Workbook"]
#: Leading characters that make Excel or LibreOffice read a CSV cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
#: How many lines one kind of warning names before it only counts the rest.
SHOWN = 10
#: The Source Workbook of a line a decide session recorded and no workbook has shown yet: a
#: workbook written before the session was never prefilled with it, so its cell is not read as
#: undoing it. The next run's ledger names the workbook that shows it (`shown_in`).
SESSION_SOURCE = "decide session"
#: What a Decision cell may say, once spaces and trailing dots are dropped and case folded.
ACCEPTED = {"keep": "keep", "k": "keep", "remove": "remove", "r": "remove", "": ""}
#: A value that is not understood is kept as typed, marked by this prefix, cut to this length.
UNCLEAR = "?"
MAX_UNCLEAR = 200


def read_decision(text: str) -> str:
    """What a typed Decision means: "keep", "remove", "" (none), or UNCLEAR + the text as
    typed (stripped, at most MAX_UNCLEAR characters) for anything else. Only unambiguous short
    forms are accepted: `yes`, `done` or `x` are never guessed at."""
    typed = " ".join(str(text).split())
    value = ACCEPTED.get(typed.rstrip(". ").casefold())
    return value if value is not None else UNCLEAR + typed[:MAX_UNCLEAR]


def _escape(values: pd.Series) -> pd.Series:
    # A name such as "=HYPERLINK(...)" must stay text when the user opens the ledger in a
    # spreadsheet: a leading apostrophe is added, and a real leading apostrophe doubled, so
    # that reading back (`_unescape`) gives exactly the original.
    s = values.fillna("").astype(str).map(utf8_safe)  # a workbook named with non-UTF-8 bytes
    return s.mask(s.str.startswith(_FORMULA_START), "'" + s)


def _unescape(values: pd.Series) -> pd.Series:
    s = values.fillna("").astype(str)
    return s.mask(s.str.startswith("'"), s.str.slice(1))


def empty_ledger() -> pd.DataFrame:
    """A ledger without lines."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})


def read_csv_ledger(path: Path, columns: list[str], what: str,
                    holds: str) -> tuple[pd.DataFrame, pd.Series]:
    """A ledger file as written (`columns` first, the last of them optional, unknown columns
    kept), with the file line of each ledger line. Tolerates a re-save by Excel (BOM, cp1252,
    `;`, CRLF). `what` names the file in messages ("decisions ledger"), `holds` what it keeps
    ("your earlier decisions"): a ledger is never overwritten when it cannot be read."""
    try:
        data = read_capped(path, LEDGER_BYTES, f"a {what}")
    except OSError as exc:
        raise InputError(f"{path}: the {what} cannot be read ({exc.strerror}). Close it in any "
                         "program that has it open and run again.") from None
    source = SourceFile(str(path), hashlib.sha256(data).hexdigest(), len(data))
    try:
        table = read_table(data, source, must=columns[:-1])
    except InputError as exc:
        if not isinstance(exc, NoHeader):  # a quote never closed, a ragged line: say which
            raise InputError(f"{exc} The {what} holds {holds}, so it is never overwritten: "
                             "repair that line.") from None
        raise InputError(f"{path}: not a {what} linkedin-cleanup can read: its header must "
                         f"hold {', '.join(columns)}. It holds {holds}, so it is never "
                         "overwritten: repair the header, or move the file out of the folder "
                         "to start a new one.") from None
    frame = table.frame.copy()
    # A header is read as the export's is: `Decided on` or ` decided  ON` is `Decided On`.
    wanted = {norm_header(c): c for c in columns}
    renames: dict[str, str] = {}
    for c in frame.columns:
        name = wanted.get(norm_header(str(c)))
        if name is not None and name not in renames.values() and c != name:
            renames[c] = name
    frame = frame.rename(columns=renames)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    if columns[-1] not in frame.columns:
        frame[columns[-1]] = ""
    frame = frame[columns + [c for c in frame.columns if c not in columns]]
    frame = frame.apply(_unescape).astype(object)
    return frame.reset_index(drop=True), pd.Series(table.lines, dtype="int64")


def read_ledger(path: Path) -> tuple[pd.DataFrame, pd.Series]:
    """decisions.csv, with the file line of each ledger line."""
    return read_csv_ledger(path, LEDGER_COLUMNS, "decisions ledger", "your earlier decisions")


def write_ledger(ledger: pd.DataFrame, path: Path) -> None:
    """Write the ledger: UTF-8 with BOM, so that a double-click in Excel shows accents."""
    ledger.apply(_escape).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def append(out: Path, lines: Sequence[tuple[str, str, str, str]], on: date, source: str,
           stage: Callable[[Path, Callable[[Path], None]], None]) -> Path:
    """Stage decisions.csv with `lines` (profile URL, name, company, decision) appended,
    dated `on`: the earlier lines stay exactly as they were. A decision other than keep,
    remove or "" (clear), or a line naming nobody, raises InputError before anything is
    staged."""
    path = out / LEDGER
    ledger = read_ledger(path)[0] if path.exists() else empty_ledger()
    added = pd.DataFrame([[*line, on.isoformat(), source] for line in lines],
                         columns=LEDGER_COLUMNS, dtype=object)
    odd = added[added["Decision"].map(read_decision).str.startswith(UNCLEAR)]
    nobody = person_ids(added["Profile URL"], added["Name"], added["Company"])["id"].eq("")
    if len(odd) or nobody.any():
        raise InputError("a decision to record must be keep, remove or empty, for someone "
                         "with a profile URL or a name; nothing was recorded.")
    added["Decision"] = added["Decision"].map(read_decision)
    whole = pd.concat([ledger, added.reindex(columns=ledger.columns, fill_value="")],
                      ignore_index=True).fillna("").astype(object)
    stage(path, lambda tmp: write_ledger(whole, tmp))
    return path


def parse(ledger: pd.DataFrame, new: bool) -> pd.DataFrame:
    """The ledger lines in the form the matching needs: person ids, decision, date, usable."""
    ids = person_ids(ledger["Profile URL"], ledger["Name"], ledger["Company"])
    decision = ledger["Decision"].fillna("").astype(str).map(read_decision)
    text = ledger["Decided On"].fillna("").astype(str)
    on = parse_dates(text).dt.strftime("%Y-%m-%d").fillna("").astype(object)
    # A value that is not understood is a line like any other: it is carried into the next
    # workbook's Decision cell as typed, until the user replaces it.
    ok = on.ne("") & ids["id"].ne("")
    return pd.DataFrame({"url_id": ids["url_id"], "name_id": ids["name_id"], "id": ids["id"],
                         "decision": decision, "decided_on": on, "ok": ok, "new": new,
                         "pending": pending(ledger)}, index=ledger.index)


def pending(ledger: pd.DataFrame) -> pd.Series:
    """Per ledger line: recorded by a decide session and not shown in any workbook yet."""
    if "Source Workbook" not in ledger.columns:
        return pd.Series(False, index=ledger.index)
    return ledger["Source Workbook"].fillna("").astype(str).eq(SESSION_SOURCE)


def shown_in(ledger: pd.DataFrame, workbook: str) -> pd.DataFrame:
    """The ledger with its decide-session lines marked as shown in `workbook` (the workbook
    about to be written, prefilled with them)."""
    marked = pending(ledger)
    if not marked.any():
        return ledger
    ledger = ledger.copy()
    ledger.loc[marked, "Source Workbook"] = f"{SESSION_SOURCE}, shown in {workbook}"
    return ledger


def ledger_notices(path: Path, parsed: pd.DataFrame, lines: pd.Series,
                     ledger: pd.DataFrame) -> list[Notice]:
    bad = parsed[~parsed["ok"]]
    if bad.empty:
        return []
    shown = []
    for i in bad.index[:SHOWN]:
        line = ledger.loc[i]
        if parsed.at[i, "id"] == "":
            why = "names no profile URL and no name"
        else:
            why = f"'Decided On' {line['Decided On']!r} is not a date like 2026-01-25"
        shown.append(f"line {lines.iloc[i]} {why}")
    more = f" (and {len(bad) - SHOWN} more)" if len(bad) > SHOWN else ""
    return [Notice(str(path), None, f"{len(bad)} lines are not used, but kept in the file: "
                   + "; ".join(shown) + more + ".")]


def standing(parsed: pd.DataFrame, upto: str | None = None) -> pd.DataFrame:
    """The last usable line per person id (decided on or before `upto` when given)."""
    use = parsed[parsed["ok"]]
    if upto is not None:
        use = use[use["decided_on"].le(upto)]
    return (use.drop_duplicates("id", keep="last").set_index("id")
            [["decision", "decided_on", "new"]])


def match(ids: pd.DataFrame, standing: pd.DataFrame) -> pd.DataFrame:
    """The standing decision per row of `ids` (url_id, name_id), NaN where there is none.

    The URL decides when there is one; a decision recorded without a URL (from an export
    that had none) still applies to the same name and company once the export has URLs.
    """
    by_url = standing.reindex(ids["url_id"].to_numpy()).set_axis(ids.index)
    by_name = standing.reindex(ids["name_id"].to_numpy()).set_axis(ids.index)
    return by_url.where(by_url["decision"].notna(), by_name)

