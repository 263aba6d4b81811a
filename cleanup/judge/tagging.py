"""Connections + Rules -> one tag and a checkable reason per row.

Keywords are compiled into one regular expression per category (a trie, so that ten thousand
keywords cost about as much as ten), run once per *distinct* field value, never per row.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from cleanup import places
from cleanup.errors import Notice, RulesError
from cleanup.judge.excepts import outside
from cleanup.rules import CATEGORIES, KEYWORD_TABLES, UNRELATED, Rules
from cleanup.terms import KEYWORDS, OFF_TARGET, PRECEDENCE, UNKNOWN
from cleanup.text import fold, fold_one, per_distinct

#: Fields a keyword is looked for in, in the order a reason names them.
FIELDS = {"position": "Position", "company": "Company", "industry": "Industry",
          "headline": "Headline"}

_TOKEN = re.compile(r"[^\W_]+[+#]*")
_SEP = r"[\W_]+"
_PLURAL = r"(?:e?s)?"
_PLURAL_ATOM = "<plural>"  # a trie atom of its own, so that "realtor" and "realtors" share a path


# ---------------------------------------------------------------------------- matching

def tokens(text: str) -> tuple[str, ...]:
    """The folded words of a keyword or of matched text: `Real-Estate` -> (real, estate)."""
    return tuple(_TOKEN.findall(fold_one(text)))


class _Trie(dict[str, Any]):
    end = False


def _emit(root: _Trie) -> str:
    """The pattern of a trie, built children first without recursion: a keyword of a
    thousand letters is a trie a thousand levels deep.

    A keyword may not start inside a longer word. That is checked after its first letter,
    `(?<!\\w.)`, rather than before it, `(?<!\\w)` (the same, since the letter is never a line
    break): a pattern that starts with a letter lets the engine skip ahead to the letters
    that can start a keyword, instead of trying the whole pattern at every character."""
    done: dict[int, str] = {}
    stack: list[tuple[_Trie, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in node.values())
            continue
        branches = []
        for atom in sorted(node):
            piece = _SEP if atom == " " else _PLURAL if atom == _PLURAL_ATOM else re.escape(atom)
            if node is root:
                piece += r"(?<!\w.)"
            branches.append(piece + done.pop(id(node[atom])))
        if not branches:
            done[id(node)] = ""
            continue
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        done[id(node)] = f"(?:{body})?" if node.end else body
    return done[id(root)]


@functools.lru_cache(maxsize=32)
def compile_keywords(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any keyword as whole words, or None for no keywords.

    Matching happens on folded text (`fold`), so case and accents never matter. Each word may
    carry a plural ending; words are separated by any run of spaces or punctuation; the match
    may not start or end inside a longer word (`seo` never matches `Seoul`).
    """
    root = _Trie()
    for kw in keywords:
        words = tokens(kw)
        if not words:
            continue
        node = root
        for i, word in enumerate(words):
            for atom in ([" "] if i else []) + list(word) + [_PLURAL_ATOM]:
                node = node.setdefault(atom, _Trie())
        node.end = True
    if not root:
        return None
    try:
        return re.compile(rf"(?:{_emit(root)})(?!\w)")
    except RecursionError:  # hundreds of keywords each the start of the next nest too deeply
        raise RulesError("the keywords nest too deeply to be matched: hundreds of keywords "
                         "each begin with the one before. Keep the ones that describe whole "
                         "job titles.", hint="rules") from None


def _singulars(word: str) -> list[str]:
    forms = [word]
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def keyword_of(matched: str, index: dict[tuple[str, ...], str]) -> str:
    """Which keyword a piece of matched text came from (undoing plural endings)."""
    for combo in itertools.product(*(_singulars(w) for w in tokens(matched))):
        if combo in index:
            return index[combo]
    return matched  # cannot happen for text the pattern matched; keep it visible if it does


@dataclass(frozen=True)
class Matches:
    """Which keywords of each category matched each row, field by field."""

    # (category, field) -> Series of lists of keywords (empty list when none matched)
    hits: dict[tuple[str, str], pd.Series]
    index: pd.Index  # the rows of `people`, also when no field was there to search

    def first(self, category: str, fields: Sequence[str]) -> tuple[pd.Series, pd.Series]:
        """The first keyword of `category` per row (by field order) and the field it is in."""
        keyword = np.full(len(self.index), "", dtype=object)
        where = keyword.copy()
        for f in reversed(fields):  # earlier fields win, so they are written last
            s = self.hits.get((category, f))
            if s is None:
                continue
            # Lists of keywords, mostly empty: their lengths at C speed, then the first
            # keyword of the others only.
            lists = s.to_numpy(dtype=object)
            found = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)) > 0
            keyword[found] = np.fromiter((kws[0] for kws in lists[found]), dtype=object,
                                         count=int(found.sum()))
            where[found] = FIELDS[f]
        return (pd.Series(keyword, index=self.index, dtype=object),
                pd.Series(where, index=self.index, dtype=object))


#: Between two texts scanned as one string. No match can run across it: a keyword is folded
#: (lower case) and so never holds `Z`, which as a letter also stops a run of separators;
#: the line breaks make each text start and end as a string does for `(?<!\w)` and `(?!\w)`.
_APART = "\nZ\n"


class Joined(NamedTuple):
    """Texts scanned as one string: `text` is them joined by `_APART`, `starts` where each
    one begins in it."""

    text: str
    starts: list[int]
    size: int  # how many texts


def joined(values: list[str]) -> Joined:
    """`values` joined for `found_each`: built once per field, scanned once per table."""
    starts = list(itertools.accumulate((len(v) + len(_APART) for v in values[:-1]),
                                       initial=0))
    return Joined(_APART.join(values), starts, len(values))


#: The keywords of a text nothing matched: one list shared by every such text, never changed.
_NONE: list[str] = []


@functools.lru_cache(maxsize=32)
def _by_length(words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The pattern of `words` once per number of words in a phrase.

    At one place in a text, two matches of the same number of words end at the same place (a
    word ends where the text's word ends), so one match per place per pattern is every stretch
    of text a phrase covers there, however the phrases overlap one another."""
    groups: dict[int, list[str]] = {}
    for word in words:
        if size := len(tokens(word)):
            groups.setdefault(size, []).append(word)
    return tuple(p for size in sorted(groups)
                 if (p := compile_keywords(tuple(groups[size]))) is not None)


def found_each(values: list[str] | Joined, pattern: re.Pattern[str],
               index: dict[tuple[str, ...], str],
               excepts: tuple[str, ...] = ()) -> list[list[str]]:
    """The keywords `pattern` finds in each of `values` (folded texts), leaving out a match
    that lies inside an occurrence of one of the `excepts` phrases (`owner` inside `product
    owner`). One scan over them all joined by `_APART` instead of one per text: only the
    matches cost Python work, and each distinct piece of matched text is traced back to its
    keyword once. A text in which an excepted phrase occurs is looked at on its own, for
    every occurrence of every keyword and phrase, overlapping ones too."""
    texts = values if isinstance(values, Joined) else joined(values)
    text, starts = texts.text, texts.starts
    traced: dict[str, str] = {}
    found: dict[int, list[str]] = {}
    excepted = compile_keywords(excepts) if excepts else None
    apart = set() if excepted is None else {
        bisect.bisect_right(starts, m.start()) - 1 for m in excepted.finditer(text)}
    if apart:
        every, covering = _by_length(tuple(index.values())), _by_length(excepts)
    for i in sorted(apart):
        end = starts[i + 1] - len(_APART) if i + 1 < texts.size else len(text)
        value = text[starts[i]:end]
        found[i] = [keyword_of(value[a:b], index)
                    for a, b in outside(value, every, covering)]
    for m in pattern.finditer(text):
        start = m.start()
        i = bisect.bisect_right(starts, start) - 1
        if i in apart:
            continue
        matched = m.group()
        keyword = traced.get(matched)
        if keyword is None:
            keyword = traced[matched] = keyword_of(matched, index)
        found.setdefault(i, []).append(keyword)
    each = [_NONE] * texts.size
    for i, keywords in found.items():
        each[i] = list(dict.fromkeys(keywords))
    return each


def match(people: pd.DataFrame, rules: Rules) -> Matches:
    """Run every table's keywords (the categories', then `[unrelated]`'s) over every field
    present in `people`; a match inside one of the table's `except` phrases does not count."""
    fields = [f for f in FIELDS if f in people.columns]
    hits: dict[tuple[str, str], pd.Series] = {}
    # Each field's distinct folded values, once for all the tables.
    distinct: dict[str, tuple[np.ndarray, Joined]] = {}
    for f in fields:
        codes, values = pd.factorize(fold(people[f]).to_numpy(dtype=object))
        distinct[f] = codes, joined(list(values))
    for category in KEYWORD_TABLES:
        words = rules.keywords.get(category, ())
        pattern = compile_keywords(words)
        excepts = tuple(rules.excepts.get(category, ()))
        index = {tokens(w): w for w in words}
        for f in fields:
            if pattern is None:
                hits[(category, f)] = pd.Series([[]] * len(people), index=people.index,
                                                dtype=object)
                continue
            codes, values = distinct[f]
            found = np.fromiter(found_each(values, pattern, index, excepts), dtype=object,
                                count=values.size)
            hits[(category, f)] = pd.Series(found[codes], index=people.index, dtype=object)
    return Matches(hits=hits, index=people.index)


# ---------------------------------------------------------------------------- tagging

#: The notice when the location rule has nothing to work on; its remedy (enrichment files)
#: is an option, which the command line names by its flag.
NO_LOCATION = Notice("", None, code="no-location", hint="enrich",
                     fix="add enrichment files with a Location column",
                     template="no location is known: LinkedIn's export has none; {fix} to use "
                              "the location rule. Until then no one is tagged " + OFF_TARGET
                              + ".")
#: The same sentence where it stands on its own (the Summary sheet, the report's first screen).
NO_LOCATION_NOTE = NO_LOCATION.message[:1].upper() + NO_LOCATION.message[1:]


def location_unknown(people: pd.DataFrame, rules: Rules) -> bool:
    """True when the rules are local but no connection has a known place, so that the
    location rule can tag no one: the run says so rather than stay silent."""
    return rules.scope == "local" and ("place" not in people.columns or not people[
        "place"].map(lambda p: p is not None).any())


def no_profile(people: pd.DataFrame) -> pd.Series:
    """Per row: shows no Position and no Company (a hidden or an empty profile), so that
    nothing tells who they are."""
    empty = pd.Series(True, index=people.index)
    for f in ("position", "company"):
        if f in people.columns:
            empty &= per_distinct(people[f], str.strip).eq("")
    return empty


def off_target(people: pd.DataFrame, rules: Rules) -> tuple[pd.Series, pd.Series]:
    """The location rule (local scope only): whether each row's place is known to lie outside
    every location of the rules, and why (`Berlin, Germany is outside Texas`)."""
    off = pd.Series(False, index=people.index)
    off_reason = pd.Series("", index=people.index, dtype=object)
    if rules.scope == "local" and "place" in people.columns:
        # Each distinct place judged once; no place (code -1) takes the last slot.
        codes, distinct = pd.factorize(people["place"].to_numpy(dtype=object))
        verdict = np.array([bool(places.off_target(p, rules.targets)) for p in distinct]
                           + [False], dtype=bool)
        outside = np.array([f"{p.label} is outside {rules.target_label}"
                            for p in distinct] + [""], dtype=object)
        off = pd.Series(verdict[codes], index=people.index)
        off_reason = pd.Series(outside[codes], index=people.index, dtype=object)
    return off, off_reason


#: A rule of its own for each tag not found by keywords, under the name its registry entry
#: gives (`terms.TagInfo.rule`): per row, whether it applies and why (read where it applies;
#: the reason is the tag's name, a colon and this).
TAG_RULES: dict[str, Callable[[pd.DataFrame, Rules], tuple[pd.Series, pd.Series]]] = {
    "location": off_target,
}


def tag(people: pd.DataFrame, rules: Rules, matches: Matches | None = None) -> pd.DataFrame:
    """Tag and reason per row: the first tag whose rule applies, in the registry's order of
    precedence (off-target location, prospect, complementary, competitor), else unknown.

    `people` has the canonical columns of `read.connections.Connections.people` (any of
    `position`, `company` may be missing) and, when enrichment was given, `industry`,
    `headline` and `place` (a `places.Place` or None).
    Returns a frame with `tag`, `tag_reason`, `keyword`, `field` and `unrelated` (True for an
    unknown row an `[unrelated]` keyword matched: not the user's audience) on the same index.
    """
    matches = matches or match(people, rules)
    fields = [f for f in FIELDS if f in people.columns]
    first = {c: matches.first(c, fields) for c in CATEGORIES}
    has = {c: first[c][0].ne("") for c in CATEGORIES}

    conditions: list[pd.Series] = []
    choices: list[str] = []
    ruled: dict[str, pd.Series] = {}  # tag -> reason, for the tags with a rule of their own
    for info in PRECEDENCE:
        if info.rule == KEYWORDS:
            conditions.append(has[info.name])
        elif info.rule:
            applies, ruled[info.name] = TAG_RULES[info.rule](people, rules)
            conditions.append(applies)
        else:  # unknown: what no rule tagged
            continue
        choices.append(info.name)
    tags = pd.Series(np.select(conditions, choices, default=UNKNOWN), index=people.index,
                     dtype=object)
    # The same choice as masks, one per tag: the first condition that holds.
    is_tag: dict[str, pd.Series] = {}
    taken = pd.Series(False, index=people.index)
    for choice, condition in zip(choices, conditions, strict=True):
        is_tag[choice] = condition & ~taken
        taken = taken | condition
    unknown = ~taken
    tagged = functools.reduce(lambda a, b: a | b, (is_tag[c] for c in CATEGORIES))

    def said(category: str, rows: pd.Series) -> pd.Series:
        """What `category` found, for the `rows` only: a reason is text built row by row."""
        kw, where = first[category]
        return category + ': "' + kw[rows] + '" in ' + where[rows]

    reason = pd.Series("", index=people.index, dtype=object)
    for category in CATEGORIES:
        on = is_tag[category]
        reason = reason.mask(on, said(category, on))
    # Signals that pulled the other way are named too, so the precedence can be checked.
    for category in CATEGORIES:
        also = tagged & ~is_tag[category] & has[category]
        reason = reason.mask(also, reason[also] + "; also " + said(category, also))
    for name, why in ruled.items():
        on = is_tag[name]
        reason = reason.mask(on, name + ": " + why[on])
    hidden = (people["hidden"] if "hidden" in people.columns
              else pd.Series(False, index=people.index))
    searched = " or ".join(FIELDS[f] for f in fields)
    reason = reason.mask(unknown, f"{UNKNOWN}: no keyword matched {searched}"
                         if fields else f"{UNKNOWN}: no Position or Company to match")
    reason = reason.mask(unknown & no_profile(people),
                         f"{UNKNOWN}: no Position and no Company to judge by")
    reason = reason.mask(unknown & hidden, f"{UNKNOWN}: hidden by LinkedIn (the member "
                         "does not share their data in exports): no Position and no Company "
                         "to judge by")
    other, other_where = matches.first(UNRELATED, fields)
    unrelated = unknown & ~hidden.astype(bool) & other.ne("")
    reason = reason.mask(unrelated, f'{UNKNOWN}: not your audience ("' + other[unrelated]
                         + '" in ' + other_where[unrelated] + ")")

    keyword = pd.Series("", index=people.index, dtype=object)
    where = pd.Series("", index=people.index, dtype=object)
    for category in CATEGORIES:
        keyword = keyword.mask(is_tag[category], first[category][0])
        where = where.mask(is_tag[category], first[category][1])
    return pd.DataFrame({"tag": tags, "tag_reason": reason, "keyword": keyword,
                         "field": where, "unrelated": unrelated.astype(bool)},
                        index=people.index)
