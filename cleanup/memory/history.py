"""What changed since the previous run, and the trend across every run.

Each run leaves two small files in `--out`, written with the reports (all or nothing):

- `.history/snapshot-YYYY-MM-DD.csv.gz`: who was in that run's export and how they were
  tagged (person id, URL, name, company, position, tag, recommendation, decision). The next
  run compares itself with the newest snapshot dated *before* its own as-of date, so running
  the same month twice compares with the month before, not with itself. The snapshot, not
  the previous workbook, is the reference: the user may have deleted or edited the workbook.
- `history.csv`: one line of counts per run (per tag, per recommendation), sorted by date;
  re-running an as-of date replaces that date's line. The HTML report draws it as a trend.

A person is followed from run to run by a *person id* (`person_ids`): the normalised
profile URL, or for exports without URLs their folded name and company.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.files import read_at_most, read_capped
from cleanup.limits import HISTORY_BYTES, SNAPSHOT_BYTES
from cleanup.model import Changes, Decisions, History, Result, SourceFile
from cleanup.read.csvio import NoHeader, read_table
from cleanup.read.identity import person_ids
from cleanup.terms import CHANGE_COLUMNS, CHANGE_KINDS, RECOMMENDATIONS, TAGS, count_values
from cleanup.text import parse_dates, profile_links, url_key, whole

HISTORY = "history.csv"
SNAPSHOTS = ".history"
#: Rows of the snapshot formatted at a time (see `_write_snapshot`).
_SNAPSHOT_PART = 5_000
_SNAPSHOT_NAME = re.compile(r"snapshot-(\d{4}-\d{2}-\d{2})\.csv\.gz")
SNAPSHOT_COLUMNS = ["id", "url", "name", "company", "position", "tag", "recommendation",
                    "decision"]

StageFn = Callable[[Path, Callable[[Path], None]], None]


# ---------------------------------------------------------------------------- snapshots

def snapshot(people: pd.DataFrame, decision: pd.Series,
             ids: pd.Series | None = None) -> pd.DataFrame:
    """This run's rows as the next run will compare against them; `ids`, when given, is
    each row's person id (`person_ids(...)["id"]`) already computed."""
    if ids is None:
        ids = person_ids(people["url"], people["name"], people["company"],
                         keys=people.get("key"))["id"]
    frame = pd.DataFrame({
        "id": ids, "url": people["url"], "name": people["name"],
        "company": people["company"], "position": people["position"], "tag": people["tag"],
        "recommendation": people["recommendation"], "decision": decision.fillna(""),
    }, index=people.index).astype(object)
    return frame[SNAPSHOT_COLUMNS]


def snapshot_of_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """A snapshot from a workbook's Connections sheet (url, name, company, position, tag,
    recommendation), for when the previous run left no snapshot."""
    ids = person_ids(rows["url"], rows["name"], rows["company"])
    frame = rows.assign(id=ids["id"], decision="").astype(object)
    return frame[SNAPSHOT_COLUMNS]


def snapshot_path(out: Path, as_of: date) -> Path:
    """Where the run of `as_of` keeps its snapshot."""
    return out / SNAPSHOTS / f"snapshot-{as_of.isoformat()}.csv.gz"


def _write_snapshot(frame: pd.DataFrame, path: Path) -> None:
    """The snapshot as gzipped CSV, formatted and compressed part by part, so that its whole
    text is never held at once (the file is the same as compressing it in one go). mtime=0
    and no file name in the gzip header: the same run gives the same bytes."""
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                               mtime=0, compresslevel=6) as gz:
        for start in range(0, max(len(frame), 1), _SNAPSHOT_PART):
            gz.write(frame.iloc[start:start + _SNAPSHOT_PART].to_csv(
                index=False, header=start == 0, lineterminator="\n").encode("utf-8"))


def previous_snapshot(out: Path | None, as_of: date) -> tuple[pd.DataFrame | None, date | None,
                                                             list[Notice]]:
    """The newest snapshot dated before `as_of`: (rows, its date, notices)."""
    if out is None or not (out / SNAPSHOTS).is_dir():
        return None, None, []
    dated = []
    for f in (out / SNAPSHOTS).iterdir():
        m = _SNAPSHOT_NAME.fullmatch(f.name)
        if m and (d := _iso(m.group(1))) is not None and d < as_of:
            dated.append((d, f))
    if not dated:
        return None, None, []
    when, path = max(dated)
    try:
        frame = pd.read_csv(io.BytesIO(_inflate(path)), dtype=str, keep_default_na=False,
                            encoding="utf-8")
    except (OSError, EOFError, ValueError, UnicodeDecodeError, csv.Error, InputError) as exc:
        # The snapshot only feeds the list of changes; a broken one must not stop the run.
        return None, None, [Notice(str(path), None, f"cannot be read ({exc}); the changes "
                                   f"since {when} are not listed. Delete the file to "
                                   "silence this note.")]
    missing = [c for c in SNAPSHOT_COLUMNS if c not in frame.columns]
    if missing:
        return None, None, [Notice(str(path), None, f"lacks the columns "
                                   f"{', '.join(missing)}; the changes since {when} are not "
                                   "listed. Delete the file to silence this note.")]
    frame = frame[SNAPSHOT_COLUMNS].astype(object)
    # The person id is computed again, as this run computes it: a snapshot written by an
    # earlier version, whose URL keys were made another way, still matches this run's people.
    frame["id"] = person_ids(frame["url"], frame["name"], frame["company"])["id"]
    return frame, when, []


def snapshot_date(path: Path) -> date | None:
    """The date of a snapshot file by its name, or None when it is not one."""
    m = _SNAPSHOT_NAME.fullmatch(path.name)
    return _iso(m.group(1)) if m else None


def _inflate(path: Path) -> bytes:
    """A gzipped snapshot's text, never inflated past `SNAPSHOT_BYTES` (a gzip bomb)."""
    with gzip.GzipFile(fileobj=io.BytesIO(read_capped(path, SNAPSHOT_BYTES, "a snapshot"))) as gz:
        data = read_at_most(gz, SNAPSHOT_BYTES)
    if len(data) > SNAPSHOT_BYTES:
        raise ValueError(f"it inflates past {SNAPSHOT_BYTES:,} bytes, more than a snapshot of "
                         "30,000 connections")
    return data


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------- changes

def changes(previous: pd.DataFrame, current: pd.DataFrame, since: date, source: str,
            standing: pd.DataFrame) -> Changes:
    """Compare two snapshots (SNAPSHOT_COLUMNS) person by person.

    `standing` is the user's standing decision per person id (`decision`, `decided_on`),
    after this run's workbook was read: a gone connection the user had decided to remove is
    a removal done.
    """
    # A person without an id (hidden by LinkedIn) cannot be followed; the same id twice in
    # one export (a hand-merged file) is compared once.
    prev = previous[previous["id"].ne("")].drop_duplicates("id")
    cur = current[current["id"].ne("")].drop_duplicates("id")
    both = prev.merge(cur, on="id", how="outer", suffixes=("_was", ""), indicator=True)
    for c in SNAPSHOT_COLUMNS[1:]:
        both[c] = both[c].fillna("")
        both[c + "_was"] = both[c + "_was"].fillna("")
    parts = []

    new = both[both["_merge"].eq("right_only")]
    parts.append(_rows(new, "new connection", new["name"], new["company"], new["position"],
                       new["tag"], new["url"]))

    gone = both[both["_merge"].eq("left_only")]
    decided = gone["id"].map(standing["decision"]).astype(object).fillna("")
    on = gone["id"].map(standing["decided_on"]).astype(object).fillna("")
    note = pd.Series("", index=gone.index, dtype=object)
    note = note.mask(decided.eq("remove"), "removal done: your decision of " + on)
    note = note.mask(decided.eq("keep"), "gone although you decided to keep on " + on)
    parts.append(_rows(gone, "gone", gone["name_was"], gone["company_was"],
                       gone["position_was"], gone["tag_was"], gone["url_was"], note=note))

    kept = both[both["_merge"].eq("both")]
    for kind, column in (("company changed", "company"), ("position changed", "position"),
                         ("tag changed", "tag")):
        moved = kept[kept[column].ne(kept[column + "_was"])]
        parts.append(_rows(moved, kind, moved["name"], moved["company"], moved["position"],
                           moved["tag"], moved["url"], before=moved[column + "_was"],
                           after=moved[column]))
    frame = pd.concat(parts, ignore_index=True)
    order = frame["change"].map({k: i for i, k in enumerate(CHANGE_KINDS)})
    frame = (frame.assign(_order=order, _name=whole(frame["name"]))
             .sort_values(["_order", "_name", "name", "link"], kind="stable")
             .drop(columns=["_order", "_name"]).reset_index(drop=True))
    return Changes(since=since, frame=frame, source=source,
                   removals_confirmed=int(decided.eq("remove").sum()))


def _rows(frame: pd.DataFrame, kind: str, name: pd.Series, company: pd.Series,
          position: pd.Series, tag: pd.Series, url: pd.Series,
          before: pd.Series | None = None, after: pd.Series | None = None,
          note: pd.Series | None = None) -> pd.DataFrame:
    empty = pd.Series("", index=frame.index, dtype=object)
    # The link is rebuilt from the URL, never taken from a file: only a vetted https
    # LinkedIn profile link ever reaches a report.
    link = profile_links(url_key(url.fillna("").astype(str)))
    return pd.DataFrame({
        "change": kind, "name": name, "company": company, "position": position, "tag": tag,
        "before": empty if before is None else before, "after": empty if after is None else after,
        "note": empty if note is None else note, "link": link,
    }, index=frame.index, columns=CHANGE_COLUMNS).astype(object)


# ---------------------------------------------------------------------------- trend

def history_columns() -> list[str]:
    """The columns of history.csv, in order."""
    return ["As Of", "Connections", *TAGS, *RECOMMENDATIONS]


#: No count of a run's history can be larger: Excel's rows (LinkedIn's cap is 30,000).
MAX_COUNT = 1_048_576


def read_history(out: Path | None) -> tuple[pd.DataFrame, list[Notice]]:
    """history.csv as a frame of the history columns (counts as int), or an empty one."""
    columns = history_columns()
    empty = pd.DataFrame({c: pd.Series(dtype=object if c == "As Of" else "int64")
                          for c in columns})
    path = out / HISTORY if out else None
    if path is None or not path.exists():
        return empty, []
    try:
        data = read_capped(path, HISTORY_BYTES, "a run history")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}). Close it in any program "
                         "that has it open and run again.") from None
    try:
        table = read_table(data, SourceFile(str(path), "", len(data)), must=("As Of",))
    except InputError as exc:
        if not isinstance(exc, NoHeader):  # a quote never closed, a ragged line: say which
            raise InputError(f"{exc} Or move the file out of the folder to start a new "
                             "trend; your decisions are not in it.") from None
        raise InputError(f"{path}: not the run history linkedin-cleanup writes (no 'As Of' "
                         "column). Move the file out of the folder to start a new trend; "
                         "your decisions are not in it.") from None
    frame = table.frame
    notices: list[Notice] = []
    # Tolerant of a re-save by a spreadsheet, which may rewrite 2026-01-25 as 1/25/2026.
    dates = parse_dates(frame["As Of"])
    if dates.isna().any():
        notices.append(Notice(str(path), None, f"{int(dates.isna().sum())} lines without a "
                              "date like 2026-01-25 were left out of the trend."))
    frame = frame[dates.notna()].copy()
    out_frame = pd.DataFrame({"As Of": dates[dates.notna()].dt.strftime("%Y-%m-%d")
                              .astype(object)})
    odd = 0
    for c in columns[1:]:
        values = frame[c] if c in frame.columns else pd.Series("0", index=frame.index)
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        # A count is a whole number a network can hold: not inf, 1e30, -3 or 2.5.
        bad = numbers.notna() & ~(numbers.between(0, MAX_COUNT) & (numbers % 1 == 0))
        odd += int(bad.sum())
        out_frame[c] = numbers.mask(bad).fillna(0).astype("int64")
    if odd:
        notices.append(Notice(str(path), None, f"{odd} values that are not counts of "
                              "connections were read as 0 in the trend."))
    return out_frame.drop_duplicates("As Of", keep="last").reset_index(drop=True), notices


def history_with(previous: pd.DataFrame, people: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The history with this run's line added (replacing a line of the same date)."""
    line = {"As Of": as_of.isoformat(), "Connections": len(people),
            **count_values(people["tag"], TAGS),
            **count_values(people["recommendation"], RECOMMENDATIONS)}
    kept = previous[previous["As Of"].ne(line["As Of"])]
    this = pd.DataFrame([line], columns=history_columns())
    frame = pd.concat([kept, this], ignore_index=True) if len(kept) else this
    frame = frame.astype({c: "int64" for c in history_columns()[1:]})
    return frame.sort_values("As Of", kind="stable").reset_index(drop=True)


def _write_history(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def compare(people: pd.DataFrame, decided: Decisions, out: Path | None,
            as_of: date) -> tuple[Changes | None, History]:
    """What changed since the previous run, and the trend with this run added.

    The previous run is the newest snapshot in `out/.history` dated before this run; without
    one (first run with this version, or the folder was cleaned), the previous workbook's
    Connections sheet stands in.
    """
    current = snapshot(people, decided.frame["decision"], decided.frame.get("id"))
    previous, since, notices = previous_snapshot(out, as_of)
    source = (snapshot_path(out, since).relative_to(out).as_posix()
              if out is not None and since else "")
    if previous is None and decided.previous_rows is not None:
        previous = snapshot_of_rows(decided.previous_rows)
        since = decided.previous_date
        source = decided.previous_source
    found = None
    if previous is not None and since is not None:
        found = changes(previous, current, since, source, decided.standing)
    past, said = read_history(out)
    return found, History(frame=history_with(past, people, as_of), notices=notices + said,
                          snapshot=current)


# ---------------------------------------------------------------------------- staging

def stage(result: Result, out: Path, stage_fn: StageFn) -> dict[str, Path]:
    """Stage this run's snapshot and the updated history.csv."""
    paths: dict[str, Path] = {}
    paths["history"] = out / HISTORY
    frame = result.history.frame
    stage_fn(paths["history"], lambda tmp: _write_history(frame, tmp))
    snap = result.history.snapshot
    if snap is None:
        snap = snapshot(result.people, result.decisions.frame["decision"],
                        result.decisions.frame.get("id"))
    target = snapshot_path(out, result.as_of)
    # The folder must exist before the batch moves the file in. An empty folder left by a
    # failed run changes no report and no decision.
    target.parent.mkdir(parents=True, exist_ok=True)
    stage_fn(target, lambda tmp: _write_snapshot(snap, tmp))
    return paths

