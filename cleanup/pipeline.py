"""`analyse` and `run` wire the stages, and nothing else.

The order: read the export, the enrichment files and the relations -> recall the earlier
decisions and phrase answers (memory; the judging needs them) -> judge: tags, phrase answers,
recommendations, invitations -> compare with the earlier runs (memory: changes, trend) ->
write the ledgers, the history, the workbook and the report, all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeAlias

import pandas as pd

from cleanup import places, sheets, text
from cleanup._version import __version__
from cleanup.errors import CleanupError, InputError, Notice
from cleanup.judge import coverage, invitations, phrases, recommend, tagging
from cleanup.memory import answers, decisions, history, network, scan, seen
from cleanup.memory import ledger as ledgers
from cleanup.model import Result
from cleanup.read import connections, relations
from cleanup.read.archive import Archive
from cleanup.read.enrich import apply as apply_enrichment
from cleanup.read.frame import archive_of_frame
from cleanup.read.identity import Directory
from cleanup.rules import Rules, load
from cleanup.terms import report_paths
from cleanup.writers import output, report, workbook

Progress = Callable[[str], None]
Source: TypeAlias = str | Path | pd.DataFrame
RulesSource: TypeAlias = str | Path | Rules


def _rules(rules: RulesSource) -> Rules:
    return rules if isinstance(rules, Rules) else load(rules)


def analyse(source: Source, rules: RulesSource = "rules.toml", *,
            enrich: Sequence[str | Path] = (), out: str | Path | None = None,
            previous: str | Path | None = None, as_of: date | None = None,
            show_emails: bool = False, new_history: bool = False,
            progress: Progress = lambda _: None) -> Result:
    """Read, tag and recommend; write nothing.

    `source` is LinkedIn's export (a Connections.csv, the archive zip or its folder) or a
    DataFrame with the export's own column names; `rules` a path to rules.toml or `Rules`.
    When `out` holds no history but the same network's last run wrote elsewhere, the first
    notice names that folder (the run goes on; nothing there is touched); `new_history=True`
    says a fresh start in `out` is meant, without that notice.
    """
    checked = _rules(rules)  # checked before anything is read from the export
    progress(f"rules: {checked.path}")
    if not isinstance(source, str | Path | pd.DataFrame):
        raise InputError(f"the source is {type(source).__name__}: give the path of LinkedIn's "
                         "export (Connections.csv, the archive .zip or its folder) or a "
                         "DataFrame with the export's own column names.")
    index = None  # the caller's, when the source is a DataFrame: to join the result back on
    if isinstance(source, pd.DataFrame):
        opened, index = archive_of_frame(source)
    else:
        opened = Archive.open(source)
    with opened as archive:
        progress(f"reading {archive.path}")
        result = _analyse(archive, checked, enrich=enrich,
                          out=Path(out) if out is not None else None, previous=previous,
                          as_of=as_of, show_emails=show_emails, new_history=new_history,
                          progress=progress)
    return result if index is None else _indexed(result, index)


def _indexed(result: Result, index: pd.Index) -> Result:
    """`result` with `index` on its people and the export's own columns (so on its rows too;
    the stages count rows by position)."""
    if len(index) != len(result.people):
        raise CleanupError(f"internal check failed: the DataFrame has {len(index):,} rows but "
                           f"{len(result.people):,} were read. Please report this.")
    return replace(result, people=result.people.set_axis(index),
                   export=replace(result.export, frame=result.export.frame.set_axis(index)))


def _analyse(archive: Archive, rules: Rules, *, enrich: Sequence[str | Path],
             out: Path | None, previous: str | Path | None, as_of: date | None,
             show_emails: bool, new_history: bool, progress: Progress) -> Result:
    conns = connections.read_connections(archive)
    as_of = as_of or archive.archive_date or date.today()
    whose = network.identify(archive, conns.people)
    elsewhere = [] if new_history else network.check(whose, out)  # before any other work
    notices: list[Notice] = [*archive.notes, *conns.notices]

    enrichment = apply_enrichment(conns.people, enrich)
    people = enrichment.people
    progress("reading messages, recommendations and endorsements")
    book = Directory(people)  # who is who, for the evidence and the invitations alike
    rel = relations.read(archive, people, as_of, book)

    progress(f"tagging {len(people):,} connections")
    # What changed in the earlier workbooks, read once for the decisions and the answers.
    scanned = scan.scan(out, previous, as_of)  # refuses a broken workbook first
    decided = decisions.load(out, previous, people, as_of, scanned)
    answered = answers.load(out, previous, as_of, scanned)
    rules = phrases.applied(rules, answered)  # answers: keywords after the file's own
    matches = tagging.match(people, rules)
    tags = tagging.tag(people, rules, matches)
    unplaced = tagging.location_unknown(people, rules)
    if unplaced:
        notices.append(tagging.NO_LOCATION)
    tags, decided_by_answers, said = phrases.judge(people, tags, matches, rules, answered)
    recs = recommend.recommend(people, tags, rules, as_of, evidence=rel.evidence,
                               decisions=decided.frame)
    people = people.join(tags).join(recs)
    invites = invitations.read(archive, rules, people, as_of, enrich_paths=enrich,
                               enriched=enrichment.frames, book=book)
    enrichment = replace(enrichment, frames=[])  # read for the inviters only: not kept
    changes, trend = history.compare(people, decided, out, as_of)

    people["decision"] = decided.frame["decision"].fillna("").to_numpy()
    people["unclear"] = (decided.frame["unclear"].fillna("").to_numpy()
                         if "unclear" in decided.frame else "")
    ideas = coverage.ideas(people)  # for the suggestions and the Phrases sheet alike
    cov = coverage.analyse(people, matches, rules, ideas)
    sheet, people["phrase"] = phrases.rank(people, rules, answered, cov)
    sheet = replace(sheet, decided=decided_by_answers, notices=said)
    # The id the new workbook carries: what its typed cells are written with, and the date.
    decided = replace(decided, book=sheets.book_id(as_of.isoformat(), [
        *decided.frame["id"].astype(str), *decided.frame["decision"].astype(str),
        *decided.frame["unclear"].astype(str), *sheet.sheet["Phrase"].astype(str),
        *sheet.sheet["Answer"].astype(str)]))
    notices += [*enrichment.notices, *rel.notices, *decided.notices, *answered.notices, *said,
                *coverage.vendor_notices(cov),
                *(invites.notices if invites is not None else []), *trend.notices]
    inputs = [conns.source, *enrichment.inputs, *rel.inputs,
              *(invites.inputs if invites is not None else [])]
    result = Result(people=people, export=conns.export, rules=rules,
                    as_of=as_of, inputs=inputs, notices=notices, version=__version__,
                    enrichment=enrichment, relations=rel, invitations=invites,
                    coverage=cov, decisions=decided, history=trend, changes=changes,
                    show_emails=show_emails, phrases=sheet, location_unknown=unplaced,
                    network=whose, said_only=elsewhere)
    _check_nothing_lost(result, len(conns.export.frame))
    return result


def _check_nothing_lost(result: Result, rows_in: int) -> None:
    """Rows out = rows in, checked on every run before anything is written."""
    out = len(result.people)
    if out != rows_in or len(result.export.frame) != rows_in or result.people[
            "tag"].isna().any():
        raise CleanupError(f"internal check failed: {rows_in:,} connections read but {out:,} "
                           "would be written; nothing was written. Please report this.")


def write(result: Result, out: str | Path = "reports") -> Result:
    """Write the workbook, the HTML report, the decisions ledger and the run history into
    `out`, all or nothing; returns the result with `paths` filled in."""
    out = Path(out)
    paths = report_paths(out, result.as_of)
    shown = _indexed(result, pd.RangeIndex(len(result.people)))  # a frame's index is its caller's
    written: list[Path] = []

    def write_workbook(tmp: Path) -> None:
        workbook.write(shown, tmp)
        written.append(tmp)

    with output.folder_lock(out), output.staged(out) as stage:
        # The ledgers are staged with the reports: all of them land, or none does. The
        # reports are written first but moved into place last, after the ledgers and the
        # record of what was taken from each workbook: a run killed between two renames
        # leaves every decision taken and no workbook that could count twice.
        stage(paths["xlsx"], write_workbook, late=True)
        stage(paths["html"], lambda tmp: report.write(shown, tmp), late=True)
        paths.update(decisions.stage(shown, out, stage))
        paths.update(answers.stage(shown, out, stage))
        scanned = shown.decisions.scan
        paths.update(seen.stage(scanned.state if isinstance(scanned, scan.Scan) else None, out,
                                written[0], paths["xlsx"].name, shown.decisions.book, stage))
        paths.update(history.stage(shown, out, stage))
    network.remember(result.network, out, result.as_of)  # only once every file has landed
    return replace(result, paths=paths)


def record(out: str | Path, decided: Sequence[tuple[str, str, str, str]] = (),
           answered: Sequence[tuple[str, str]] = (), *, on: date,
           source: str = "") -> dict[str, Path]:
    """Record decisions and phrase answers in the ledgers of `out` now, outside a run.

    `decided` holds (profile URL, name, company, decision), the decision keep, remove or ""
    (clear); `answered` holds (phrase, answer), "" clearing. Each becomes a line dated `on` with
    `source` as its source, appended to decisions.csv or phrases.csv under the folder's lock,
    written aside and moved into place whole, as a run does: an earlier line is never
    changed. Returns the ledgers written. The next run applies them like any other line;
    no workbook read later can undo them unless a person changes its cell.
    """
    out = Path(out)
    paths: dict[str, Path] = {}
    with output.folder_lock(out), output.staged(out) as stage:
        if decided:
            paths["decisions"] = ledgers.append(out, decided, on, source, stage)
        if answered:
            paths["phrases"] = answers.append(out, answered, on, source, stage)
    return paths


def run(source: Source, rules: RulesSource = "rules.toml", out: str | Path = "reports", *,
        enrich: Sequence[str | Path] = (), previous: str | Path | None = None,
        as_of: date | None = None, show_emails: bool = False, new_history: bool = False,
        progress: Progress = lambda _: None) -> Result:
    """The whole run: analyse the export, then write everything into `out`."""
    result = analyse(source, rules, enrich=enrich, out=out, previous=previous,
                     as_of=as_of, show_emails=show_emails, new_history=new_history,
                     progress=progress)
    # What only the analysis needed goes before the writers need their memory.
    places.release()
    text.forget()
    progress(f"writing {report_paths(Path(out), result.as_of)['xlsx'].name} and the report")
    return write(result, out)
