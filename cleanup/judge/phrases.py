"""Decide by phrase: the words and phrases that would decide the most untagged people, and
what the user's answers to them did.

Nobody reviews two thousand rows by hand, but anybody can answer a hundred phrases. The
phrases are the commonest words and two-word phrases of the Positions and Companies of the
connections no keyword tagged (`coverage.candidates`, the same words the keyword ideas come
from), ranked by how many of those people hold them. An answer turns its phrase into a keyword
of its category (`Rules.with_answers`): no model, the user's own answers applied exactly, and
after the rules file's own keywords, which win where both speak.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cleanup.errors import Notice
from cleanup.judge.coverage import ROLE_WORDS, STOP_WORDS, candidates
from cleanup.judge.tagging import FIELDS, Matches, tokens
from cleanup.model import Answers, Coverage, Phrases
from cleanup.rules import CATEGORIES, UNRELATED, Rules
from cleanup.terms import PHRASE_ANSWERS, UNKNOWN
from cleanup.text import fold_one, per_distinct

#: How many words and how many two-word phrases the sheet offers (at most; fewer when fewer
#: are held by MIN_HOLDERS people).
TOP = 50
#: A phrase held by fewer people decides no more than answering for them one by one.
MIN_HOLDERS = 2
#: An answer that outranks the rules file's tag for more people than this gets a warning.
HANDFUL = 5
#: Examples of real Positions (or Companies) shown per phrase.
EXAMPLES = 3
_WORD = re.compile(r"[^\W_]+[+#]*")


def phrase_key(text: str) -> str:
    """The words of a phrase as keyword matching sees them: `Software-Engineers ` and
    `software engineers` are the same phrase."""
    return " ".join(tokens(str(text)))


def _trade(companies: pd.Series) -> pd.DataFrame:
    """The trade words of each company name, as `coverage.candidates` gives a Position's:
    its last word and its last two (`Lone Star Auto Service` -> `service`, `auto service`).
    The place and family names that start company names (`Lone Star`, `Sunset`) would crowd
    the list and decide nothing."""
    names = per_distinct(companies, str)  # plain strings, "" for none
    distinct = pd.unique(names.to_numpy(dtype=object))
    tails: dict[str, list[tuple[str, str]]] = {}
    for name in distinct:
        words = [w for w in _WORD.findall(fold_one(name)) if w not in STOP_WORDS
                 and not w[0].isdigit()]
        found = []
        if words and len(words[-1]) > 1 and words[-1] not in ROLE_WORDS:
            found.append(("word", words[-1]))
        if len(words) > 1:
            found.append(("phrase", " ".join(words[-2:])))
        tails[name] = found
    rows = [(row, kind, text) for row, name in zip(names.index, names.to_numpy(dtype=object),
                                                   strict=True)
            for kind, text in tails[name]]
    return pd.DataFrame(rows, columns=["row", "kind", "text"])


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
                                      f"[{listed[phrase_key(p)]}], and the rules file wins."))
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

    on = dict(zip(answers.standing["phrase"], answers.standing["answered_on"], strict=True))
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
                                  'unrelated = "remove" to have them recommended for removal.'))

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
                                  f"[{now}] in the rules file."))
    out = tags.assign(tag_reason=reason)
    return out, int(decided.sum()), notices


def rank(people: pd.DataFrame, rules: Rules, answers: Answers, coverage: Coverage,
         ideas: pd.DataFrame | None = None) -> tuple[Phrases, pd.Series]:
    """The Phrases sheet, and per row of `people` its commonest unanswered phrase.

    `people` must carry `tag` and `unrelated`; `coverage` the keyword table of the same run
    (it gives the answered phrases' counts and examples); `ideas`, when given, is
    `coverage.ideas(people)` already computed (the candidates of a row depend on its
    Position alone, so this function's rows are taken from it).
    """
    hidden = people.get("hidden", pd.Series(False, index=people.index)).astype(bool)
    pool = people[people["tag"].eq(UNKNOWN) & ~people["unrelated"].astype(bool) & ~hidden]

    def positions() -> pd.DataFrame:
        if ideas is None:
            return candidates(pool["position"])
        return ideas[ideas["row"].isin(pool.index)].reset_index(drop=True)

    parts = [(positions() if f == "position" else _trade(pool[f])).assign(field=f)
             for f in ("position", "company") if f in pool.columns]
    found = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame(columns=["row", "kind", "text", "field"]))
    found = found.drop_duplicates(["row", "text"])
    counts = found["text"].value_counts()
    taken = {phrase_key(k) for ws in rules.keywords.values() for k in ws}
    taken |= set(answers.standing["key"])
    free = found[~found["text"].isin(taken)]
    free_counts = counts[counts.index.isin(free["text"].unique())]

    # Per person: the commonest phrase they hold that nobody answered yet (ties by text).
    best = (free.assign(n=free["text"].map(free_counts))
            .sort_values(["n", "text"], ascending=[False, True], kind="stable")
            .drop_duplicates("row"))
    phrase = pd.Series("", index=people.index, dtype=object)
    phrase.loc[best["row"].to_numpy()] = best["text"].to_numpy()

    kinds = free.drop_duplicates("text").set_index("text")["kind"]
    table = (free_counts[free_counts.ge(MIN_HOLDERS)].rename_axis("text")
             .reset_index(name="connections"))
    table["kind"] = table["text"].map(kinds)
    table = table.sort_values(["connections", "text"], ascending=[False, True], kind="stable")
    table = pd.concat([table[table["kind"].eq(k)].head(TOP) for k in ("word", "phrase")])
    table = table.sort_values(["connections", "text"], ascending=[False, True], kind="stable")

    def examples(texts: pd.Series) -> pd.Series:
        shown = found[found["text"].isin(set(texts))]
        value = pd.Series("", index=shown.index, dtype=object)
        for f in ("position", "company"):
            on = shown["field"].eq(f)
            if on.any():
                value[on] = pool[f].reindex(shown.loc[on, "row"].to_numpy()).to_numpy(
                    dtype=object)
        # Each distinct text stripped once; a missing one is "".
        shown = shown.assign(value=per_distinct(value, str.strip))
        shown = shown[shown["value"].ne("")].drop_duplicates(["text", "value"])
        joined = shown.groupby("text", sort=False).head(EXAMPLES).groupby(
            "text", sort=False)["value"].agg(" | ".join)
        return texts.map(joined).fillna("")

    offered = pd.DataFrame({"Phrase": table["text"].to_numpy(),
                            "Connections": table["connections"].to_numpy(dtype="int64"),
                            "Examples": examples(table["text"]).to_numpy(),
                            "Answer": "", "Answered On": ""})

    st = answers.standing
    kw = coverage.keywords
    lookup = ({(c, phrase_key(k)): (n, e) for c, k, n, e in zip(
        kw["category"], kw["keyword"], kw["connections"], kw["examples"], strict=True)}
        if len(kw) and "examples" in kw else {})
    given_n, given_e = [], []
    for key, answer in zip(st["key"], st["answer"], strict=True):
        table_of = PHRASE_ANSWERS.get(answer)
        if table_of is not None and (table_of, key) in lookup:
            n, e = lookup[(table_of, key)]
        else:
            n = int(counts.get(key, 0))
            e = examples(pd.Series([key], dtype=object)).iloc[0] if n else ""
        given_n.append(int(n))
        given_e.append(e)
    given = pd.DataFrame({"Phrase": st["phrase"].to_numpy(),
                          "Connections": pd.Series(given_n, dtype="int64").to_numpy(),
                          "Examples": given_e, "Answer": st["answer"].to_numpy(),
                          "Answered On": st["answered_on"].to_numpy()})
    sheet = pd.concat([offered, given], ignore_index=True).astype(
        {"Phrase": object, "Examples": object, "Answer": object, "Answered On": object})
    sheet["Connections"] = sheet["Connections"].astype("int64")
    return Phrases(sheet=sheet, answers=answers, offered=len(offered)), phrase
