"""How well the rules cover the network: hits per keyword, dead keywords, suggestions.

Everything comes from the keyword hits tagging already computed (`Matches.hits`), exploded
once into one row per (connection, category, field, keyword), then counted with
`value_counts`; nothing is matched a second time. The suggestions come from the Positions of
the connections no keyword tagged: their most common words and two-word phrases are the
keywords the rules are most likely missing.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd

from cleanup import lexicon
from cleanup.errors import Notice
from cleanup.judge.tagging import FIELDS, Matches, tokens
from cleanup.model import Coverage
from cleanup.rules import CATEGORIES, KEYWORD_TABLES, Rules
from cleanup.terms import BROAD_SHARE, UNKNOWN
from cleanup.text import fold, per_distinct

#: How many words and how many two-word phrases are suggested.
SUGGESTIONS = 20
#: How many keyword pairs an overlap lists.
TOP_PAIRS = 3
#: How many examples of what it matched each keyword shows.
EXAMPLES = 3

#: Words that carry no trade: function words, grade words ("senior", "global") and a few
#: legal forms; and role words ("manager") that are suggested only inside a phrase ("property
#: manager"). The same lists as the Phrases sheet's (`lexicon`).
STOP_WORDS = lexicon.FUNCTION_WORDS | lexicon.GRADE_WORDS | frozenset(
    "co inc llc ltd gmbh corp company".split())
ROLE_WORDS = lexicon.ROLE_WORDS
#: A word, or punctuation that ends a clause: a phrase never spans "Plumber, Master".
_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:[+#]+)?|[,;:|/()&·•–—]")
_BREAKS = frozenset(",;:|/()&·•–—")


def _long(matches: Matches) -> pd.DataFrame:
    """One row per (connection, category, field, keyword) hit."""
    parts = []
    for (category, f), lists in matches.hits.items():
        # Most rows match nothing: their (empty) lists are counted at C speed and skipped.
        values = lists.to_numpy(dtype=object)
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        hit = np.flatnonzero(sizes)
        if not len(hit):
            continue
        parts.append(pd.DataFrame({
            "row": np.repeat(lists.index.to_numpy()[hit], sizes[hit]), "category": category,
            "field": FIELDS[f], "keyword": np.fromiter(
                itertools.chain.from_iterable(values[hit]), dtype=object,
                count=int(sizes[hit].sum()))}))
    if not parts:
        return pd.DataFrame(columns=["row", "category", "field", "keyword"])
    return pd.concat(parts, ignore_index=True)


def _examples(long: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    """Up to EXAMPLES distinct texts each (category, keyword) matched, joined by " | "."""
    if long.empty:
        return pd.Series(dtype=object)
    text = pd.Series("", index=long.index, dtype=object)
    for f, label in FIELDS.items():
        on = long["field"].eq(label)
        if on.any() and f in people.columns:
            text[on] = people[f].reindex(long.loc[on, "row"].to_numpy()).to_numpy(dtype=object)
    # Each distinct text stripped once; a missing one is "".
    shown = long[["category", "keyword"]].assign(text=per_distinct(text, str.strip))
    shown = shown[shown["text"].ne("")].drop_duplicates()
    shown = shown.groupby(["category", "keyword"], sort=False).head(EXAMPLES)
    return shown.groupby(["category", "keyword"], sort=False)["text"].agg(" | ".join)


def _keyword_table(long: pd.DataFrame, rules: Rules, fields: list[str],
                   total: int, people: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    hits = (long.groupby(["category", "keyword", "field"], sort=False).size()
            .rename("connections").reset_index())
    order = pd.DataFrame([(c, k) for c in KEYWORD_TABLES for k in rules.keywords.get(c, ())],
                         columns=["category", "keyword"])
    wide = hits.pivot_table(index=["category", "keyword"], columns="field",
                            values="connections", aggfunc="sum", fill_value=0)
    anywhere = long.drop_duplicates(["row", "category", "keyword"]).groupby(
        ["category", "keyword"]).size().rename("connections")
    table = order.join(wide, on=["category", "keyword"]).join(anywhere, on=["category",
                                                                            "keyword"])
    for f in [*fields, "connections"]:
        table[f] = table[f].fillna(0).astype(np.int64) if f in table else np.int64(0)
    table = table[["category", "keyword", *fields, "connections"]]
    table["share"] = table["connections"] / total if total else 0.0
    note = pd.Series("", index=table.index, dtype=object)
    note = note.mask(table["connections"].eq(0), "matched nothing: a typo, or a word nobody "
                     "uses in a title?")
    note = note.mask(table["share"].gt(BROAD_SHARE), "matches "
                     + (table["share"] * 100).round().astype(int).astype(str)
                     + " % of your network: too broad?")
    answered = pd.Series([k in rules.answered.get(c, ()) for c, k in
                          zip(table["category"], table["keyword"], strict=True)],
                         index=table.index, dtype=bool)
    note = note.mask(answered & note.eq(""), "your answer on the Phrases sheet")
    vendor = _vendor_notes(table, people) if people is not None else note.where(False, "")
    table["note"] = note.where(vendor.eq(""), (note + "; ").where(note.ne(""), "") + vendor)
    examples = _examples(long, people) if people is not None else pd.Series(dtype=object)
    table["examples"] = (table.join(examples.rename("_examples"), on=["category", "keyword"])
                         ["_examples"].fillna("").astype(object).to_numpy()
                         if len(examples) else "")
    field_order = {label: i for i, label in enumerate(fields)}
    hits = hits.assign(_f=hits["field"].map(field_order)).merge(
        order.reset_index(names="_k"), on=["category", "keyword"]).sort_values(
        ["_k", "_f"]).drop(columns=["_k", "_f"]).reset_index(drop=True)
    return hits[["category", "keyword", "field", "connections"]], table


#: Words a company's name carries besides its brand: `Webflow, Inc.` is the company `webflow`.
_LEGAL = frozenset("inc llc ltd gmbh corp co com sa ag bv plc limited corporation".split())
#: How the note on a keyword that is also a company begins (found again for the run's notes).
VENDOR_NOTE = "also a company in your network"


def _brand(company: str) -> str:
    return " ".join(t for t in tokens(company) if t not in _LEGAL)


def _vendor_notes(table: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    """For each keyword that is also the whole name of a company in the network (`webflow`,
    `Salesforce Inc.`), how many it matches by Company and by Position: a vendor's own staff
    and its customers' in-house admins carry the word without being in the trade."""
    notes = pd.Series("", index=table.index, dtype=object)
    if "company" not in people.columns or "Company" not in table.columns:
        return notes
    brands = per_distinct(people["company"], _brand)
    count = brands[brands.ne("")].value_counts()
    titles = (per_distinct(people["position"], lambda t: f" {' '.join(tokens(t))} ")
              if "position" in people.columns else pd.Series("", index=people.index))
    for i, keyword in table["keyword"].items():
        brand = " ".join(tokens(str(keyword)))
        if brand not in count.index:
            continue
        # Where everyone at that company has the word in their Position too (the company
        # "Retired" of retired people), the Company adds nobody: nothing to warn of.
        if titles[brands.eq(brand)].str.contains(f" {brand} ", regex=False).all():
            continue
        written = " ".join(str(people.loc[brands.eq(brand).idxmax(), "company"]).split())
        position = int(table.at[i, "Position"]) if "Position" in table.columns else 0
        there = int(count[brand])
        notes[i] = (f"{VENDOR_NOTE} ({written!r}, {there:,} "
                    f"{'people work' if there != 1 else 'person works'} there): matches "
                    f"{int(table.at[i, 'Company']):,} by Company and {position:,} by Position; "
                    f"its own staff may not belong in [{table.at[i, 'category']}]: add an "
                    "except phrase or use a longer keyword")
    return notes


def vendor_notices(cov: Coverage) -> list[Notice]:
    """The run's notes for the keywords that are also a company in the network."""
    if not len(cov.keywords):
        return []
    said = cov.keywords[cov.keywords["note"].str.contains(VENDOR_NOTE, regex=False)]
    return [Notice("", None, f"the {c} keyword {k!r} is "
                   + note[note.index(VENDOR_NOTE):] + ".")
            for c, k, note in zip(said["category"], said["keyword"], said["note"], strict=True)]


def _overlaps(long: pd.DataFrame) -> pd.DataFrame:
    """Connections matched by keywords of two categories, per pair, with the commonest pairs
    of keywords: where the precedence of the tags decided, and where a keyword may be misplaced."""
    per = long.drop_duplicates(["row", "category", "keyword"])[["row", "category", "keyword"]]
    rows = []
    for i, first in enumerate(CATEGORIES):
        for second in CATEGORIES[i + 1:]:
            a = per[per["category"].eq(first)]
            b = per[per["category"].eq(second)]
            pairs = a.merge(b, on="row", suffixes=("_a", "_b"))
            if pairs.empty:
                continue
            top = pairs.groupby(["keyword_a", "keyword_b"]).size().sort_values(
                ascending=False, kind="stable").head(TOP_PAIRS)
            shown = "; ".join(f'"{ka}" + "{kb}" ({n:,})' for (ka, kb), n in top.items())
            rows.append((f"{first} + {second}", int(pairs["row"].nunique()), shown))
    return pd.DataFrame(rows, columns=["categories", "connections", "pairs"])


def candidates(texts: pd.Series) -> pd.DataFrame:
    """The words and two-word phrases of each text that could be keywords: `row` (the
    index of `texts`), `kind` ("word" or "phrase"), `text`; once per row. Stop words are
    left out, role words ("manager") only alone, and a phrase never spans punctuation."""
    columns = ["row", "kind", "text"]
    if texts.empty:
        return pd.DataFrame(columns=columns)
    folded = fold(texts.fillna("").astype(str))
    # Each distinct text is split once: titles repeat a lot.
    distinct = pd.Series(pd.unique(folded), dtype=object)
    split = distinct.str.findall(_TOKEN.pattern).explode().dropna()
    if split.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({"row": split.index.to_numpy(), "word": split.to_numpy()})
    frame["next"] = frame.groupby("row")["word"].shift(-1)
    stop = frame["word"].isin(STOP_WORDS) | frame["word"].isin(_BREAKS)
    role = frame["word"].isin(ROLE_WORDS)
    single = frame[~stop & ~role & frame["word"].str.len().ge(2)]
    nxt = frame["next"].fillna("")
    both_roles = role & nxt.isin(ROLE_WORDS)
    pair = frame[~stop & nxt.ne("") & ~nxt.isin(STOP_WORDS) & ~nxt.isin(_BREAKS) & ~both_roles]
    pair = pair.assign(word=pair["word"] + " " + pair["next"])
    per_text = pd.concat([single[["row", "word"]].assign(kind="word"),
                          pair[["row", "word"]].assign(kind="phrase")], ignore_index=True)
    per_text = per_text.drop_duplicates(["row", "word"])
    # From distinct texts back to rows: text number -> every row holding that text.
    number = pd.Series(np.arange(len(distinct)), index=distinct.to_numpy())
    rows = pd.DataFrame({"row": folded.index.to_numpy(),
                         "t": number.reindex(folded.to_numpy()).to_numpy()})
    out = rows.merge(per_text.rename(columns={"row": "t"}), on="t")
    return out.rename(columns={"word": "text"})[columns]


def _suggestions(found: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The commonest words and two-word phrases among Positions no keyword matched (`found`:
    their `candidates`)."""
    taken = {" ".join(tokens(k)) for ws in rules.keywords.values() for k in ws}
    columns = ["kind", "text", "connections"]
    if found.empty:
        return pd.DataFrame(columns=columns)

    def top(part: pd.DataFrame, kind: str) -> pd.DataFrame:
        counts = part["text"].value_counts()
        counts = counts[~counts.index.isin(taken)]
        # Ties broken alphabetically, so the same data always suggests the same words.
        counts = counts.rename_axis("text").reset_index(name="connections").sort_values(
            ["connections", "text"], ascending=[False, True], kind="stable")
        return counts.head(SUGGESTIONS).assign(kind=kind)[columns]

    return pd.concat([top(found[found["kind"].eq(k)], k) for k in ("word", "phrase")],
                     ignore_index=True)


def _undecided(people: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(the rows tagged unknown, those of them no `[unrelated]` keyword or answer decided)."""
    unknown = people["tag"].eq(UNKNOWN) if "tag" in people else pd.Series(False,
                                                                           index=people.index)
    # People an [unrelated] keyword or answer matched are decided: no ideas from them.
    undecided = unknown & ~people["unrelated"].astype(bool) if "unrelated" in people else unknown
    return unknown, undecided


def ideas(people: pd.DataFrame) -> pd.DataFrame:
    """The `candidates` of the Positions of the undecided unknown rows: what the suggestions
    and the Phrases sheet (`phrases.rank`, for its own rows among these) both start from."""
    _, undecided = _undecided(people)
    return candidates(people.loc[undecided, "position"] if "position" in people
                      else pd.Series(dtype=object))


def analyse(people: pd.DataFrame, matches: Matches, rules: Rules,
            found: pd.DataFrame | None = None) -> Coverage:
    """Hits per keyword per field, unused and broad keywords, overlaps and suggestions.

    `people` must carry `tag` (the suggestions read the Positions of `unknown` rows);
    `matches` is what `tagging.match` returned for the same rows; `found`, when given, is
    `ideas(people)` already computed.
    """
    total = len(people)
    searched = {f for (_, f) in matches.hits}
    fields = [label for f, label in FIELDS.items() if f in searched]
    long = _long(matches)
    hits, keywords = _keyword_table(long, rules, fields, total, people)
    unknown, _ = _undecided(people)
    return Coverage(hits=hits, keywords=keywords, overlaps=_overlaps(long),
                    suggestions=_suggestions(ideas(people) if found is None else found, rules),
                    total=total, unknown=int(unknown.sum()), fields=tuple(fields))
