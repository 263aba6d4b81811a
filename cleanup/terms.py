"""The tool's words: the tags (one registry, `TAG_INFO`), recommendations and decisions, the
answers a phrase can get, what an invitation can call for, the kinds of change between runs,
the columns the tool adds, the thresholds the reports cite, and the names of the files a run
writes.

Plain values and small helpers that import nothing of the package: every other layer may use
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

#: How a tag's rule finds its people: a table of keywords in rules.toml named like the tag
#: (`[prospect]`), or a rule of its own in `judge/tagging.py` (`TAG_RULES`, by tag name).
KEYWORDS = "keywords"
#: The tag of the rows no rule tagged.
UNKNOWN = "unknown"
#: The location rule's tag: the rows whose place is known to lie outside every location.
OFF_TARGET = "off-target location"


@dataclass(frozen=True)
class TagInfo:
    """One tag: everything the tool says and shows about it, in one place.

    Tagging, recommending, triaging invitations, the palette of the workbook and the report,
    the report's fill patterns, the starter rules file and the sentences that list the tags
    all read it from `TAG_INFO`; adding a tag is an entry there and, unless its rule is a
    table of keywords, its rule in `judge/tagging.py`.
    """

    name: str
    #: KEYWORDS, or the name under which `judge/tagging.py` holds the rule ("" for UNKNOWN).
    rule: str
    #: Which rule is asked first: the lowest number that applies wins (steps of ten, so that
    #: a new tag can be asked between two others).
    precedence: int
    #: What the rules recommend for the tag; None: the `[business] unknown` setting decides.
    recommendation: str | None
    #: What an incoming invitation from someone with this tag calls for (one of ACTIONS).
    invitation: str
    #: Chart colour; dark enough for 3:1 against white and far from every other colour for
    #: every kind of colour vision (tests/test_palette.py checks both).
    color: str
    #: Cell fill of the workbook rows: a light version of the same hue.
    fill: str
    #: CSS declarations of the tag's stacked-bar segments and legend swatches in the report: a
    #: pattern laid over its colour, so that the segments stay apart in black and white.
    pattern: str
    #: Counts towards the share "on target" (the audience the network is kept for).
    on_target: bool = False
    #: What the starter rules file says above the tag's table of keywords.
    about: tuple[str, ...] = ()
    #: Keywords the starter rules file gives as an example.
    example: tuple[str, ...] = ()
    #: The key that answers a phrase with this tag on the decide page (keyword tags only).
    key: str = ""


_STRIPES = ("background-image: repeating-linear-gradient({}deg, transparent 0 3px, "
            "rgba(255,255,255,{}) 3px 5px)")

#: The tags in the order they are listed everywhere (sheets, charts, counts, history.csv).
TAG_INFO: tuple[TagInfo, ...] = (
    TagInfo("prospect", KEYWORDS, 20, "keep", "accept", "#4499bb", "#D6EAF4", "",
            on_target=True, about=("Your target industries and buyers: kept.",),
            example=("realtor", "real estate", "restaurant owner", "dental practice"), key="p"),
    TagInfo("complementary", KEYWORDS, 30, "keep", "accept", "#7711aa", "#EADCF5",
            _STRIPES.format(45, ".55"), on_target=True,
            about=("Partners: complementary services, tools, people you hire:",
                   "kept, even when they also match a competitor keyword."),
            example=("copywriter", "photographer", "seo"), key="c"),
    TagInfo("competitor", KEYWORDS, 40, "remove", "ignore", "#991111", "#F6D4D4",
            _STRIPES.format(90, ".6"),
            about=("Your own industry: recommended for removal, unless a",
                   "conversation, recommendation or endorsement links you."),
            example=("web designer", "web developer"), key="x"),
    TagInfo(OFF_TARGET, "location", 10, "remove", "ignore", "#cc7733", "#FAE3D0",
            "background-image: radial-gradient(rgba(255,255,255,.75) 1.2px, transparent 1.6px); "
            "background-size: 5px 5px"),
    TagInfo(UNKNOWN, "", 100, None, "review", "#666666", "#EDEDED",
            _STRIPES.format(0, ".6")),
)
TAG_BY_NAME: dict[str, TagInfo] = {t.name: t for t in TAG_INFO}
#: The tags in the order their rules are asked (the first that applies wins).
PRECEDENCE: tuple[TagInfo, ...] = tuple(sorted(TAG_INFO, key=lambda t: t.precedence))
#: The tags found by a table of keywords, in the order they are weighed: the keyword
#: categories of rules.toml.
KEYWORD_TAGS: tuple[str, ...] = tuple(t.name for t in PRECEDENCE if t.rule == KEYWORDS)
#: The tag whose keywords `init` proposes from the owner's Headline: their own trade.
OWN_TRADE = "competitor"
#: The tag whose keywords `init` proposes when the owner sells to businesses: who buys.
BUYERS = "prospect"
#: The tags that count as on target.
ON_TARGET: tuple[str, ...] = tuple(t.name for t in TAG_INFO if t.on_target)

RECOMMENDATIONS: tuple[str, ...] = ("keep", "remove", "review")
#: What the user can type in a Decision cell.
DECISIONS: tuple[str, ...] = ("keep", "remove")
#: The tag names as plain strings, in order, for frames, headings and counts.
TAGS: tuple[str, ...] = tuple(t.name for t in TAG_INFO)


def listed(words: tuple[str, ...] | list[str], last: str = "and") -> str:
    """`a, b and c`: names in a sentence."""
    return (", ".join(words[:-1]) + f" {last} " + words[-1]) if len(words) > 1 else "".join(
        words)


def on_target(counts: dict[str, int]) -> int:
    """How many of the counted connections are on target."""
    return sum(counts.get(t, 0) for t in ON_TARGET)


#: Columns the tool adds after the export's own, in this order.
ADDED_COLUMNS = ["Tag", "Recommendation", "Reason", "Location", "Decision"]

#: What the user can type in the Answer cell of the Phrases sheet, and the keyword table
#: each answer adds the phrase to ("skip": none, and the phrase is not offered again).
PHRASE_ANSWERS: dict[str, str | None] = {
    **{t: t for t in KEYWORD_TAGS}, "not my audience": "unrelated", "skip": None}

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
