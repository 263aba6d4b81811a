"""The phrases worth answering for the people no keyword decided: `phrase_candidates`.

A phrase is a word or two neighbouring words of a Position, or the last word or two of a
Company name, held by the people still undecided. What is left out, and why:

- **stop words** of English and of every other language the titles use (`lexicon`);
- **grade words** ("senior", "global") and **generic role words** alone ("manager"); owner and
  leader words are kept ("owner", "founder", "ceo", "president", "partner", "principal"):
  for a business that sells to small firms they are the prospects;
- **legal forms** ("llc", "gmbh", "plc", "ab") and **place names** ("austin", "texas");
- **fragments**: a phrase is made of whole words of the text, split at spaces and clause
  punctuation only, so "H-E-B" is one word and never yields "e b";
- a word that nearly always comes inside one two-word phrase (`NESTED_SHARE`): "electrical"
  when most of its holders are "electrical engineer"s. One question covers one group.

Abbreviations and their long forms are one phrase (`lexicon.ALIASES`): "Chief Executive
Officer" is held as "ceo", and an answer to either applies to both (`Rules.with_answers`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cleanup import lexicon, places
from cleanup.judge.tagging import compile_keywords, keyword_of, tokens
from cleanup.model import Answers
from cleanup.rules import Rules
from cleanup.terms import UNKNOWN
from cleanup.text import fold_one, per_distinct

#: A phrase held by fewer people decides no more than answering for them one by one.
MIN_HOLDERS = 2
#: A word is merged into a two-word phrase that holds at least this share of its holders.
NESTED_SHARE = 0.75
#: Examples of real Positions (with the Company, for a Company phrase) per phrase.
EXAMPLES = 3
#: Longer text is cut before it is split (LinkedIn's Headline, the longest field, holds 220).
_CHARS = 300
#: Where a clause ends: a phrase never spans "Plumber, Master" or "Owner / Operator". A dash
#: ends one only with a space beside it: "Co-Founder" and "H-E-B" are words.
_BREAK = re.compile(r"[,;:|/\\()\[\]{}·•!?\"“”<>]|\s[-&+@]+\s?|[-&+@]\s")
_EDGE = ".'’\"*-_~=!`^"
_ALIAS = "_"  # joins the words of an alias's shown form, so that it stays one word


@dataclass(frozen=True, eq=False)
class Candidate:
    """A phrase to ask about, and who holds it.

    `phrase` is the text to show and to answer (the Phrase cell); `forms` every form an
    answer turns into keywords (`phrase` first: `ceo`, `chief executive officer`); `field`
    "Position", or "Company" when most holders hold it in their Company name only (a weaker
    sign of who they are); `people` the index labels of the rows of `people` that hold any
    form; `examples` up to `EXAMPLES` of their Positions, "Position (Company)" for a Company
    phrase.
    """

    phrase: str
    forms: tuple[str, ...]
    field: str
    people: pd.Index
    examples: tuple[str, ...]

    @property
    def key(self) -> str:
        """The phrase as keyword matching and the answer ledger compare it."""
        return lexicon.key(self.phrase)


def undecided(people: pd.DataFrame) -> pd.Series:
    """The rows a phrase answer could still decide: tagged unknown, not matched by an
    `[unrelated]` keyword, not hidden by LinkedIn."""
    unknown = people["tag"].eq(UNKNOWN) if "tag" in people else pd.Series(True,
                                                                          index=people.index)
    unrelated = people.get("unrelated", pd.Series(False, index=people.index)).astype(bool)
    hidden = people.get("hidden", pd.Series(False, index=people.index)).astype(bool)
    return unknown & ~unrelated & ~hidden


@functools.cache
def _aliases() -> tuple[re.Pattern[str] | None, dict[tuple[str, ...], str]]:
    """The pattern of every alias form but the ambiguous ones, and form -> shown form."""
    shown = {tokens(f): g[0].replace(" ", _ALIAS) for g in lexicon.ALIASES for f in g
             if f not in lexicon.AMBIGUOUS}
    return compile_keywords(tuple(" ".join(t) for t in shown)), shown


def _clauses(text: str) -> list[list[str]]:
    """The words of a text, clause by clause, aliases made one word in their shown form."""
    folded = fold_one(text[:_CHARS])
    pattern, shown = _aliases()
    if pattern is not None:
        folded = pattern.sub(lambda m: " " + keyword_of(m.group(), shown) + " ", folded)
    out = []
    for clause in _BREAK.split(folded):
        words = [w for w in (w.strip(_EDGE) for w in clause.split()) if w]
        if words:
            out.append(words)
    return out


class _Words:
    """Which words may be a phrase or part of one, judged once per distinct word."""

    def __init__(self, stop: frozenset[str]) -> None:
        self.stop = stop | lexicon.GRADE_WORDS
        self.legal = lexicon.legal_forms()
        self.part: dict[str, bool] = {}

    def key(self, word: str) -> str:
        return lexicon.key(word.replace(_ALIAS, " "))

    def usable(self, word: str) -> bool:
        """May be part of a phrase: not a stop, grade or legal word, a number or a place."""
        ok = self.part.get(word)
        if ok is None:
            k = self.key(word)
            ok = self.part[word] = bool(k) and not k[0].isdigit() and len(
                k.replace(" ", "")) > 1 and k not in self.stop and k not in self.legal and (
                _ALIAS in word or places.resolve(k) is None)
        return ok

    def alone(self, word: str) -> bool:
        """May be a phrase on its own: usable, and not a generic role word."""
        return self.usable(word) and self.key(word) not in lexicon.ROLE_WORDS


def _position_terms(clauses: list[list[str]], words: _Words) -> Iterable[tuple[str, str, str]]:
    """(shown text, first word, second word or "") of each phrase of a Position."""
    for clause in clauses:
        for i, w in enumerate(clause):
            if words.alone(w):
                yield w, w, ""
            if i + 1 < len(clause):
                nxt = clause[i + 1]
                both_roles = (words.key(w) in lexicon.ROLE_WORDS
                              and words.key(nxt) in lexicon.ROLE_WORDS)
                if not both_roles and words.usable(w) and words.usable(nxt) \
                        and places.resolve(f"{words.key(w)} {words.key(nxt)}") is None:
                    yield f"{w} {nxt}", w, nxt


def _company_terms(clauses: list[list[str]], words: _Words) -> Iterable[tuple[str, str, str]]:
    """The trade words of a company name: its last word and its last two, legal forms and
    stop words at its end left out (`Lone Star Auto Service, LLC` -> `service`, `auto
    service`). The place and family names that start company names decide nothing."""
    while clauses and not any(words.usable(w) for w in clauses[-1]):
        clauses = clauses[:-1]
    if not clauses:
        return
    last = list(clauses[-1])
    while last and not words.usable(last[-1]):
        last.pop()
    if last and words.alone(last[-1]):
        yield last[-1], last[-1], ""
    if len(last) > 1 and words.usable(last[-2]):
        yield f"{last[-2]} {last[-1]}", last[-2], last[-1]


def _held(people: pd.DataFrame) -> pd.DataFrame:
    """One row per (person, phrase): row, field, shown, key, first, second, and code (which
    distinct text of the field it was found in)."""
    columns = ["row", "field", "shown", "key", "first", "second", "code"]
    texts: dict[str, tuple[pd.Series, list[str], list[list[list[str]]]]] = {}
    for f in ("position", "company"):
        if f not in people.columns:
            continue
        codes, distinct = pd.factorize(people[f].fillna("").astype(str).to_numpy(dtype=object))
        texts[f] = (pd.Series(codes, index=people.index), list(distinct),
                    [_clauses(t) for t in distinct])
    counts: dict[frozenset[str], int] = {}  # the words of each Position: its language
    for codes, _, split in [texts[f] for f in ("position",) if f in texts]:
        sizes = codes[codes.ge(0)].value_counts()
        for code, n in sizes.items():
            held = frozenset(lexicon.key(w) for c in split[int(code)] for w in c)
            counts[held] = counts.get(held, 0) + int(n)
    words = _Words(lexicon.stop_words_for(counts.items()))
    parts = []
    for f, (codes, _, split) in texts.items():
        terms = _position_terms if f == "position" else _company_terms
        per_text = pd.DataFrame([(code, shown, a, b) for code, c in enumerate(split)
                                 for shown, a, b in dict.fromkeys(terms(c, words))],
                                columns=["code", "shown", "first", "second"])
        rows = pd.DataFrame({"row": codes.index.to_numpy(), "code": codes.to_numpy()})
        parts.append(rows.merge(per_text, on="code").assign(
            field="Company" if f == "company" else "Position"))
    if not parts:
        return pd.DataFrame(columns=columns)
    held = pd.concat(parts, ignore_index=True)
    keys = {s: words.key(s) for s in pd.unique(held["shown"])}
    held["key"] = held["shown"].map(keys)
    held["shown"] = held["shown"].map({s: s.replace(_ALIAS, " ") for s in keys})
    return held[columns]


def _merged(held: pd.DataFrame) -> pd.DataFrame:
    """`held` without the words that nearly always come inside one two-word phrase of
    Positions or of several company names."""
    per = held.drop_duplicates(["row", "key"])
    n = per["key"].value_counts()
    pairs = per[per["second"].ne("")]
    # A pair of one company name alone ("Lone Oak Kitchen": "oak kitchen") is that company,
    # not a group of people: its words stay questions of their own.
    texts = pairs.drop_duplicates(["key", "field", "code"]).groupby("key").size()
    on_position = pairs[pairs["field"].eq("Position")]["key"].unique()
    pairs = pairs.drop_duplicates(["key"])[["key", "first", "second"]]
    pairs = pairs[pairs["key"].map(texts).ge(2) | pairs["key"].isin(on_position)]
    lost: set[str] = set()
    for side in ("first", "second"):
        word = pairs[side].map(lambda w: lexicon.key(w.replace(_ALIAS, " ")))
        share = pairs["key"].map(n) / word.map(n)
        lost |= set(word[share.ge(NESTED_SHARE)])
    return held[~held["key"].isin(lost)]


def _examples(rows: pd.DataFrame, people: pd.DataFrame, company: set[str]
              ) -> dict[str, tuple[str, ...]]:
    """Per key, up to EXAMPLES distinct Positions of its holders; "Position (Company)" for
    the keys of Company phrases (`company`)."""
    rows = rows.drop_duplicates(["key", "row"])
    empty = pd.Series("", index=people.index, dtype=object)

    def texts(field: str) -> pd.Series:
        values = people.get(field, empty).reindex(rows["row"].to_numpy())
        return per_distinct(values, str.strip).set_axis(rows.index)

    pos, com = texts("position"), texts("company")
    on_company = rows["key"].isin(company) & com.ne("")
    text = pos.mask(on_company, (pos + " (" + com + ")").where(pos.ne(""), com))
    shown = pd.DataFrame({"key": rows["key"], "text": text})
    shown = shown[shown["text"].ne("")].drop_duplicates().groupby(
        "key", sort=False).head(EXAMPLES)
    out: dict[str, list[str]] = {}
    for k, t in zip(shown["key"].tolist(), shown["text"].tolist(), strict=True):
        out.setdefault(k, []).append(t)
    return {k: tuple(v) for k, v in out.items()}


def holdings(people: pd.DataFrame) -> pd.DataFrame:
    """Every phrase each row of `people` holds, before anything is taken out for being
    listed in the rules or answered: `row`, `key`, `shown`, `field` (once per row and key)."""
    held = _merged(_held(people))
    return held.drop_duplicates(["row", "key"])[["row", "key", "shown", "field"]]


def phrase_candidates(people: pd.DataFrame, rules: Rules, answers: Answers | None = None, *,
                      min_holders: int = MIN_HOLDERS) -> list[Candidate]:
    """The phrases worth answering for the undecided rows of `people`, most holders first
    (ties by phrase).

    `people` is the people frame of a run (`Result.people`): `position`, `company`, and the
    `tag`, `unrelated` and `hidden` columns that say who is undecided (`undecided`); without
    `tag`, every row counts. A phrase that any keyword of `rules` or any answer of `answers`
    already names, in any of its forms, is not offered; nor one held by fewer than
    `min_holders` people.
    """
    pool = people[undecided(people)]
    return from_holdings(pool, free_holdings(holdings(pool), rules, answers),
                         min_holders=min_holders)


def free_holdings(held: pd.DataFrame, rules: Rules, answers: Answers | None) -> pd.DataFrame:
    """The rows of `held` (`holdings`) whose phrase no keyword of `rules` and no answer of
    `answers` names in any of its forms."""
    taken = {lexicon.key(k) for ws in rules.keywords.values() for k in ws}
    if answers is not None:
        taken |= {lexicon.key(f) for p in answers.standing["phrase"] for f in lexicon.forms(p)}
    pairs = held.drop_duplicates("key")[["key", "shown"]].itertuples(index=False)
    free = {k for k, s in pairs
            if not any(lexicon.key(f) in taken for f in lexicon.forms(lexicon.canonical(s)))}
    return held[held["key"].isin(free)]


def from_holdings(pool: pd.DataFrame, free: pd.DataFrame, *, min_holders: int,
                  limit: int | None = None) -> list[Candidate]:
    """`phrase_candidates` of the rows of `pool`, whose `free_holdings` are `free`; the
    first `limit` only, when given."""
    n = free["key"].value_counts()
    free = free[free["key"].map(n).ge(min_holders)]
    if free.empty:
        return []
    shown = shown_forms(free)
    order = sorted(shown, key=lambda k: (-n[k], shown[k]))[:limit]
    free = free[free["key"].isin(set(order))]
    on_position = free[free["field"].eq("Position")].groupby("key")["row"].nunique().to_dict()
    members = free.groupby("key", sort=False)["row"].agg(list).to_dict()
    field = {k: "Position" if 2 * on_position.get(k, 0) >= len(members[k]) else "Company"
             for k in order}
    examples = _examples(free, pool, {k for k, f in field.items() if f == "Company"})
    out = []
    for k in order:
        phrase = lexicon.canonical(shown[k])
        out.append(Candidate(phrase=phrase, forms=lexicon.forms(phrase), field=field[k],
                             people=pd.Index(members[k]), examples=examples.get(k, ())))
    return out


def shown_forms(held: pd.DataFrame) -> dict[str, str]:
    """Per key of `held`, the way most of its holders write it (ties: the first A to Z)."""
    top = (held.groupby(["key", "shown"]).size().rename("n").reset_index()
           .sort_values(["key", "n", "shown"], ascending=[True, False, True])
           .drop_duplicates("key"))
    return dict(zip(top["key"], top["shown"], strict=True))
