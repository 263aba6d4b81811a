"""The phrases a decide session may ask about, per connection: the one place the session takes
its candidate phrases from, so that a better source is one line to switch to."""

from __future__ import annotations

import pandas as pd

from cleanup.judge.candidates import holdings


def candidate_phrases(people: pd.DataFrame) -> pd.DataFrame:
    """`row` (index of `people`), `text` (the phrase, folded words), `field` ("position" or
    "company"): the phrases worth answering of each Position and Company name
    (`candidates.holdings`), once per row and text. Computed once per session: which rows are
    still undecided is filtered later."""
    held = holdings(people)  # owner words in; stop words, legal forms, places, fragments out
    if held.empty:
        return pd.DataFrame({"row": pd.Series(dtype=people.index.dtype),
                             "text": pd.Series(dtype=object), "field": pd.Series(dtype=object)})
    return pd.DataFrame({"row": held["row"].to_numpy(), "text": held["key"].to_numpy(),
                         "field": held["field"].str.lower().to_numpy()})
