"""What a decide session asks, read off its current state: the open questions best first,
who each would decide, and what is left.

Phrases first, by how many people still in Review hold them now (the candidates come from
`phrasing`); then groups: the removals not confirmed yet that share one reason (everyone
outside the rules' locations is one reason) and the people in Review with nothing to judge
them by; then everyone left, one at a time.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from cleanup import terms
from cleanup.judge import phrases, tagging
from cleanup.terms import DECISIONS, PHRASE_ANSWERS

Kind = Literal["phrase", "group", "person"]
#: What each kind of question takes as an answer.
ANSWERS: dict[str, tuple[str, ...]] = {"phrase": tuple(PHRASE_ANSWERS),
                                      "group": ("keep", "remove", "skip"),
                                      "person": ("keep", "remove", "skip")}
#: The time model of the minutes left: one look at a phrase or a group, one at a person.
SECONDS_PER_QUESTION = 4
SECONDS_PER_PERSON = 2
#: Examples shown per question.
EXAMPLES = 3
#: The group of people in Review with no position and no company (or hidden by LinkedIn).
NOTHING = "no position or company: nothing to judge them by"
OFF_TARGET = f"{terms.OFF_TARGET}: "


@dataclass(frozen=True)
class Question:
    """One question: `people` is how many still-undecided connections its answer decides now
    (for a phrase, how many of them hold it)."""

    kind: Kind
    key: str
    text: str
    examples: list[str]
    people: int
    answers: tuple[str, ...] = ()
    #: "Position" or "Company" for a phrase: where its words were found.
    field: str = ""
    #: A person's profile link (only ever https://www.linkedin.com/in/...), or "".
    link: str = ""


@dataclass(frozen=True)
class Board:
    """What the questions are read from: the session's state as it stands."""

    people: pd.DataFrame
    tags: pd.DataFrame  # tag, keyword, unrelated, ... (tagging.tag)
    recs: pd.DataFrame  # recommendation, reason (recommend.recommend)
    decisions: pd.DataFrame  # decision, decided_on
    by_answer: pd.Series  # rows whose tag or audience comes from a phrase answer
    blank: pd.Series  # rows with no position and no company, or hidden
    #: Rows with neither a profile address nor a name: no decision could be remembered for
    #: them (a run cannot tell them apart either), so no group or person question asks.
    anonymous: pd.Series
    candidates: pd.DataFrame  # row, text, field (phrasing.candidate_phrases)
    #: Per field searched, each row's code into the field's distinct folded texts, joined
    #: for `tagging.found_each`: a phrase is matched as its answer's keyword would be.
    distinct: dict[str, tuple[np.ndarray, tagging.Joined]]
    gone: frozenset[str]  # phrases never to ask: listed in the rules, answered or skipped
    skipped: frozenset[str]  # question keys skipped
    target_label: str  # the rules' locations, as a reason names them


def open_rows(b: Board) -> pd.Series:
    """Rows still to decide: in Review, or recommended for removal and not confirmed."""
    rec = b.recs["recommendation"]
    return rec.eq("review") | (rec.eq("remove") & ~b.decisions["decision"].isin(DECISIONS))


def _pool(b: Board) -> pd.Series:
    """The rows a phrase answer can decide: in Review, untagged, something to judge by."""
    return b.recs["recommendation"].eq("review") & b.tags["tag"].eq(terms.UNKNOWN) & ~b.blank


def phrase_holders(b: Board) -> pd.DataFrame:
    """row, text, field of the candidate phrases of the rows a phrase answer can decide, but
    for the phrases `gone`: what the questions are ranked by."""
    c = b.candidates
    c = c[c["row"].isin(b.people.index[_pool(b).to_numpy()])]
    return c[~c["text"].isin(b.gone)]


def phrase_rows(b: Board, text: str) -> pd.Index:
    """The rows a phrase answer can decide that the phrase matches as a keyword, in any field
    searched: everyone the answer would decide now, not only those it was found in (a word of
    a company name also matches inside other company names and positions)."""
    pattern = tagging.compile_keywords((text,))
    hit = np.zeros(len(b.people), dtype=bool)
    if pattern is None:
        return b.people.index[hit]
    index = {tagging.tokens(text): text}
    for codes, values in b.distinct.values():
        found = tagging.found_each(values, pattern, index)
        matched = np.fromiter(map(bool, found), dtype=bool, count=values.size)
        hit |= matched[codes]
    return b.people.index[hit & _pool(b).to_numpy()]


def groups(b: Board) -> pd.Series:
    """Per row a group question can decide, the group's text: the Remove rows not confirmed
    yet and not resting on a phrase answer, by their reason, and the rows in Review with
    nothing to judge them by."""
    rec = b.recs["recommendation"]
    undecided = ~b.decisions["decision"].isin(DECISIONS) & ~b.anonymous
    rows = rec.eq("remove") & undecided & ~b.by_answer
    reason = b.recs.loc[rows, "reason"].astype(str)
    off = reason.str.startswith(OFF_TARGET)
    reason = reason.mask(off, f"{OFF_TARGET}outside {b.target_label}")
    blank = rec.eq("review") & undecided & b.blank
    nothing = pd.Series(NOTHING, index=b.people.index[blank.to_numpy()], dtype=object)
    return pd.concat([reason, nothing])


def group_key(reason: str) -> str:
    return "group:" + hashlib.sha256(reason.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def left(b: Board) -> dict[str, float]:
    """review: still in Review; remove: recommended for removal (`to_confirm` of them not
    confirmed yet); keep: kept; anonymous: in Review with neither a profile address nor a
    name, which no answer can decide for good; undecided_minutes: about how long the rest
    takes (one look per phrase or group that could decide several, one per person
    otherwise)."""
    rec = b.recs["recommendation"]
    anonymous = int((rec.eq("review") & b.anonymous).sum())
    review = int(rec.eq("review").sum()) - anonymous
    grouped = groups(b)
    sizes = grouped.value_counts()
    blank = int(grouped.eq(NOTHING).sum())
    held = phrase_holders(b)
    counts = held["text"].value_counts()
    best = (held.assign(n=held["text"].map(counts))
            .sort_values(["n", "text"], ascending=[False, True]).drop_duplicates("row"))
    best = best[best["n"].ge(phrases.MIN_HOLDERS)]
    seconds = (SECONDS_PER_QUESTION * (best["text"].nunique() + int(sizes.ge(2).sum()))
               + SECONDS_PER_PERSON * (review - blank - len(best) + int(sizes.lt(2).sum())))
    return {"review": review, "remove": int(rec.eq("remove").sum()),
            "keep": int(rec.eq("keep").sum()), "to_confirm": len(grouped) - blank,
            "anonymous": anonymous,
            "undecided_minutes": math.ceil(seconds / 6) / 10}


def _shown(b: Board, rows: pd.Index, with_name: bool = False) -> list[str]:
    """Up to EXAMPLES distinct "Position · Company" texts of `rows` (with the name before)."""
    p = b.people
    out: list[str] = []
    for i in rows:
        parts = [str(p.at[i, f]).strip() for f in ("position", "company") if f in p.columns]
        text = " · ".join(x for x in parts if x) or "(no position or company)"
        if with_name:
            text = f"{p.at[i, 'name']} — {text}"
        if text not in out:
            out.append(text)
        if len(out) == EXAMPLES:
            break
    return out


def questions(b: Board, limit: int | None = None) -> list[Question]:
    """The questions still open, best first (at most `limit`)."""
    found: list[Question] = []

    def full() -> bool:
        return limit is not None and len(found) >= limit

    held = phrase_holders(b)
    counts = held["text"].value_counts()
    counts = counts[counts.ge(phrases.MIN_HOLDERS)]
    where = held.drop_duplicates("text").set_index("text")["field"]
    for text, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if full():
            return found
        rows = phrase_rows(b, text)
        found.append(Question("phrase", f"phrase:{text}", text, _shown(b, rows), len(rows),
                              ANSWERS["phrase"], tagging.FIELDS.get(where[text], "")))
    grouped = groups(b)
    asked: set[Any] = set()
    for reason, n in sorted(grouped.value_counts().items(), key=lambda kv: (-kv[1], kv[0])):
        if n < 2 or group_key(reason) in b.skipped:
            continue
        rows = grouped.index[grouped.eq(reason).to_numpy()]
        asked.update(rows)
        if full():
            return found
        found.append(Question("group", group_key(reason), reason,
                              _shown(b, rows, with_name=True), int(n), ANSWERS["group"]))
    rec = b.recs["recommendation"]
    review = b.recs.index[(rec.eq("review") & ~b.anonymous).to_numpy()]
    single = grouped.index[(~grouped.index.isin(list(asked))
                            & ~rec.reindex(grouped.index).eq("review")).to_numpy()]
    for i in [*(i for i in review if i not in asked), *single]:
        if f"person:{i}" in b.skipped:
            continue
        if full():
            return found
        found.append(_person(b, i))
    return found


def _person(b: Board, i: Any) -> Question:
    p = b.people
    return Question("person", f"person:{i}", str(p.at[i, "name"]) or "(no name)",
                    [*_shown(b, pd.Index([i])), str(b.recs.at[i, "reason"])], 1,
                    ANSWERS["person"], link=str(p.at[i, "link"]) if "link" in p.columns else "")


def rows_of(b: Board, key: str, row: Any = None) -> pd.Index:
    """The rows the answer to `key` would decide now; `row` is the person's row for a person
    question (None when the key names nobody)."""
    kind = key.partition(":")[0]
    if kind == "phrase":
        return phrase_rows(b, key.partition(":")[2])
    if kind == "group":
        grouped = groups(b)
        return grouped.index[grouped.map(group_key).eq(key).to_numpy()]
    if kind == "person":
        return (pd.Index([row]) if row is not None and open_rows(b).at[row]
                and not b.anonymous.at[row] else pd.Index([]))
    raise ValueError(f"{key!r} is not a question of this session.")
