"""phrases.csv: the durable memory of the user's answers on the Phrases sheet.

Works like the decisions ledger beside it. Each run:

1. reads `phrases.csv` (`Phrase, Answer, Answered On, Source Workbook`, headers in any case;
   the last line for a phrase is its standing answer, an empty Answer meaning "no answer");
2. takes what a person changed on the Phrases sheet of the earlier workbooks (`scan`, read
   once with the decisions: a cell counts only where it differs from what it was written
   with or last read) and appends a line, dated by this run, for every answer that is new,
   changed or emptied; two rows of one sheet answering one phrase differently are named in
   a notice (the first row is used), and across workbooks the later save wins;
3. hands the standing answers to tagging (as keywords of their category) and stages the whole
   new ledger with the reports, so that all of them land or none does.

A workbook written before the tool kept its hidden columns is read as before (`_lines_in`):
compared with the standing answers as of its own date, never later than the run's.

An answer the tool does not understand is recorded as typed, reported on every run and shown
again on the sheet: it is never dropped, and never applied.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.judge.phrases import phrase_key
from cleanup.memory.ledger import SHOWN, _escape, pending, read_csv_ledger, shown_in
from cleanup.memory.scan import Scan, answer_value, scan
from cleanup.memory.taken import answer_lines
from cleanup.memory.workbooks import _norm, open_workbook, workbook_errors
from cleanup.memory.xlsx import column_letter
from cleanup.model import Answers, Result
from cleanup.terms import (
    NO_PROFILE_ANSWERS,
    NO_PROFILE_KEY,
    PHRASE_ANSWERS,
    report_date,
    report_paths,
)
from cleanup.text import parse_dates

LEDGER = "phrases.csv"
LEDGER_COLUMNS = ["Phrase", "Answer", "Answered On", "Source Workbook"]
SHEET = "Phrases"

StageFn = Callable[[Path, Callable[[Path], None]], None]


def empty_ledger() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})


def read_ledger(path: Path) -> tuple[pd.DataFrame, pd.Series]:
    """phrases.csv, with the file line of each line."""
    return read_csv_ledger(path, LEDGER_COLUMNS, "phrase ledger", "your earlier answers")


def write_ledger(ledger: pd.DataFrame, path: Path) -> None:
    """Write phrases.csv: UTF-8 with BOM; a formula-looking phrase gets a leading apostrophe
    (removed again when read back), so a spreadsheet shows it as text."""
    ledger.apply(_escape).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _parse(ledger: pd.DataFrame) -> pd.DataFrame:
    """key, phrase, answer, answered_on, ok per ledger line."""
    phrase = ledger["Phrase"].fillna("").astype(str).map(lambda t: " ".join(t.split()))
    on = parse_dates(ledger["Answered On"].fillna("").astype(str))
    return pd.DataFrame({
        "key": phrase.map(phrase_key), "phrase": phrase,
        "answer": ledger["Answer"].fillna("").astype(str).map(answer_value),
        "answered_on": on.dt.strftime("%Y-%m-%d").fillna("").astype(object),
        "pending": pending(ledger)},
        index=ledger.index).assign(ok=lambda f: f["key"].ne("") & f["answered_on"].ne(""))


def _standing(parsed: pd.DataFrame, upto: str | None = None) -> pd.DataFrame:
    use = parsed[parsed["ok"]]
    if upto is not None:
        use = use[use["answered_on"].le(upto)]
    return use.drop_duplicates("key", keep="last").set_index("key")


def _sheet_answers(path: Path) -> tuple[pd.DataFrame, list[Notice]]:
    """cell, phrase, key, answer, text of every Answer cell of the Phrases sheet of `path`."""
    columns = ["cell", "phrase", "key", "answer", "text"]
    notices: list[Notice] = []
    book = open_workbook(path)
    rows: list[tuple[str, str, str, str, str]] = []
    try:
        with workbook_errors(path, "its Phrases sheet cannot be read"):
            title = {t.casefold(): t for t in book.sheets}.get(SHEET.casefold())
            if title is None:
                return pd.DataFrame(columns=columns), notices  # an older workbook, or deleted
            header = book.header(title)
            col: dict[str, int] = {}
            for j in sorted(header):
                col.setdefault(_norm(header[j][0]), j)
            at, answer = col.get("phrase"), col.get("answer")
            if at is None or answer is None:
                notices.append(Notice(path.name, None, "sheet Phrases has no Phrase or Answer "
                                      "column in row 1; its answers, if any, were not read."))
                return pd.DataFrame(columns=columns), notices
            letter = column_letter(answer + 1)
            for n, cells in book.rows(title, columns={at, answer}):
                if n == 1:
                    continue
                phrase = " ".join(cells.get(at, ("", True))[0].split())
                text = cells.get(answer, ("", True))[0].strip()
                if phrase:
                    rows.append((f"{letter}{n}", phrase, phrase_key(phrase), answer_value(text),
                                 text))
    finally:
        book.close()
    return pd.DataFrame(rows, columns=columns, dtype=object), notices


def _lines_in(path: Path, when: str, parsed: pd.DataFrame, today: str
              ) -> tuple[pd.DataFrame, list[Notice]]:
    """The ledger lines the Phrases sheet of `path`, a workbook written before the tool kept
    its hidden columns, adds (dated `today`), and the notices on the way. It is compared with
    what it was prefilled with: the standing answers as of `when`, its own date."""
    cells, notices = _sheet_answers(path)
    cells = cells[cells["key"].ne("")]
    twice = cells[cells.duplicated("key", keep=False)]
    for _, group in twice.groupby("key", sort=False):
        if group["answer"].nunique() > 1:
            cells_said = "; ".join(f"Phrases!{c} says {a or 'nothing'}" for c, a
                                   in zip(group["cell"], group["answer"], strict=True))
            notices.append(Notice(path.name, None, f"two rows answer \"{group.iloc[0]['phrase']}"
                                  f"\" differently ({cells_said}): the first row is used; fix "
                                  "the other row."))
    cells = cells.drop_duplicates("key", keep="first")
    # A decide session's answers recorded after the workbook was written were not in it.
    shown = _standing(parsed[~parsed["pending"]], upto=when)
    prefilled = shown["answer"].reindex(cells["key"]).fillna("")
    changed = cells[cells["answer"].to_numpy() != prefilled.to_numpy()]
    now = _standing(parsed).reindex(changed["key"])
    newer = now["answered_on"].fillna("").gt(when).to_numpy() & (
        changed["answer"].to_numpy() != now["answer"].fillna("").to_numpy())
    said = [f"Phrases!{c} says {a or 'nothing'} for \"{p}\", but your answer "
            f"{na or '(cleared)'} of {on} is newer and stands."
            for c, a, p, na, on in zip(changed["cell"][newer], changed["answer"][newer],
                                       changed["phrase"][newer], now["answer"][newer],
                                       now["answered_on"][newer], strict=True)][:SHOWN]
    notices += [Notice(path.name, None, m) for m in said]
    record = changed[~newer]
    same = now["answer"].fillna("").to_numpy()[~newer] == record["answer"].to_numpy()
    record = record[~same]
    lines = pd.DataFrame({"Phrase": record["phrase"],
                          "Answer": record["answer"].where(
                              record["answer"].isin(list(PHRASE_ANSWERS)) | record[
                                  "answer"].eq(""), record["text"]),
                          "Answered On": today, "Source Workbook": path.name},
                         columns=LEDGER_COLUMNS, dtype=object)
    return lines.sort_values("Phrase", kind="stable").reset_index(drop=True), notices


def _not_understood(standing: pd.DataFrame, where: str) -> list[Notice]:
    no_profile = standing["key"].eq(NO_PROFILE_KEY)
    odd = standing[~standing["answer"].isin(list(PHRASE_ANSWERS)) & ~no_profile
                   | no_profile & ~standing["answer"].isin(NO_PROFILE_ANSWERS)]
    if odd.empty:
        return []
    shown = "; ".join(f'"{p}": {a[:40]!r}' for p, a in zip(odd["phrase"][:SHOWN],
                                                           odd["answer"][:SHOWN], strict=True))
    more = f" (and {len(odd) - SHOWN} more)" if len(odd) > SHOWN else ""
    return [Notice(where, None, f"{len(odd)} phrase answers are not one of "
                   + ", ".join(PHRASE_ANSWERS) + f": {shown}{more}. They are kept in "
                   f"{LEDGER} and shown again on the Phrases sheet, but not applied: type one "
                   "of those answers, or empty the cell.")]


def load(out: Path | None, previous: str | Path | None, as_of: date,
         scanned: Scan | None = None) -> Answers:
    """The standing answers for this run, and the new phrases.csv to write.

    Reads `out/phrases.csv` and the Phrases sheet of the earlier workbooks (`scan`, done here
    unless given). A ledger or workbook that cannot be read raises InputError: answers are
    never silently dropped.
    """
    notices: list[Notice] = []
    ledger = empty_ledger()
    if out is not None and (out / LEDGER).exists():
        ledger, lines = read_ledger(out / LEDGER)
        parsed = _parse(ledger)
        bad = parsed[~parsed["ok"]]
        if len(bad):
            shown = ", ".join(str(lines.iloc[i]) for i in bad.index[:SHOWN])
            notices.append(Notice(str(out / LEDGER), None, f"{len(bad)} lines name no phrase "
                                  f"or no date like 2026-01-25 (lines {shown}); they are not "
                                  "used, but kept in the file."))
    parsed = _parse(ledger)
    if scanned is None:
        scanned = scan(out, previous, as_of)
    today = as_of.isoformat()
    added: list[pd.DataFrame] = []
    for path in scanned.legacy:  # workbooks written before the tool kept its columns
        # Never later than this run: a file named for a future date says nothing of when.
        when = min(report_date(path) or as_of, as_of).isoformat()
        lines, said = _lines_in(path, when, parsed, today)
        notices += said
        if len(lines):
            added.append(lines)
            parsed = pd.concat([parsed, _parse(lines)], ignore_index=True)
    lines, said = answer_lines(scanned.answers, _standing(parsed), tuple(PHRASE_ANSWERS), today)
    notices += said
    if len(lines):
        added.append(lines)
        parsed = pd.concat([parsed, _parse(lines)], ignore_index=True)
    new_lines = pd.concat(added, ignore_index=True) if added else empty_ledger()
    if len(new_lines):
        ledger = pd.concat([ledger, new_lines.reindex(columns=ledger.columns, fill_value="")],
                           ignore_index=True).fillna("").astype(object)
    standing = _standing(parsed)
    standing = standing[standing["answer"].ne("")].reset_index()
    standing = standing[["key", "phrase", "answer", "answered_on"]].reset_index(drop=True)
    notices += _not_understood(standing, LEDGER)
    return Answers(standing=standing, ledger=ledger, added=len(new_lines),
                   cleared=int(new_lines["Answer"].eq("").sum()), read_from=scanned.read_from,
                   notices=notices)


def append(out: Path, lines: Sequence[tuple[str, str]], on: date, source: str,
           stage: StageFn) -> Path:
    """Stage phrases.csv with `lines` (phrase, answer) appended, dated `on`: the earlier lines
    stay exactly as they were. An answer other than those the Phrases sheet offers, or ""
    (clear), raises InputError before anything is staged."""
    path = out / LEDGER
    ledger = read_ledger(path)[0] if path.exists() else empty_ledger()
    added = pd.DataFrame([[p, answer_value(a), on.isoformat(), source] for p, a in lines],
                         columns=LEDGER_COLUMNS, dtype=object)
    if not (added["Answer"].isin(list(PHRASE_ANSWERS)) | added["Answer"].eq("")).all() or (
            added["Phrase"].map(phrase_key).eq("").any()):
        raise InputError("an answer to record must be one of " + ", ".join(PHRASE_ANSWERS)
                         + " or empty, for a phrase; nothing was recorded.")
    whole = pd.concat([ledger, added.reindex(columns=ledger.columns, fill_value="")],
                      ignore_index=True).fillna("").astype(object)
    stage(path, lambda tmp: write_ledger(whole, tmp))
    return path


def stage(result: Result, out: Path, stage: StageFn) -> dict[str, Path]:
    """Stage phrases.csv with the reports (only once there is something to remember)."""
    answers = result.phrases.answers if result.phrases is not None else None
    path = out / LEDGER
    if answers is None or answers.ledger is None or (not len(answers.ledger)
                                                     and not path.exists()):
        return {}
    ledger = shown_in(answers.ledger, report_paths(out, result.as_of)["xlsx"].name)
    stage(path, lambda tmp: write_ledger(ledger, tmp))
    return {"phrases": path}
