"""A decide session: questions answered one at a time, each applied at once and remembered.

The export is read and judged once, as `run` does (`pipeline.analyse`, with the ledgers and
the earlier workbooks of the output folder). After that an answer never reads a file: a phrase
answer re-matches only its keyword table over the distinct texts kept in memory and tags and
recommends again; a keep/remove answer recommends again. Every answer is in `decisions.csv` or
`phrases.csv` before `answer` returns (`record`).

The questions, best first: phrases, by how many still-undecided people (Review, no decision)
hold them; then groups, every Remove row not confirmed yet that shares one reason; then the
people left, one at a time.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from cleanup import pipeline
from cleanup.judge import phrases, recommend, tagging
from cleanup.model import Answers
from cleanup.rules import CATEGORIES, KEYWORD_TABLES, UNRELATED, Rules, load
from cleanup.session import record
from cleanup.session.phrasing import candidate_phrases
from cleanup.terms import DECISIONS, PHRASE_ANSWERS
from cleanup.text import fold

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
OFF_TARGET = "off-target location: "


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
class Answered:
    """What an answer did. `applied` is False when it asks first (`confirm` says why): call
    `answer` again with `confirm=True` to apply it."""

    key: str
    answer: str
    applied: bool
    #: People it took out of Review (a phrase), or decided (a group or a person).
    decided: int = 0
    confirm: str = ""


@dataclass
class _State:
    answers: pd.DataFrame  # key, phrase, answer, answered_on: the standing phrase answers
    decisions: pd.DataFrame  # decision, decided_on per row
    tags: pd.DataFrame
    recs: pd.DataFrame
    hits: dict[tuple[str, str], pd.Series]
    skipped: frozenset[str] = frozenset()
    #: Rows whose tag or audience comes from a phrase answer: the answer was their look.
    by_answer: pd.Series = field(default_factory=lambda: pd.Series(dtype=bool))


@dataclass
class _Undo:
    key: str
    state: _State
    answers: list[tuple[str, str]] = field(default_factory=list)  # phrase lines that undo it
    decisions: list[tuple[str, str, str, str]] = field(default_factory=list)


class Session:
    """Deciding a network question by question. Use `Session.open`; close it when done (or
    use it in a `with` block)."""

    def __init__(self, result: Any, rules: Rules, out: Path, stack: ExitStack) -> None:
        self._stack = stack
        self.out = out
        self.as_of: date = result.as_of
        self.rules_file = rules
        self._people: pd.DataFrame = result.people
        self._evidence: pd.Series = result.relations.evidence
        self._fields = [f for f in tagging.FIELDS if f in self._people.columns]
        self._distinct: dict[str, tuple[np.ndarray, tagging.Joined]] = {}
        self._by_key = {str(i): i for i in self._people.index}
        empty = pd.Series(True, index=self._people.index)
        for f in ("position", "company"):
            if f in self._people.columns:
                empty &= self._people[f].fillna("").astype(str).str.strip().eq("")
        self._blank = empty | self._people.get("hidden", pd.Series(False, index=empty.index)
                                               ).astype(bool)
        for f in self._fields:
            codes, values = pd.factorize(fold(self._people[f]).to_numpy(dtype=object))
            self._distinct[f] = codes, tagging.joined(list(values))
        answered = result.phrases.answers
        decided = result.decisions
        self._record = record.Recorder(
            out, self.as_of,
            decided.ledger.tail(decided.added) if decided.ledger is not None else None,
            answered.ledger.tail(answered.added) if answered.ledger is not None else None)
        standing = answered.standing[["key", "phrase", "answer", "answered_on"]].copy()
        frame = decided.frame[["decision", "decided_on"]].copy()
        self._candidates = candidate_phrases(self._people)
        self._taken = {phrases.phrase_key(k) for ws in rules.keywords.values() for k in ws}
        self._state = _State(answers=standing, decisions=frame, tags=pd.DataFrame(),
                             recs=pd.DataFrame(), hits={})
        self._rematch(self._state, KEYWORD_TABLES)
        self._judge(self._state)
        self._history: list[_Undo] = []
        self._closed = False

    # ------------------------------------------------------------------ opening, closing

    @classmethod
    def open(cls, export: str | Path | pd.DataFrame, rules: str | Path | Rules = "rules.toml",
             out: str | Path = "reports", *, enrich: Sequence[str | Path] = (),
             previous: str | Path | None = None, as_of: date | None = None,
             progress: Callable[[str], None] = lambda _: None) -> Session:
        """Read and judge `export` as `run` does, with the decisions and phrase answers of
        `out` (its ledgers and earlier workbooks). Nothing is written until an answer."""
        checked = rules if isinstance(rules, Rules) else load(rules)
        out = Path(out)
        stack = ExitStack()
        stack.enter_context(record.lock(out))
        try:
            result = pipeline.analyse(export, checked, enrich=enrich, out=out,
                                      previous=previous, as_of=as_of, progress=progress)
            return cls(result, checked, out, stack)
        except BaseException:
            stack.close()
            raise

    def close(self) -> None:
        """Let go of the output folder (the answers are all written already)."""
        if not self._closed:
            self._closed = True
            self._stack.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------------ judging in memory

    def _rules(self, answers: pd.DataFrame) -> Rules:
        return self.rules_file.with_answers(Answers(standing=answers).keywords())

    def _rematch(self, state: _State, tables: Sequence[str]) -> None:
        rules = self._rules(state.answers)
        hits = dict(state.hits)
        index = self._people.index
        for table in tables:
            words = rules.keywords.get(table, ())
            pattern = tagging.compile_keywords(words)
            excepted = tagging.compile_keywords(tuple(rules.excepts.get(table, ())))
            found_of = {tagging.tokens(w): w for w in words}
            for f in self._fields:
                if pattern is None:
                    hits[(table, f)] = pd.Series([[]] * len(index), index=index, dtype=object)
                    continue
                codes, values = self._distinct[f]
                found = np.fromiter(tagging.found_each(values, pattern, found_of, excepted),
                                    dtype=object, count=values.size)
                hits[(table, f)] = pd.Series(found[codes], index=index, dtype=object)
        state.hits = hits

    def _judge(self, state: _State) -> None:
        rules = self._rules(state.answers)
        matches = tagging.Matches(hits=state.hits, index=self._people.index)
        tags = tagging.tag(self._people, rules, matches)
        tags, _, _ = phrases.judge(self._people, tags, matches, rules,
                                   Answers(standing=state.answers))
        state.tags = tags
        answered = {t: set(rules.answered.get(t, ())) for t in KEYWORD_TABLES}
        by_answer = pd.Series(False, index=tags.index)
        for c in CATEGORIES:
            by_answer |= tags["tag"].eq(c) & tags["keyword"].isin(answered[c])
        if answered[UNRELATED]:
            other, _ = matches.first(UNRELATED, self._fields)
            by_answer |= tags["unrelated"].astype(bool) & other.isin(answered[UNRELATED])
        state.by_answer = by_answer
        self._recommend(state)

    def _recommend(self, state: _State) -> None:
        state.recs = recommend.recommend(self._people, state.tags, self._rules(state.answers),
                                         self.as_of, evidence=self._evidence,
                                         decisions=state.decisions)

    # ------------------------------------------------------------------ who is left

    def _open(self, state: _State | None = None) -> pd.Series:
        """Rows still to decide: in Review, or recommended for removal and not confirmed."""
        s = state or self._state
        rec = s.recs["recommendation"]
        return rec.eq("review") | (rec.eq("remove") & ~s.decisions["decision"].isin(DECISIONS))

    def _pool(self) -> pd.Series:
        """Rows a phrase answer can decide: in Review, untagged, not hidden."""
        s = self._state
        return s.recs["recommendation"].eq("review") & s.tags["tag"].eq("unknown") & ~self._blank

    def _phrase_holders(self) -> pd.DataFrame:
        """row, text, field of the pool's candidate phrases not answered, listed or skipped."""
        c = self._candidates
        c = c[c["row"].isin(self._people.index[self._pool().to_numpy()])]
        gone = self._taken | set(self._state.answers["key"]) | {
            k.removeprefix("phrase:") for k in self._state.skipped}
        return c[~c["text"].isin(gone)]

    def _groups(self) -> pd.Series:
        """Per row a group question can decide, the group's text: the Remove rows not
        confirmed yet, by their reason (every place outside your locations is one reason),
        and the rows in Review with nothing to judge them by (no position, no company)."""
        s = self._state
        rec = s.recs["recommendation"]
        undecided = ~s.decisions["decision"].isin(DECISIONS)
        rows = rec.eq("remove") & undecided & ~s.by_answer
        reason = s.recs.loc[rows, "reason"].astype(str)
        off = reason.str.startswith(OFF_TARGET)
        reason = reason.mask(off, f"{OFF_TARGET}outside {self.rules_file.target_label}")
        blank = rec.eq("review") & undecided & self._blank
        nothing = pd.Series(NOTHING, index=self._people.index[blank.to_numpy()], dtype=object)
        return pd.concat([reason, nothing])

    @staticmethod
    def _group_key(reason: str) -> str:
        return "group:" + hashlib.sha256(reason.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def left(self) -> dict[str, float]:
        """review: still in Review; remove: recommended for removal (`to_confirm` of them
        not confirmed yet); keep: kept; undecided_minutes: about how long the rest takes (one
        look per phrase or group that could decide several, one per person otherwise)."""
        s = self._state
        rec = s.recs["recommendation"]
        review = int(rec.eq("review").sum())
        groups = self._groups()
        sizes = groups.value_counts()
        blank = int(groups.eq(NOTHING).sum())
        held = self._phrase_holders()
        counts = held["text"].value_counts()
        best = (held.assign(n=held["text"].map(counts)).sort_values(["n", "text"],
                                                                    ascending=[False, True])
                .drop_duplicates("row"))
        best = best[best["n"].ge(phrases.MIN_HOLDERS)]
        seconds = (SECONDS_PER_QUESTION * (best["text"].nunique() + int(sizes.ge(2).sum()))
                   + SECONDS_PER_PERSON * (review - blank - len(best) + int(sizes.lt(2).sum())))
        return {"review": review, "remove": int(rec.eq("remove").sum()),
                "keep": int(rec.eq("keep").sum()), "to_confirm": len(groups) - blank,
                "undecided_minutes": math.ceil(seconds / 6) / 10}

    # ------------------------------------------------------------------ questions

    def _shown(self, rows: pd.Index, with_name: bool = False) -> list[str]:
        p = self._people
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

    def questions(self, limit: int | None = None) -> list[Question]:
        """The questions still open, best first (at most `limit`)."""
        found: list[Question] = []
        full = (lambda: limit is not None and len(found) >= limit)  # noqa: E731
        held = self._phrase_holders()
        counts = held["text"].value_counts()
        counts = counts[counts.ge(phrases.MIN_HOLDERS)]
        order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        where = held.drop_duplicates("text").set_index("text")["field"]
        for text, n in order:
            if full():
                return found
            rows = pd.Index(held.loc[held["text"].eq(text), "row"])
            found.append(Question("phrase", f"phrase:{text}", text, self._shown(rows), int(n),
                                  ANSWERS["phrase"], tagging.FIELDS.get(where[text], "")))
        skipped = self._state.skipped
        groups = self._groups()
        asked: set[Any] = set()
        sizes = groups.value_counts()
        for reason, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
            if n < 2 or self._group_key(reason) in skipped:
                continue
            rows = groups.index[groups.eq(reason).to_numpy()]
            asked.update(rows)
            if full():
                return found
            found.append(Question("group", self._group_key(reason), reason,
                                  self._shown(rows, with_name=True), int(n), ANSWERS["group"]))
        rec = self._state.recs["recommendation"]
        review = self._state.recs.index[rec.eq("review").to_numpy()]
        single = groups.index[(~groups.index.isin(list(asked))
                               & ~rec.reindex(groups.index).eq("review")).to_numpy()]
        for i in [*(i for i in review if i not in asked), *single]:
            key = f"person:{i}"
            if key in skipped:
                continue
            if full():
                return found
            found.append(self._person(i))
        return found

    def _person(self, i: Any) -> Question:
        p = self._people
        reason = str(self._state.recs.at[i, "reason"])
        return Question("person", f"person:{i}", str(p.at[i, "name"]) or "(no name)",
                        [*self._shown(pd.Index([i])), reason], 1, ANSWERS["person"],
                        link=str(p.at[i, "link"]) if "link" in p.columns else "")

    def _rows(self, key: str) -> pd.Index:
        """The rows the answer to `key` would decide now."""
        kind, _, rest = key.partition(":")
        if kind == "phrase":
            held = self._phrase_holders()
            return pd.Index(held.loc[held["text"].eq(rest), "row"].unique())
        if kind == "group":
            groups = self._groups()
            return groups.index[groups.map(self._group_key).eq(key).to_numpy()]
        if kind == "person":
            i = self._by_key.get(rest)
            if i is not None and self._open().at[i]:
                return pd.Index([i])
            return pd.Index([])
        raise ValueError(f"{key!r} is not a question of this session.")

    def members(self, key: str) -> list[str]:
        """The profile links of the people the answer to `key` would decide now (people
        whose export shows no profile address are counted by `people` but not listed)."""
        if "link" not in self._people.columns:
            return []
        links = self._people.loc[self._rows(key), "link"].astype(str)
        return [x for x in links if x]

    # ------------------------------------------------------------------ answering

    def answer(self, key: str, answer: str, *, confirm: bool = False) -> Answered:
        """Apply `answer` to the question `key` and record it before returning.

        A phrase takes prospect, complementary, competitor, not my audience or skip; a group or
        a person keep, remove or skip. A phrase answer that would overturn a tag the rules
        file gave for more than a handful of people is not applied unless `confirm` is True:
        the result says so (`applied` False, `confirm` the reason)."""
        kind, _, rest = key.partition(":")
        value = " ".join(str(answer).split()).casefold()
        if kind not in ANSWERS or not rest:
            raise ValueError(f"{key!r} is not a question of this session.")
        if value not in ANSWERS[kind]:
            raise ValueError(f"{answer!r} is not an answer to a {kind} question: answer "
                             + ", ".join(ANSWERS[kind]) + ".")
        before = self._state
        was_open = self._open(before)
        was_review = before.recs["recommendation"].eq("review")
        state = replace(before)
        undo = _Undo(key=key, state=before)
        if kind == "phrase":
            earlier = before.answers.loc[before.answers["key"].eq(phrases.phrase_key(rest)),
                                         "answer"]
            old = str(earlier.iloc[-1]) if len(earlier) else ""
            kept = before.answers[before.answers["key"].ne(phrases.phrase_key(rest))]
            state.answers = pd.concat([kept, pd.DataFrame(
                [{"key": phrases.phrase_key(rest), "phrase": rest, "answer": value,
                  "answered_on": self.as_of.isoformat()}])], ignore_index=True)
            tables = [t for t in {PHRASE_ANSWERS.get(old), PHRASE_ANSWERS.get(value)} if t]
            if tables:
                self._rematch(state, sorted(tables))
                self._judge(state)
            over = self._overridden(before, state)
            if over > phrases.HANDFUL and not confirm:
                return Answered(key, value, applied=False, confirm=(
                    f'answering "{rest}" {value} changes the tag your rules file gave to {over} '
                    "people; confirm to apply it, or answer differently."))
            self._record.answers([(rest, value)])
            undo.answers = [(rest, old)]
        else:
            rows = self._rows(key)
            if value == "skip":
                state.skipped = before.skipped | {key}
            elif len(rows):
                d = before.decisions.copy()
                d.loc[rows, "decision"] = value
                d.loc[rows, "decided_on"] = self.as_of.isoformat()
                state.decisions = d
                self._recommend(state)
                p = self._people
                old_d = before.decisions.loc[rows, "decision"].astype(str)
                self._record.decisions([(str(p.at[i, "url"]), str(p.at[i, "name"]),
                                         str(p.at[i, "company"]), value) for i in rows])
                undo.decisions = [(str(p.at[i, "url"]), str(p.at[i, "name"]),
                                   str(p.at[i, "company"]), old_d.at[i]) for i in rows]
        if kind == "phrase":
            state.skipped = state.skipped | {key}
        self._state = state
        self._history.append(undo)
        decided = int((was_review & state.recs["recommendation"].ne("review")).sum()
                      + (kind != "phrase") * (was_open & ~self._open(state)
                                              & ~was_review).sum())
        return Answered(key, value, applied=True, decided=decided)

    def _overridden(self, before: _State, after: _State) -> int:
        """People whose tag came from the rules file's own keywords and now differs."""
        answered = self._rules(before.answers).answered
        was, keyword = before.tags["tag"], before.tags["keyword"]
        own = pd.Series(False, index=was.index)
        for c in CATEGORIES:
            own |= was.eq(c) & ~keyword.isin(set(answered.get(c, ())))
        now = after.tags["tag"]
        return int((own & now.ne(was) & now.isin(CATEGORIES)).sum())

    def undo(self) -> str | None:
        """Take the last answer back (in memory and in the ledger); the key of the question it
        answered, or None when there is nothing to undo."""
        if not self._history:
            return None
        last = self._history.pop()
        if last.answers:
            self._record.answers(last.answers)
        if last.decisions:
            self._record.decisions(last.decisions)
        self._state = last.state
        return last.key

    def outcome(self) -> pd.DataFrame:
        """Per connection (the export's order): `link`, `name`, `tag`, `recommendation`,
        `reason` and `decision` (keep, remove or "") as they stand now."""
        p, s = self._people, self._state
        return pd.DataFrame({"link": p["link"] if "link" in p.columns else "",
                             "name": p["name"], "tag": s.tags["tag"],
                             "recommendation": s.recs["recommendation"],
                             "reason": s.recs["reason"], "decision": s.decisions["decision"]},
                            index=p.index)

    @property
    def answered(self) -> int:
        """How many answers this session applied (and did not take back)."""
        return len(self._history)
