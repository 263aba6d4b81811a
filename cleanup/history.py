"""What changed since the previous run, and the trend across every run (SPEC §6).

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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cleanup.archive import SourceFile
from cleanup.errors import InputError
from cleanup.export import parse_dates, profile_links, read_table, url_key, whole
from cleanup.recommend import RECOMMENDATIONS
from cleanup.tagging import TAGS

if TYPE_CHECKING:
    from cleanup.pipeline import Result

HISTORY = "history.csv"
SNAPSHOTS = ".history"
_SNAPSHOT_NAME = re.compile(r"snapshot-(\d{4}-\d{2}-\d{2})\.csv\.gz")
SNAPSHOT_COLUMNS = ["id", "url", "name", "company", "position", "tag", "recommendation",
                    "decision"]
#: The kinds of change, in the order the Changes sheet and the report list them.
CHANGE_KINDS = ("new connection", "gone", "company changed", "position changed",
                "tag changed")
CHANGE_COLUMNS = ["change", "name", "company", "position", "tag", "before", "after", "note",
                  "link"]
#: Default line colours of the trend charts (the report passes its own palette).
TAG_COLORS = {"prospect": "#2e7d32", "complementary": "#1565c0", "competitor": "#c62828",
              "off-target location": "#e65100", "unknown": "#6b6b6b"}
RECOMMENDATION_COLORS = {"keep": "#2e7d32", "review": "#9a6700", "remove": "#c62828"}

StageFn = Callable[[Path, Callable[[Path], None]], None]


# ---------------------------------------------------------------------------- identity

def person_ids(url: pd.Series, name: pd.Series, company: pd.Series) -> pd.DataFrame:
    """How a person is recognised from one run or workbook to the next.

    Returns `url_id` (the normalised profile URL, "" without one), `name_id`
    (`name:<folded name>|<folded company>`, "" without a name) and `id`, the first of the two
    that is not empty. Rows with neither (members hidden by LinkedIn) get "" and are never
    matched to anyone.
    """
    given = pd.DataFrame({"url": url.to_numpy(), "name": name.to_numpy(),
                          "company": company.to_numpy()}, dtype=object).fillna("").astype(str)
    # Each person is computed once: a workbook lists most of them on two sheets.
    distinct = given.drop_duplicates(ignore_index=True)
    url_id = url_key(distinct["url"]).astype(object)
    folded = whole(distinct["name"])
    name_id = ("name:" + folded + "|" + whole(distinct["company"])).where(folded.ne(""), "")
    distinct["url_id"] = url_id
    distinct["name_id"] = name_id.astype(object)
    distinct["id"] = url_id.where(url_id.ne(""), distinct["name_id"])
    ids = given.merge(distinct, on=["url", "name", "company"], how="left", sort=False)
    return pd.DataFrame({c: ids[c].to_numpy() for c in ("url_id", "name_id", "id")},
                        index=url.index, dtype=object)


# ---------------------------------------------------------------------------- snapshots

def snapshot(people: pd.DataFrame, decision: pd.Series) -> pd.DataFrame:
    """This run's rows as the next run will compare against them."""
    ids = person_ids(people["url"], people["name"], people["company"])
    frame = pd.DataFrame({
        "id": ids["id"], "url": people["url"], "name": people["name"],
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
    text = frame.to_csv(index=False, lineterminator="\n")
    # mtime=0 and no file name in the gzip header: the same run gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                               mtime=0, compresslevel=6) as gz:
        gz.write(text.encode("utf-8"))


def previous_snapshot(out: Path | None, as_of: date) -> tuple[pd.DataFrame | None, date | None,
                                                             list[str]]:
    """The newest snapshot dated before `as_of`: (rows, its date, warnings)."""
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
        frame = pd.read_csv(path, compression="gzip", dtype=str, keep_default_na=False,
                            encoding="utf-8")
    except (OSError, EOFError, ValueError, UnicodeDecodeError, csv.Error) as exc:
        # The snapshot only feeds the list of changes; a broken one must not stop the run.
        return None, None, [f"{path}: cannot be read ({exc}); the changes since {when} are "
                            "not listed. Delete the file to silence this note."]
    missing = [c for c in SNAPSHOT_COLUMNS if c not in frame.columns]
    if missing:
        return None, None, [f"{path}: lacks the columns {', '.join(missing)}; the changes "
                            f"since {when} are not listed. Delete the file to silence this "
                            "note."]
    return frame[SNAPSHOT_COLUMNS].astype(object), when, []


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------- changes

@dataclass(frozen=True)
class Changes:
    """What changed since the previous run: one row per change, in CHANGE_KINDS order."""

    since: date  # the as-of date of the run compared with
    frame: pd.DataFrame  # CHANGE_COLUMNS; `link` is a vetted https LinkedIn link or ""
    source: str  # what the previous rows came from: a snapshot file or a workbook
    removals_confirmed: int = 0  # gone connections the user had decided to remove

    @property
    def counts(self) -> dict[str, int]:
        """Changes per kind, every kind listed (zero included)."""
        counts = self.frame["change"].value_counts()
        return {k: int(counts.get(k, 0)) for k in CHANGE_KINDS}

    def of_kind(self, kind: str, limit: int | None = None) -> list[dict[str, str]]:
        """The changes of one kind as plain dicts (for the template), at most `limit`."""
        rows = self.frame[self.frame["change"].eq(kind)]
        if limit is not None:
            rows = rows.head(limit)
        return rows.to_dict("records")


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

@dataclass(frozen=True)
class Series:
    """One line of a trend chart, in SVG coordinates."""

    name: str
    color: str
    points: str  # "x,y x,y ..." for <polyline points=...>
    dots: list[tuple[float, float, str]]  # x, y, tooltip text
    last: int


@dataclass(frozen=True)
class Chart:
    """A trend chart ready to draw as inline SVG: nothing left to compute in the template."""

    id: str
    title: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    series: list[Series]
    yticks: list[tuple[float, str]]  # y, label
    xticks: list[tuple[float, str]]  # x, label


@dataclass(frozen=True)
class History:
    """One line of counts per run, oldest first (history.csv)."""

    frame: pd.DataFrame  # As Of (ISO), Connections, one column per tag and recommendation
    warnings: list[str] = field(default_factory=list)

    @property
    def runs(self) -> int:
        """How many runs the history holds."""
        return len(self.frame)

    def charts(self, tag_colors: dict[str, str] | None = None,
               rec_colors: dict[str, str] | None = None, width: int = 640,
               height: int = 240) -> list[Chart]:
        """The two trend charts: connections per tag and per recommendation."""
        tags = {t: (tag_colors or TAG_COLORS).get(t, TAG_COLORS[t]) for t in TAGS}
        recs = {r: (rec_colors or RECOMMENDATION_COLORS).get(r, RECOMMENDATION_COLORS[r])
                for r in RECOMMENDATIONS}
        return [self._chart("trend-tags", "Connections per tag", tags, width, height),
                self._chart("trend-recs", "Connections per recommendation", recs, width,
                            height)]

    def table(self) -> list[dict[str, str]]:
        """The history as rows of text, newest first, for the table under the charts."""
        shown = self.frame.iloc[::-1]
        return shown.astype(str).to_dict("records")

    def _chart(self, id_: str, title: str, colors: dict[str, str], width: int,
               height: int) -> Chart:
        left, top, right, bottom = 48, 16, width - 190, height - 28  # legend on the right
        dates = pd.to_datetime(self.frame["As Of"], errors="coerce")
        days = (dates - dates.min()).dt.days.fillna(0).astype(float)
        span = float(days.max()) if len(days) else 0.0
        # Runs are placed by date, so a skipped month shows as a wider gap.
        xs = (left + (right - left) * days / span) if span > 0 else (
            pd.Series((left + right) / 2, index=days.index))
        top_value = max(1, int(self.frame[list(colors)].to_numpy().max()) if len(self.frame)
                        else 1)
        step = _nice_step(top_value)
        y_max = step * -(-top_value // step)

        def y_of(v: float) -> float:
            return round(bottom - (bottom - top) * v / y_max, 1)

        series = []
        for name, color in colors.items():
            values = self.frame[name].astype(int).tolist()
            pts = [(round(float(x), 1), y_of(v)) for x, v in zip(xs, values, strict=True)]
            dots = [(x, y, f"{name}: {v:,} on {d}") for (x, y), v, d
                    in zip(pts, values, self.frame["As Of"], strict=True)]
            series.append(Series(name=name, color=color,
                                 points=" ".join(f"{x},{y}" for x, y in pts), dots=dots,
                                 last=values[-1] if values else 0))
        yticks = [(y_of(v), f"{v:,}") for v in range(0, y_max + 1, step)]
        # At most about eight date labels, always the first and the last run.
        every = max(1, -(-len(xs) // 8))
        xticks = [(round(float(x), 1), d) for i, (x, d)
                  in enumerate(zip(xs, self.frame["As Of"], strict=True))
                  if i % every == 0 or i == len(xs) - 1]
        return Chart(id=id_, title=title, width=width, height=height, left=left, top=top,
                     right=right, bottom=bottom, series=series, yticks=yticks, xticks=xticks)


def _nice_step(top: int) -> int:
    """A round tick step (1, 2, 5 times a power of ten) giving about four ticks."""
    raw = max(1, top / 4)
    power = 10 ** (len(str(int(raw))) - 1)
    for mult in (1, 2, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def history_columns() -> list[str]:
    """The columns of history.csv, in order."""
    return ["As Of", "Connections", *TAGS, *RECOMMENDATIONS]


def read_history(out: Path | None) -> tuple[pd.DataFrame, list[str]]:
    """history.csv as a frame of the history columns (counts as int), or an empty one."""
    columns = history_columns()
    empty = pd.DataFrame({c: pd.Series(dtype=object if c == "As Of" else "int64")
                          for c in columns})
    path = out / HISTORY if out else None
    if path is None or not path.exists():
        return empty, []
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}). Close it in any program "
                         "that has it open and run again.") from None
    try:
        table = read_table(data, SourceFile(str(path), "", len(data)), must=("As Of",))
    except InputError:
        raise InputError(f"{path}: not the run history linkedin-cleanup writes (no 'As Of' "
                         "column). Move the file out of the folder to start a new trend; "
                         "your decisions are not in it.") from None
    frame = table.frame
    warnings = []
    # Tolerant of a re-save by a spreadsheet, which may rewrite 2026-01-25 as 1/25/2026.
    dates = parse_dates(frame["As Of"])
    if dates.isna().any():
        warnings.append(f"{path}: {int(dates.isna().sum())} lines without a date like "
                        "2026-01-25 were left out of the trend.")
    frame = frame[dates.notna()].copy()
    out_frame = pd.DataFrame({"As Of": dates[dates.notna()].dt.strftime("%Y-%m-%d")
                              .astype(object)})
    for c in columns[1:]:
        values = frame[c] if c in frame.columns else pd.Series("0", index=frame.index)
        out_frame[c] = pd.to_numeric(values, errors="coerce").fillna(0).astype("int64")
    return out_frame.drop_duplicates("As Of", keep="last").reset_index(drop=True), warnings


def history_with(previous: pd.DataFrame, result: Result) -> pd.DataFrame:
    """The history with this run's line added (replacing a line of the same date)."""
    line = {"As Of": result.as_of.isoformat(), "Connections": len(result.rows),
            **result.counts_by_tag, **result.counts_by_recommendation}
    kept = previous[previous["As Of"].ne(line["As Of"])]
    this = pd.DataFrame([line], columns=history_columns())
    frame = pd.concat([kept, this], ignore_index=True) if len(kept) else this
    frame = frame.astype({c: "int64" for c in history_columns()[1:]})
    return frame.sort_values("As Of", kind="stable").reset_index(drop=True)


def _write_history(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


# ---------------------------------------------------------------------------- staging

def stage(result: Result, out: Path, stage_fn: StageFn) -> dict[str, Path]:
    """Stage this run's snapshot and the updated history.csv."""
    paths: dict[str, Path] = {}
    if result.history is not None:
        paths["history"] = out / HISTORY
        frame = result.history.frame
        stage_fn(paths["history"], lambda tmp: _write_history(frame, tmp))
    decision = (result.decisions.frame["decision"] if result.decisions is not None
                else pd.Series("", index=result.people.index, dtype=object))
    snap = snapshot(result.people, decision)
    target = snapshot_path(out, result.as_of)
    # The folder must exist before the batch moves the file in. An empty folder left by a
    # failed run changes no report and no decision.
    target.parent.mkdir(parents=True, exist_ok=True)
    stage_fn(target, lambda tmp: _write_snapshot(snap, tmp))
    return paths

