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

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cleanup import pipeline
from cleanup.judge import phrases, recommend, tagging
from cleanup.limits import KEYWORD_CHARS
from cleanup.model import Answers
from cleanup.read.identity import person_ids
from cleanup.rules import CATEGORIES, KEYWORD_TABLES, UNRELATED, Rules, load
from cleanup.session import asking, record
from cleanup.session.asking import ANSWERS, Question
from cleanup.session.phrasing import candidate_phrases
from cleanup.terms import PHRASE_ANSWERS
from cleanup.text import fold


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
        self._compared: dict[str, pd.Series] = {}  # the list columns, compared once
        empty = pd.Series(True, index=self._people.index)
        for f in ("position", "company"):
            if f in self._people.columns:
                empty &= self._people[f].fillna("").astype(str).str.strip().eq("")
        self._blank = empty | self._people.get("hidden", pd.Series(False, index=empty.index)
                                               ).astype(bool)
        self._anonymous = person_ids(self._people["url"], self._people["name"],
                                     self._people["company"])["id"].eq("")
        for f in self._fields:
            codes, values = pd.factorize(fold(self._people[f]).to_numpy(dtype=object))
            self._distinct[f] = codes, tagging.joined(list(values))
        answered = result.phrases.answers
        decided = result.decisions
        self._record = record.Recorder(
            out, self.as_of,
            decided.ledger.tail(decided.added) if decided.ledger is not None else None,
            answered.ledger.tail(answered.added) if answered.ledger is not None else None,
            taken=decided.scan)
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
             new_history: bool = False,
             progress: Callable[[str], None] = lambda _: None) -> Session:
        """Read and judge `export` as `run` does, with the decisions and phrase answers of
        `out` (its ledgers and earlier workbooks). Nothing is written until an answer."""
        checked = rules if isinstance(rules, Rules) else load(rules)
        out = Path(out)
        stack = ExitStack()
        stack.enter_context(record.lock(out))
        try:
            result = pipeline.analyse(export, checked, enrich=enrich, out=out,
                                      previous=previous, as_of=as_of,
                                      new_history=new_history, progress=progress)
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
            excepts = tuple(rules.excepts.get(table, ()))
            found_of = {tagging.tokens(w): w for w in words}
            for f in self._fields:
                if pattern is None:
                    hits[(table, f)] = pd.Series([[]] * len(index), index=index, dtype=object)
                    continue
                codes, values = self._distinct[f]
                found = np.fromiter(tagging.found_each(values, pattern, found_of, excepts),
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
                                         decisions=state.decisions, compared=self._compared)

    # ------------------------------------------------------------------ asking

    def _board(self, state: _State | None = None) -> asking.Board:
        s = state or self._state
        gone = self._taken | set(s.answers["key"]) | {
            k.removeprefix("phrase:") for k in s.skipped if k.startswith("phrase:")}
        return asking.Board(people=self._people, tags=s.tags, recs=s.recs,
                            decisions=s.decisions, by_answer=s.by_answer, blank=self._blank,
                            anonymous=self._anonymous,
                            candidates=self._candidates, distinct=self._distinct,
                            gone=frozenset(gone),
                            skipped=s.skipped, target_label=self.rules_file.target_label)

    def questions(self, limit: int | None = None) -> list[Question]:
        """The questions still open, best first (at most `limit`): phrases by how many
        people still in Review hold them, then groups, then people one at a time."""
        return asking.questions(self._board(), limit)

    def left(self) -> dict[str, float]:
        """review: still in Review; remove: recommended for removal (`to_confirm` of them
        not confirmed yet); keep: kept; anonymous: in Review with neither a profile address
        nor a name (no answer about them could be remembered, so none is asked);
        undecided_minutes: about how long the rest takes."""
        return asking.left(self._board())

    def _rows(self, key: str) -> pd.Index:
        kind, _, rest = key.partition(":")
        return asking.rows_of(self._board(), key,
                              self._by_key.get(rest) if kind == "person" else None)

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
        if (kind not in ANSWERS or (kind == "phrase" and (
                len(rest) > KEYWORD_CHARS or not phrases.phrase_key(rest)))
                or (kind == "person" and rest not in self._by_key)
                or (kind == "group" and not rest)):
            raise ValueError(f"{key!r} is not a question of this session.")
        if value not in ANSWERS[kind]:
            raise ValueError(f"{answer!r} is not an answer to a {kind} question: answer "
                             + ", ".join(ANSWERS[kind]) + ".")
        before = self._state
        was_open = asking.open_rows(self._board(before))
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
                      + (kind != "phrase") * (was_open & ~asking.open_rows(self._board(state))
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
        last = self._history[-1]  # taken off only once the ledger says so
        if last.answers:
            self._record.answers(last.answers)
        if last.decisions:
            self._record.decisions(last.decisions)
        self._history.pop()
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
