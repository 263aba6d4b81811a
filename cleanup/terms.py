"""The tool's words: the tags, recommendations and decisions, the answers a phrase can get,
what an invitation can call for, the kinds of change between runs, the columns the tool adds,
the thresholds the reports cite, and the names of the files a run writes.

Plain values and small helpers, no stage's result: every layer from `rules` up may use them.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path

import pandas as pd


class Tag(StrEnum):
    """Exactly one per connection; the first that applies, in this order."""

    PROSPECT = "prospect"
    COMPLEMENTARY = "complementary"
    COMPETITOR = "competitor"
    OFF_TARGET = "off-target location"
    UNKNOWN = "unknown"


class Recommendation(StrEnum):
    KEEP = "keep"
    REMOVE = "remove"
    REVIEW = "review"


class Decision(StrEnum):
    """What the user can type in a Decision cell."""

    KEEP = "keep"
    REMOVE = "remove"


#: The values as plain strings, in order, for frames, headings and counts.
TAGS: tuple[str, ...] = tuple(t.value for t in Tag)
RECOMMENDATIONS: tuple[str, ...] = tuple(r.value for r in Recommendation)
DECISIONS: tuple[str, ...] = tuple(d.value for d in Decision)

#: Columns the tool adds after the export's own, in this order.
ADDED_COLUMNS = ["Tag", "Recommendation", "Reason", "Location", "Decision"]

#: What the user can type in the Answer cell of the Phrases sheet, and the keyword table
#: each answer adds the phrase to ("skip": none, and the phrase is not offered again).
PHRASE_ANSWERS: dict[str, str | None] = {
    "prospect": "prospect", "complementary": "complementary", "competitor": "competitor",
    "not my audience": "unrelated", "skip": None}

#: The Phrases sheet's question about the people with no Position and no Company (hidden or
#: empty profiles): its Phrase cell, and its answers (what to recommend for all of them; the
#: answer stands in for `[business] no_profile`).
NO_PROFILE_PHRASE = "(no position or company)"
NO_PROFILE_KEY = "no position or company"  # its words, as the answer ledger compares phrases
NO_PROFILE_ANSWERS = ("keep", "review", "remove")

#: Invitations: what to do with an incoming request; outgoing ones older than this many days
#: are candidates to withdraw.
ACTIONS = ("accept", "review", "ignore")
WITHDRAW_AFTER_DAYS = 21

#: A keyword matching more than this share of the network is probably too broad.
BROAD_SHARE = 0.20

#: The kinds of change since the previous run, in the order they are listed.
CHANGE_KINDS = ("new connection", "gone", "company changed", "position changed",
                "tag changed")
CHANGE_COLUMNS = ["change", "name", "company", "position", "tag", "before", "after", "note",
                  "link"]


#: What a run writes into its output folder: `linkedin-cleanup-YYYY-MM-DD.xlsx` and `.html`.
REPORT_STEM = "linkedin-cleanup-"
WORKBOOK_NAME = re.compile(r"linkedin-cleanup-(\d{4}-\d{2}-\d{2})\.xlsx")
_DATE_IN_NAME = re.compile(r"linkedin-cleanup-(\d{4}-\d{2}-\d{2})")


def report_paths(out: Path, as_of: date) -> dict[str, Path]:
    """Where a run on `as_of` writes its workbook and HTML report."""
    stem = f"{REPORT_STEM}{as_of.isoformat()}"
    return {"xlsx": out / f"{stem}.xlsx", "html": out / f"{stem}.html"}


def report_date(path: Path) -> date | None:
    """The as-of date in a report's name (`linkedin-cleanup-2026-01-25.xlsx`, also with a
    copy suffix such as ` (1)`), or None."""
    m = _DATE_IN_NAME.search(path.name)
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def count_values(values: pd.Series, keys: tuple[str, ...]) -> dict[str, int]:
    """How often each of `keys` occurs in `values`, every key listed (zero included)."""
    counts = values.value_counts()
    return {k: int(counts.get(k, 0)) for k in keys}
