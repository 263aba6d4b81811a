"""Result -> the self-contained HTML report.

One file that opens from disk with no network: the style sheet and the script are inlined
from `cleanup/writers/templates/`, the charts are drawn here on the server, and the connections
travel to the script as one compact JSON data island. Everything from the export is escaped
by Jinja's autoescape or by the JSON island's escaping of `<`, `>` and `&`; the script builds
the tables with `textContent`, never `innerHTML`, and only ever links to
`https://www.linkedin.com/in/...`.

The page works without its script too (mail clients and some company browsers block it):
the first page of every worklist and the whole Remove list are real HTML rows, and the
controls that need the script stay hidden until it runs.

The page is deterministic: same Result, same bytes. No clock, no random ids, no absolute
paths; every collection is rendered in a fixed order.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from cleanup.errors import utf8_safe
from cleanup.model import Result
from cleanup.read.identity import person_ids
from cleanup.terms import (
    KEYWORD_TAGS,
    ON_TARGET,
    PHRASE_ANSWERS,
    RECOMMENDATIONS,
    TAG_INFO,
    TAGS,
    UNKNOWN,
    listed,
)
from cleanup.text import PROFILE_PREFIX, fold, vetted_link, vetted_links
from cleanup.writers import charts
from cleanup.writers.charts import REC_COLORS, TAG_COLORS, TAG_PATTERNS
from cleanup.writers.layout import group_labels, group_order
from cleanup.writers.runsummary import counted, signed, summarise

#: What a row shows for a member who hides their name from exports.
HIDDEN_NAME = "(hidden by LinkedIn)"
#: Rows the script adds to a worklist at a time (more follow as the reader scrolls): laying
#: out table rows, not filtering 30,000 of them, is what costs time when typing a search.
PAGE_ROWS = 30
#: Columns of the data island, in order; the script reads them by name.
FIELDS = ("name", "position", "company", "tag", "rec", "reason", "location", "slug",
          "connected", "phrase", "who", "group")
#: Fields whose text repeats a lot (reasons, companies, locations) are sent once, in a
#: shared string table, and referenced by index.
SHARED_FIELDS = ("position", "company", "reason", "location", "phrase", "group")

#: The folders of an absolute path that starts a word: `/tmp/x/` in `read /tmp/x/a.csv`.
_ABSOLUTE_DIRS = re.compile(r"(?<![^\s'\"(])(?:[A-Za-z]:)?[\\/](?:[^\\/\s'\"]+[\\/])+")
#: The folders of a relative path that starts a label or follows " in " (`a.csv in x/b.zip`).
_LEADING_DIRS = re.compile(r"(?:^|(?<= in ))(?:[^\s/\\'\"]+[/\\])+(?=[^\s/\\])")


def display_label(text: str) -> str:
    """A label or note without the folders of its file paths: the same files give the same
    report wherever they sit, and the report does not tell the team how the owner's disk is
    organised. `Connections.csv in /home/ann/x/Basic.zip` -> `Connections.csv in Basic.zip`.
    Only paths are touched, so `3/5/18` in a note about a date stays as it is."""
    return _LEADING_DIRS.sub("", _ABSOLUTE_DIRS.sub("", text))


def _text(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str)


def _days(dates: pd.Series) -> list[int | None]:
    """Dates for the data island: the first known date as days since 1970-01-01, each later
    known date as the difference from the known date before it, null when unknown.

    LinkedIn lists connections newest first, so the differences are mostly 0 or a few days:
    one or two characters of JSON where a whole day number takes five (a tenth of the
    island for 30,000 connections). The script adds them up again."""
    days = (dates - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype="float64",
                                                                 na_value=np.nan)
    known = ~np.isnan(days)
    out = np.full(len(days), None, dtype=object)
    out[known] = np.diff(days[known].astype(np.int64), prepend=0).tolist()
    return list(out.tolist())


def data_island(result: Result) -> str:
    """The connections as compact JSON for the script, safe inside `<script>`.

    Columnar: `columns` maps each of `fields` to one value per connection, in input order
    (one array per field parses several times faster in the browser than one per row). Tag
    and recommendation are indexes into `tags` and `recs`; repeated texts are indexes into
    `strings`; `connected` is delta-coded days (see `_days`), null when unknown; a profile
    link is sent as its slug after `PROFILE_PREFIX`, so the script can only ever link to
    LinkedIn profiles.
    """
    people = result.people
    shared = {f: _text(people[f]) for f in ("position", "company", "reason")}
    shared["location"] = _text(people["place_label"])
    shared["phrase"] = _phrases(people)
    shared["group"] = group_labels(people)  # what one look checks in Remove and Review
    # factorize numbers strings in order of first appearance: deterministic, no sorting.
    codes, strings = pd.factorize(pd.concat([shared[f] for f in SHARED_FIELDS],
                                            ignore_index=True))
    n = len(people)
    index = {f: codes[i * n:(i + 1) * n].tolist() for i, f in enumerate(SHARED_FIELDS)}
    link = vetted_links(people["link"])
    columns: dict[str, list[Any]] = {
        "name": _text(people["name"]).tolist(),
        "tag": pd.Categorical(people["tag"], categories=TAGS).codes.tolist(),
        "rec": pd.Categorical(people["recommendation"], categories=RECOMMENDATIONS)
        .codes.tolist(),
        "slug": [x[len(PROFILE_PREFIX):] for x in link.tolist()],
        "connected": _days(people["connected"]),
        "who": tick_keys(result, every_row=True),
        **index,
    }
    fields = list(FIELDS)
    if result.show_emails:
        fields.append("email")
        columns["email"] = _text(people["email"]).tolist()
    payload = {"fields": fields, "tags": list(TAGS), "recs": list(RECOMMENDATIONS),
               "strings": strings.tolist(), "columns": {f: columns[f] for f in fields}}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # In a <script> element only "</script" and "<!--" can end or confuse it; escaping
    # every <, > and & keeps the JSON identical for JSON.parse and inert for the HTML parser.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _list_counts(result: Result) -> dict[str, dict[str, int]]:
    """Connections per tag within each worklist (for the filter menus)."""
    people = result.people
    table = (pd.crosstab(people["recommendation"], people["tag"])
             .reindex(index=list(RECOMMENDATIONS), columns=list(TAGS), fill_value=0))
    out = {rec: {t: int(table.loc[rec, t]) for t in TAGS} for rec in RECOMMENDATIONS}
    out["all"] = result.counts_by_tag
    return out


# ---------------------------------------------------------------------------- rows in HTML

@dataclass(frozen=True)
class Row:
    """One connection as a worklist row, for the rows written into the page itself."""

    name: str  # "" for members LinkedIn hides
    link: str  # a vetted https LinkedIn profile link, or ""
    position: str
    company: str
    tag: int  # index into TAGS
    rec: int  # index into RECOMMENDATIONS
    reason: str
    location: str
    connected: str  # ISO date or ""
    email: str
    phrase: str  # the commonest unanswered phrase an untagged person holds, or ""
    group: str = ""  # the heading of the group this row starts ("" inside a group)


def _phrases(people: pd.DataFrame) -> pd.Series:
    """Each person's phrase for grouping the Review list ("" where none)."""
    if "phrase" not in people.columns:
        return pd.Series("", index=people.index, dtype=object)
    return _text(people["phrase"])


def first_rows(result: Result, rec: str = "", limit: int = PAGE_ROWS) -> list[Row]:
    """The first `limit` connections of a worklist (all of them when `rec` is ""), in the
    order the script shows first: input order, but in Remove and Review the people who share
    a reason (or, untagged, a phrase) together, the biggest group first, the first row of each
    group carrying its heading. They are in the page as HTML, so the list has rows with the
    script blocked; the script replaces them with the same rows."""
    people = result.people
    rows = (np.arange(len(people)) if not rec
            else np.flatnonzero(people["recommendation"].eq(rec).to_numpy()))
    headings = [""] * min(limit, len(rows))
    if rec:
        order, heading = group_order(group_labels(people.iloc[rows]))
        rows = rows[order]
        shown = heading.head(limit).tolist()
        headings = [h if k == 0 or h != shown[k - 1] else "" for k, h in enumerate(shown)]
    chosen = people.iloc[rows[:limit]]  # only these rows of the wide frame are copied
    text = {f: _text(chosen[f]) for f in ("name", "link", "position", "company", "reason")}
    location = _text(chosen["place_label"])
    dates = chosen["connected"].dt.strftime("%Y-%m-%d").fillna("")
    emails = _text(chosen["email"]) if result.show_emails else pd.Series("", index=chosen.index)
    phrase = _phrases(chosen)
    return [Row(name=text["name"][i], link=vetted_link(text["link"][i]),
                position=text["position"][i], company=text["company"][i],
                tag=TAGS.index(p["tag"]), rec=RECOMMENDATIONS.index(p["recommendation"]),
                reason=text["reason"][i], location=location[i], connected=dates[i],
                email=emails[i], phrase=phrase[i], group=headings[k])
            for k, (i, p) in enumerate(chosen.iterrows())]  # at most PAGE_ROWS rows


@dataclass(frozen=True)
class Group:
    """The people of the Remove list who share one reason: a heading and their names."""

    tag: str
    reason: str
    people: list[tuple[str, str]]  # (name, vetted link or "")


def remove_checklist(result: Result) -> list[Group]:
    """The whole Remove list, for paper and for readers whose browser blocks the script.

    Grouped by reason (tags in their order, then the largest group first), names A to Z in a
    group: the reason is written once per group rather than once per person, which keeps a
    30,000-connection report small, and a printed list is easier to work through by group.
    """
    people = result.people
    remove = people[people["recommendation"].eq("remove")]
    if not len(remove):
        return []
    frame = pd.DataFrame({
        "tag": pd.Categorical(remove["tag"], categories=TAGS).codes,
        "reason": _text(remove["reason"]),
        "name": _text(remove["name"]),
        "link": _text(remove["link"]),
    }, index=remove.index)
    frame["key"] = fold(frame["name"])
    sizes = frame.groupby(["tag", "reason"], sort=False)["name"].transform("size")
    frame = frame.assign(size=sizes).sort_values(
        ["tag", "size", "reason", "key", "name"], ascending=[True, False, True, True, True],
        kind="stable")
    # The rows of a group are next to each other: they share tag, size and reason.
    tags, reasons = frame["tag"].to_numpy(), frame["reason"].to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, (tags[1:] != tags[:-1])
                                  | (reasons[1:] != reasons[:-1])]).tolist()
    names = frame["name"].tolist()
    links = vetted_links(frame["link"]).tolist()
    return [Group(tag=TAGS[int(tags[a])], reason=str(reasons[a]),
                  people=list(zip(names[a:b], links[a:b], strict=True)))
            for a, b in zip(starts, [*starts[1:], len(frame)], strict=True)]


def tick_keys(result: Result, every_row: bool = False) -> list[str]:
    """Who each person on the Remove list is, for the page's done ticks: a short digest of
    the tool's person key (the one the decisions ledger matches on), so a tick follows the
    person through any re-run, whatever else changed. The Remove list's keys in page order,
    or with `every_row` one per connection ("" for those not on the Remove list)."""
    people = result.people
    frame = result.decisions.frame
    ids = (frame["id"] if "id" in frame.columns else person_ids(
        people["url"], people["name"], people["company"], keys=people.get("key"))["id"])
    remove = people["recommendation"].eq("remove").to_numpy()
    keys = [hashlib.sha256(i.encode("utf-8", "replace")).hexdigest()[:12] if i and r else ""
            for i, r in zip(ids.fillna("").astype(str).tolist(), remove.tolist(), strict=True)]
    return keys if every_row else [k for k in keys if k]


def storage_key(result: Result) -> str:
    """Where the page keeps its done ticks in the browser: the as-of date and a digest of
    the business's name. Every report of that month (a re-run too) shares the ticks, which
    are kept by person (`tick_keys`) and dropped only for people off the Remove list."""
    owner = hashlib.sha256(result.rules.name.encode("utf-8", "replace")).hexdigest()[:16]
    return f"linkedin-cleanup:{result.as_of.isoformat()}:{owner}"


def triage_rule() -> str:
    """How incoming invitations are triaged, from the tag registry: `prospect and
    complementary → accept, ...`."""
    parts = []
    for action in ("accept", "ignore", "review"):
        names = [t.name if t.name != UNKNOWN else "nothing to go on" for t in TAG_INFO
                 if t.invitation == action]
        if names:
            parts.append(f"{listed(names)} → {action}")
    return ", ".join(parts)


def context(result: Result) -> dict[str, Any]:
    """Everything the templates render, computed once here so templates stay declarative."""
    summary = summarise(result)
    total, by_tag, by_rec = summary.total, summary.by_tag, summary.counts
    targeted = summary.on_target
    island = data_island(result)
    as_of = result.as_of.isoformat()
    return {
        "result": result,
        "business": result.rules.name or "Your network",
        "as_of": as_of,
        "version": result.version,
        "total": total,
        "on_target": targeted,
        "on_target_share": charts.percent(targeted, total),
        "on_target_tags": " + ".join(ON_TARGET),
        "phrase_answers": listed(list(PHRASE_ANSWERS), "or"),
        "categories": ", ".join(KEYWORD_TAGS),
        "triage": triage_rule(),
        "by_tag": by_tag,
        "by_rec": by_rec,
        "tag_share": {t: charts.percent(n, total) for t, n in by_tag.items()},
        "tags": TAGS,
        "recs": RECOMMENDATIONS,
        "tag_colors": TAG_COLORS,
        "tag_patterns": TAG_PATTERNS,
        "rec_colors": REC_COLORS,
        "list_counts": _list_counts(result),
        "tag_chart": charts.hbar_chart("chart-tags", "Connections per tag", by_tag),
        "rec_chart": charts.hbar_chart("chart-recs", "Recommendations", by_rec),
        "years_chart": charts.years_chart(result.people),
        "trend_charts": charts.trend_charts(result.history),
        "inputs": [(display_label(s.label), s.size, s.sha256) for s in result.inputs],
        "rules_file": utf8_safe(result.rules.path.name),
        "rules_sha256": result.rules.sha256,
        "scope": result.rules.scope,
        "locations": result.rules.locations,
        "warnings": [display_label(str(n)) for n in summary.notices],
        "show_emails": result.show_emails,
        "profile_prefix": PROFILE_PREFIX,
        "page_rows": PAGE_ROWS,
        "next": summary,
        "first_rows": {"review": first_rows(result, "review"), "all": first_rows(result)},
        "columns_shown": 9 if result.show_emails else 8,
        "checklist": remove_checklist(result),
        "storage_key": storage_key(result),
        "hidden_name": HIDDEN_NAME,
        "data_json": Markup(island),  # escaped for <script> by data_island
        "phrases": result.phrases,  # the Phrases sheet (sections/phrases.html)
    }


# ---------------------------------------------------------------------------- rendering

@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment over the packaged templates.

    `autoescape=True` rather than `select_autoescape()`, which leaves `*.j2` unescaped;
    `StrictUndefined` so that a misspelt name fails the run instead of rendering blank.
    """
    env = jinja2.Environment(loader=jinja2.PackageLoader("cleanup.writers", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["thousands"] = lambda n: f"{int(n):,}"
    # Coordinates with one decimal at most: stable text, small file, no 0.30000000000000004.
    env.filters["n1"] = lambda x: f"{float(x):.1f}".removesuffix(".0")
    env.filters["counted"] = counted
    env.filters["signed"] = signed
    # The one way a template makes a link: `{% set href = url|profile_link %}` is "" unless
    # the text is a canonical profile link.
    env.filters["profile_link"] = vetted_link
    return env


def inline_script(name: str) -> tuple[Markup, str]:
    """A packaged script for inlining, and its CSP source (`'sha256-...'`).

    The Content-Security-Policy allows exactly the scripts the report ships, by hash: a
    `<script>` or `onerror=` that export text somehow smuggled into the page would not run.
    """
    text = environment().get_template(name).render()
    if "</script" in text.lower() or "<!--" in text:
        raise ValueError(f"{name} must not contain '</script' or '<!--'")  # would end early
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"


def render(result: Result) -> str:
    """The report as one HTML string."""
    script, script_hash = inline_script("report.js")
    return environment().get_template("report.html").render(
        context(result), script=script, script_hash=script_hash)


def write(result: Result, path: Path) -> None:
    """Write the HTML report for `result` to `path` (UTF-8, LF line ends on every OS)."""
    path.write_bytes(render(result).encode("utf-8"))
