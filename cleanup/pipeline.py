"""read -> rules -> tag -> decide -> write. Wires the steps together, and nothing else."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from cleanup import (
    __version__,
    coverage,
    decisions,
    export,
    invitations,
    recommend,
    relations,
    tagging,
)
from cleanup import enrich as enrich_mod
from cleanup import rules as rules_mod
from cleanup.archive import Archive, SourceFile
from cleanup.errors import CleanupError
from cleanup.files import staged

#: Columns the tool adds after the export's own, in this order (SPEC §8).
ADDED_COLUMNS = ["Tag", "Recommendation", "Reason", "Location", "Decision"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Result:
    """Everything a writer needs; writers render it and never recompute a tag."""

    rows: pd.DataFrame  # the output table: original columns, then ADDED_COLUMNS, then extras
    original_columns: list[str]
    extra_columns: list[str]  # columns after ADDED_COLUMNS (relationship counts, ...)
    people: pd.DataFrame  # canonical columns + tag, recommendation, reason (same index)
    rules: rules_mod.Rules
    as_of: date
    inputs: list[SourceFile]
    warnings: list[str]
    version: str = __version__
    show_emails: bool = False
    # What the later steps found; each is the frozen result type of its own module.
    enrichment: Any = None  # enrich.Enrichment
    relations: Any = None  # relations.Relations
    invitations: Any = None  # invitations.Invitations, None without Invitations.csv
    coverage: Any = None  # coverage.Coverage
    decisions: Any = None  # decisions.Decisions
    changes: Any = None  # decisions.Changes, None on a first run
    history: Any = None  # decisions.History (counts per run, for the trend)
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def counts_by_tag(self) -> dict[str, int]:
        """Rows per tag, every tag listed (zero included), in §5.3 order."""
        counts = self.people["tag"].value_counts()
        return {t: int(counts.get(t, 0)) for t in tagging.TAGS}

    @property
    def counts_by_recommendation(self) -> dict[str, int]:
        """Rows per recommendation, every recommendation listed."""
        counts = self.people["recommendation"].value_counts()
        return {r: int(counts.get(r, 0)) for r in recommend.RECOMMENDATIONS}


def output_paths(out: Path, as_of: date) -> dict[str, Path]:
    """Where a run on `as_of` writes its workbook and HTML report."""
    stem = f"linkedin-cleanup-{as_of.isoformat()}"
    return {"xlsx": out / f"{stem}.xlsx", "html": out / f"{stem}.html"}


def analyse(export_path: str | Path, rules_path: str | Path, *,
            enrich: Sequence[str | Path] = (), out: str | Path | None = None,
            previous: str | Path | None = None, as_of: date | None = None,
            show_emails: bool = False, progress: Progress = lambda _: None) -> Result:
    """Read, tag and recommend; write nothing."""
    rules = rules_mod.load(rules_path)  # checked before anything is read from the export
    progress(f"rules: {rules.path}")
    archive = Archive.open(export_path)
    progress(f"reading {archive.path}")
    conns = export.read_connections(archive)
    as_of = as_of or archive.archive_date or date.today()
    inputs = [conns.table.source]
    warnings = list(conns.warnings)

    enrichment = enrich_mod.apply(conns.people, enrich)
    people = enrichment.people
    inputs += enrichment.inputs
    warnings += enrichment.warnings
    progress("reading messages, recommendations and endorsements")
    rel = relations.read(archive, people, as_of)
    inputs += rel.inputs
    warnings += rel.warnings

    progress(f"tagging {len(people):,} connections")
    matches = tagging.match(people, rules)
    tags = tagging.tag(people, rules, matches)
    decided = decisions.load(Path(out) if out else None, previous, people, as_of)
    warnings += decided.warnings
    recs = recommend.recommend(people, tags, rules, as_of, evidence=rel.evidence,
                               decisions=decided.frame)
    people = people.join(tags).join(recs)
    invites = invitations.read(archive, rules, people, as_of, enrich_paths=enrich)
    if invites is not None:
        inputs += invites.inputs
        warnings += invites.warnings
    warnings += archive.notes

    rows = conns.table.frame.copy()
    rows["Tag"] = people["tag"].to_numpy()
    rows["Recommendation"] = people["recommendation"].to_numpy()
    rows["Reason"] = people["reason"].to_numpy()
    rows["Location"] = enrich_mod.location_column(people).to_numpy()
    rows["Decision"] = decided.frame["decision"].fillna("").to_numpy()
    for column in rel.columns.columns:
        rows[column] = rel.columns[column].to_numpy()
    result = Result(rows=rows, original_columns=list(conns.table.columns),
                    extra_columns=list(rel.columns.columns), people=people, rules=rules,
                    as_of=as_of, inputs=inputs, warnings=list(dict.fromkeys(warnings)),
                    show_emails=show_emails, enrichment=enrichment, relations=rel,
                    invitations=invites, coverage=coverage.analyse(people, matches, rules),
                    decisions=decided)
    result = decisions.compare(result, Path(out) if out else None)
    _check_nothing_lost(result, len(conns.table.frame))
    return result


def _check_nothing_lost(result: Result, rows_in: int) -> None:
    """Rows out = rows in (§9), checked on every run before anything is written."""
    out = len(result.rows)
    if out != rows_in or len(result.people) != rows_in or result.people["tag"].isna().any():
        raise CleanupError(f"internal check failed: {rows_in:,} connections read but {out:,} "
                           "would be written; nothing was written. Please report this.")


def run(export_path: str | Path, rules_path: str | Path = "rules.toml",
        out: str | Path = "reports", *, enrich: Sequence[str | Path] = (),
        previous: str | Path | None = None, as_of: date | None = None,
        show_emails: bool = False, progress: Progress = lambda _: None) -> Result:
    """The whole run: analyse the export, then write the workbook, the HTML report and the
    decisions ledger into `out`, all or nothing."""
    from cleanup import report, workbook

    out = Path(out)
    result = analyse(export_path, rules_path, enrich=enrich, out=out, previous=previous,
                     as_of=as_of, show_emails=show_emails, progress=progress)
    paths = output_paths(out, result.as_of)
    progress(f"writing {paths['xlsx'].name} and {paths['html'].name}")
    with staged(out) as stage:
        # The ledger is staged with the reports: all of them land, or none does.
        paths.update(decisions.stage(result, out, stage))
        stage(paths["xlsx"], lambda tmp: workbook.write(result, tmp))
        stage(paths["html"], lambda tmp: report.write(result, tmp))
    return replace(result, paths=paths)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file on disk, for the list of inputs."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
