"""The phrases a decide session may ask about, per connection: the one place the session takes
its candidate phrases from, so that a better source is one line to switch to."""

from __future__ import annotations

import pandas as pd

from cleanup.judge import coverage, phrases


def candidate_phrases(people: pd.DataFrame) -> pd.DataFrame:
    """`row` (index of `people`), `text` (the phrase, folded words), `field` ("position" or
    "company"): the words and two-word phrases of each Position, and the trade words at the
    end of each Company name, once per row and text. Computed once per session: which rows are
    still undecided is filtered later."""
    parts = []
    if "position" in people.columns:
        parts.append(coverage.candidates(people["position"]).assign(field="position"))
    if "company" in people.columns:
        parts.append(phrases._trade(people["company"]).assign(field="company"))
    if not parts:
        return pd.DataFrame({"row": pd.Series(dtype=people.index.dtype),
                             "text": pd.Series(dtype=object), "field": pd.Series(dtype=object)})
    found = pd.concat(parts, ignore_index=True)[["row", "text", "field"]]
    return found.drop_duplicates(["row", "text"]).reset_index(drop=True)
