"""Decide by phrase: the words and phrases that would decide the most untagged people, and
what the user's answers to them did.

Nobody reviews two thousand rows by hand, but anybody can answer a hundred phrases. The
phrases are the words and two-word phrases of the Positions and Companies of the connections
no keyword decided that are worth answering (`candidates.phrase_candidates`: owner words in,
stop words, legal forms, places and fragments out, an abbreviation one phrase with its long
form), ranked by how many of those people hold them. An answer turns its phrase and its other
forms into keywords of its category (`Rules.with_answers`): no model, the user's own answers
applied exactly, and after the rules file's own keywords, which win where both speak.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from cleanup import lexicon
from cleanup.errors import Notice
from cleanup.judge.candidates import (
    EXAMPLES,
    free_holdings,
    from_holdings,
    holdings,
    shown_forms,
    undecided,
)
from cleanup.judge.candidates import MIN_HOLDERS as MIN_HOLDERS  # the session's too
from cleanup.judge.tagging import FIELDS, Matches, no_profile
from cleanup.model import Answers, Coverage, Phrases
from cleanup.rules import CATEGORIES, UNRELATED, Rules
from cleanup.terms import NO_PROFILE_KEY, NO_PROFILE_PHRASE, PHRASE_ANSWERS, UNKNOWN

#: How many phrases the sheet offers (at most; fewer when fewer are held by MIN_HOLDERS
#: people).
TOP = 100
#: An answer that outranks the rules file's tag for more people than this gets a warning.
HANDFUL = 5


def phrase_key(text: str) -> str:
    """The words of a phrase as keyword matching sees them: `Software-Engineers ` and
    `software engineers` are the same phrase."""
    return lexicon.key(str(text))


def _any_of(matches: Matches, table: str, fields: list[str], words: set[str]) -> pd.Series:
    """Per row: did a keyword of `words` of `table` match in any field?"""
    hit = np.zeros(len(matches.index), dtype=bool)
    if not words:
        return pd.Series(hit, index=matches.index)
    for f in fields:
        s = matches.hits.get((table, f))
        if s is None:
            continue
        # Rows with the same field value share one list object: judge each list once.
        values = s.to_numpy()
        codes, _ = pd.factorize(np.fromiter(map(id, values), dtype=np.int64,
                                            count=len(values)))
        _, first = np.unique(codes, return_index=True)
        verdict = np.fromiter((not words.isdisjoint(values[i]) for i in first), dtype=bool,
                              count=len(first))
        hit |= verdict[codes]
    return pd.Series(hit, index=matches.index)


def applied(rules: Rules, answers: Answers) -> Rules:
    """The rules with the standing answers: answered phrases as keywords of their table
    (`Rules.with_answers`), and the answer for the people with no Position and no Company in
    place of `[business] no_profile`."""
    with_answers = rules.with_answers(answers.keywords())
    policy = answers.no_profile()
    return with_answers if policy is None else replace(with_answers, no_profile=policy)


def judge(people: pd.DataFrame, tags: pd.DataFrame, matches: Matches, rules: Rules,
          answers: Answers) -> tuple[pd.DataFrame, int, list[Notice]]:
    """What the answers did: `tags` with reasons that name the answer that decided them, how
    many connections the answers decided (their tag or audience differs from what the rules
    file alone gives), and warnings.

    `rules` are the rules with the answers (`Rules.with_answers`); `tags` and `matches` what
    tagging returned for them.
    """
    fields = [f for f in FIELDS if f in people.columns]
    answered = {t: set(rules.answered.get(t, ())) for t in (*CATEGORIES, UNRELATED)}
    notices: list[Notice] = []
    listed = {phrase_key(k): t for t in (*CATEGORIES, UNRELATED)
              for k in rules.keywords.get(t, ()) if k not in answered[t]}
    for table, phrases in answers.keywords().items():
        for p in phrases:
            if p not in answered[table] and listed.get(phrase_key(p), table) != table:
                notices.append(Notice("phrases.csv", None, f'your answer for "{p}" is not '
                                      f"applied: the rules file lists it under "
                                      f"[{listed[phrase_key(p)]}], and the rules file wins.",
                                      code="answer-overruled"))
    if not any(answered.values()):
        return tags, 0, notices

    own = {t: _any_of(matches, t, fields, set(rules.keywords.get(t, ())) - answered[t])
           for t in (*CATEGORIES, UNRELATED)}
    tag = tags["tag"]
    before = pd.Series(UNKNOWN, index=tags.index, dtype=object)
    for c in reversed(CATEGORIES):
        before = before.mask(own[c], c)
    # A tag with a rule of its own was not an answer's doing, whichever rule is asked first.
    before = before.mask(~tag.isin(CATEGORIES) & tag.ne(UNKNOWN), tag)
    hidden = people.get("hidden", pd.Series(False, index=tags.index)).astype(bool)
    before_unrelated = before.eq(UNKNOWN) & own[UNRELATED] & ~hidden
    decided = tag.ne(before) | (tags["unrelated"].astype(bool) & ~before_unrelated)

    # Each form an answer added as a keyword ("chief executive officer" for "ceo") names it.
    on = {f: when for phrase, when in zip(answers.standing["phrase"],
                                          answers.standing["answered_on"], strict=True)
          for f in lexicon.forms(phrase)}
    reason = tags["tag_reason"].copy()
    keyword = tags["keyword"]
    def name_answer(rows: pd.Series, phrase: pd.Series) -> None:
        if rows.any():  # only the rows an answer decided: string sums cost per row
            reason[rows] = (reason[rows] + " (your answer of "
                            + phrase[rows].map(on).fillna("") + ")")

    for c in CATEGORIES:
        name_answer(tag.eq(c) & keyword.isin(answered[c]), keyword)
    if answered[UNRELATED]:
        other, _ = matches.first(UNRELATED, fields)
        not_mine = tags["unrelated"].astype(bool) & other.isin(answered[UNRELATED])
        name_answer(not_mine, other)
        if rules.unrelated == "review" and not_mine.any():
            notices.append(Notice(str(rules.path), None, f"{int(not_mine.sum()):,} connections "
                                  'you answered "not my audience" for stay in Review, because '
                                  '[business] unrelated is "review" (the default); set '
                                  'unrelated = "remove" to have them recommended for removal.',
                                  code="audience-kept-in-review"))

    outranked = tag.isin(CATEGORIES) & before.isin(CATEGORIES) & tag.ne(before)
    groups = pd.DataFrame({"phrase": keyword[outranked], "tag": tag[outranked],
                           "before": before[outranked], "name": people.loc[outranked, "name"]
                           if "name" in people else ""})
    for (phrase, now, was), group in groups.groupby(["phrase", "tag", "before"], sort=True):
        if len(group) > HANDFUL:
            names = ", ".join(group["name"].astype(str).head(3))
            notices.append(Notice("phrases.csv", None, f'your answer "{phrase}" = {now} '
                                  f"outranks the rules file's {was} tag for {len(group)} "
                                  f"people (e.g. {names}). If they are {was}s, answer the "
                                  "phrase differently, or add it to the except list of "
                                  f"[{now}] in the rules file.", code="answer-outranks-rules"))
    out = tags.assign(tag_reason=reason)
    return out, int(decided.sum()), notices


def rank(people: pd.DataFrame, rules: Rules, answers: Answers, coverage: Coverage
         ) -> tuple[Phrases, pd.Series]:
    """The Phrases sheet, and per row of `people` the first phrase of the sheet's order it
    holds (the phrase whose answer would decide it; "" for none).

    `people` must carry `tag` and `unrelated`; `coverage` the keyword table of the same run
    (it gives the answered phrases' counts and examples). The open phrases are
    `candidates.phrase_candidates`, the `TOP` held by the most people.
    """
    pool = people[undecided(people)]
    held = holdings(pool)
    free = free_holdings(held, rules, answers)
    table = from_holdings(pool, free, min_holders=MIN_HOLDERS, limit=TOP)
    # Per person: the first phrase of the sheet they hold; else their commonest one.
    n = free["key"].value_counts()
    shown = shown_forms(free)
    listed = {c.key: i for i, c in enumerate(table)}
    order = sorted(n.index, key=lambda k: (listed.get(k, len(listed)), -n[k], shown[k]))
    place = {k: i for i, k in enumerate(order)}
    best = (free.assign(o=free["key"].map(place)).sort_values("o", kind="stable")
            .drop_duplicates("row"))
    first = pd.Series("", index=people.index, dtype=object)
    first.loc[best["row"].to_numpy()] = [lexicon.canonical(shown[k])
                                         for k in best["key"].tolist()]
    # The people with nothing to judge by: one question for all of them, first.
    empty = (people["tag"].eq(UNKNOWN) & ~people["unrelated"].astype(bool)
             & no_profile(people))
    first[empty] = NO_PROFILE_PHRASE
    asked = answers.no_profile() is None and bool(empty.any())
    ask = f'keep, review or remove: one answer for all of them (now "{rules.no_profile}")'
    offered = pd.DataFrame({"Phrase": [NO_PROFILE_PHRASE] * asked + [c.phrase for c in table],
                            "Connections": pd.Series(
                                [int(empty.sum())] * asked + [len(c.people) for c in table],
                                dtype="int64").to_numpy(),
                            "Found In": [""] * asked + [c.field for c in table],
                            "Other Forms": [""] * asked + [", ".join(c.forms[1:])
                                                           for c in table],
                            "Examples": [ask] * asked + [" | ".join(c.examples)
                                                         for c in table],
                            "Answer": "", "Answered On": ""})

    st = answers.standing
    kw = coverage.keywords
    lookup = ({(c, phrase_key(k)): (n, e) for c, k, n, e in zip(
        kw["category"], kw["keyword"], kw["connections"], kw["examples"], strict=True)}
        if len(kw) and "examples" in kw else {})
    counts = held["key"].value_counts()
    given_n, given_e, given_in = [], [], []
    for key, answer in zip(st["key"], st["answer"], strict=True):
        table_of = PHRASE_ANSWERS.get(answer)
        if key == NO_PROFILE_KEY:
            n, e = int(empty.sum()), ask
        elif table_of is not None and (table_of, key) in lookup:
            n, e = lookup[(table_of, key)]
        else:
            n = int(counts.get(key, 0))
            shown = held[held["key"].eq(key)]["row"].drop_duplicates().head(EXAMPLES)
            e = " | ".join(t for t in pool["position"].reindex(shown).fillna("").astype(
                str).str.strip() if t) if "position" in pool else ""
        given_n.append(int(n))
        given_e.append(e)
        fields = held.loc[held["key"].eq(key), "field"]
        given_in.append("Company" if len(fields) and fields.eq("Company").all() else
                        "Position")
    given = pd.DataFrame({"Phrase": st["phrase"].to_numpy(),
                          "Connections": pd.Series(given_n, dtype="int64").to_numpy(),
                          "Found In": given_in,
                          "Other Forms": [", ".join(lexicon.forms(p)[1:]) for p in st["phrase"]],
                          "Examples": given_e, "Answer": st["answer"].to_numpy(),
                          "Answered On": st["answered_on"].to_numpy()})
    text = ["Phrase", "Found In", "Other Forms", "Examples", "Answer", "Answered On"]
    sheet = pd.concat([offered, given], ignore_index=True).astype(dict.fromkeys(text, object))
    sheet["Connections"] = sheet["Connections"].astype("int64")
    return Phrases(sheet=sheet, answers=answers, offered=len(offered)), first
