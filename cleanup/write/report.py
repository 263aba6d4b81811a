"""Result -> the self-contained HTML report (SPEC §8).

One file that opens from disk with no network: the style sheet and the script are inlined
from `cleanup/templates/`, the charts are SVG drawn here on the server, and the connections
travel to the script as one compact JSON data island. Everything from the export is escaped
by Jinja's autoescape or by the JSON island's escaping of `<`, `>` and `&`; the script builds
the tables with `textContent`, never `innerHTML`, and only ever links to
`https://www.linkedin.com/in/...`.

The page is deterministic: same Result, same bytes. No clock, no random ids, no absolute
paths; every collection is rendered in a fixed order.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from cleanup.errors import utf8_safe
from cleanup.model import RECOMMENDATIONS, TAGS, Result
from cleanup.write import charts
from cleanup.write.charts import REC_COLORS, TAG_COLORS

#: The only links the report ever makes; the export layer vetted `people["link"]` to this.
PROFILE_PREFIX = "https://www.linkedin.com/in/"
#: Rows the script adds to a worklist at a time (more follow as the reader scrolls): laying
#: out table rows, not filtering 30,000 of them, is what costs time when typing a search.
PAGE_ROWS = 30
#: Columns of the data island, in order; the script reads them by name.
FIELDS = ("name", "position", "company", "tag", "rec", "reason", "location", "slug",
          "connected")
#: Fields whose text repeats a lot (reasons, companies, locations) are sent once, in a
#: shared string table, and referenced by index.
SHARED_FIELDS = ("position", "company", "reason", "location")

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
    """Dates as days since 1970-01-01 (null when unknown): 5 digits where an ISO date takes 12
    characters of JSON, and sortable as numbers in the page."""
    days = (dates - pd.Timestamp("1970-01-01")).dt.days
    return [None if pd.isna(d) else int(d) for d in days.astype(object)]


def data_island(result: Result) -> str:
    """The connections as compact JSON for the script, safe inside `<script>`.

    Columnar: `columns` maps each of `fields` to one value per connection, in input order
    (one array per field parses several times faster in the browser than one per row). Tag
    and recommendation are indexes into `tags` and `recs`; repeated texts are indexes into
    `strings`; `connected` is days since 1970-01-01 or null; a profile link is sent as its
    slug after `PROFILE_PREFIX`, so the script can only ever link to LinkedIn profiles.
    """
    people = result.people
    shared = {f: _text(people[f]) for f in ("position", "company", "reason")}
    shared["location"] = _text(result.rows["Location"]).set_axis(people.index)
    # factorize numbers strings in order of first appearance: deterministic, no sorting.
    codes, strings = pd.factorize(pd.concat([shared[f] for f in SHARED_FIELDS],
                                            ignore_index=True))
    n = len(people)
    index = {f: codes[i * n:(i + 1) * n].tolist() for i, f in enumerate(SHARED_FIELDS)}
    link = _text(people["link"])
    columns: dict[str, list[Any]] = {
        "name": _text(people["name"]).tolist(),
        "tag": pd.Categorical(people["tag"], categories=TAGS).codes.tolist(),
        "rec": pd.Categorical(people["recommendation"], categories=RECOMMENDATIONS)
        .codes.tolist(),
        "slug": link.str.removeprefix(PROFILE_PREFIX)
        .where(link.str.startswith(PROFILE_PREFIX), "").tolist(),
        "connected": _days(people["connected"]),
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


def context(result: Result) -> dict[str, Any]:
    """Everything the templates render, computed once here so templates stay declarative."""
    total = len(result.people)
    by_tag = result.counts_by_tag
    by_rec = result.counts_by_recommendation
    on_target = by_tag["prospect"] + by_tag["complementary"]
    return {
        "result": result,
        "business": result.rules.name or "Your network",
        "as_of": result.as_of.isoformat(),
        "version": result.version,
        "total": total,
        "on_target": on_target,
        "on_target_share": charts.percent(on_target, total),
        "by_tag": by_tag,
        "by_rec": by_rec,
        "tag_share": {t: charts.percent(n, total) for t, n in by_tag.items()},
        "tags": TAGS,
        "recs": RECOMMENDATIONS,
        "tag_colors": TAG_COLORS,
        "rec_colors": REC_COLORS,
        "list_counts": _list_counts(result),
        "tag_chart": charts.hbar_chart("chart-tags", "Connections per tag", by_tag, TAG_COLORS),
        "rec_chart": charts.hbar_chart("chart-recs", "Recommendations", by_rec, REC_COLORS),
        "years_chart": charts.years_chart(result.people),
        "trend_charts": charts.trend_charts(result.history),
        "inputs": [(display_label(s.label), s.size, s.sha256) for s in result.inputs],
        "rules_file": utf8_safe(result.rules.path.name),
        "rules_sha256": result.rules.sha256,
        "scope": result.rules.scope,
        "locations": result.rules.locations,
        "warnings": [display_label(w) for w in result.warnings],
        "show_emails": result.show_emails,
        "profile_prefix": PROFILE_PREFIX,
        "page_rows": PAGE_ROWS,
        "data_json": Markup(data_island(result)),  # escaped for <script> by data_island
    }


# ---------------------------------------------------------------------------- rendering

@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment over the packaged templates.

    `autoescape=True` rather than `select_autoescape()`, which leaves `*.j2` unescaped;
    `StrictUndefined` so that a misspelt name fails the run instead of rendering blank.
    """
    env = jinja2.Environment(loader=jinja2.PackageLoader("cleanup.write", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["thousands"] = lambda n: f"{int(n):,}"
    # Coordinates with one decimal at most: stable text, small file, no 0.30000000000000004.
    env.filters["n1"] = lambda x: f"{float(x):.1f}".removesuffix(".0")
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
