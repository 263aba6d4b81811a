"""Who is who across files and runs: profile-URL keys, full-name keys, person ids.

A person is matched by profile URL (scheme, `www.`, trailing slash, %-escapes, Unicode form and
case ignored: `text.url_key`, the one key of every file) and,
where a side has no URL, by full name compared without case or accents, and only when exactly
one connection carries that name. Everything is computed once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from cleanup.text import per_distinct, url_key, whole


def person_ids(url: pd.Series, name: pd.Series, company: pd.Series,
               keys: pd.Series | None = None) -> pd.DataFrame:
    """How a person is recognised from one run or workbook to the next.

    Returns `url_id` (the normalised profile URL, "" without one), `name_id`
    (`name:<folded name>|<folded company>`, "" without a name) and `id`, the first of the two
    that is not empty. Rows with neither (members hidden by LinkedIn) get "" and are never
    matched to anyone. `keys`, when given, is `url_key(url)` already computed (the
    connections' own `key` column).
    """
    # Each URL, name and company is normalised once (`per_distinct`), however often it recurs.
    url_id = (url_key(url) if keys is None else per_distinct(keys, str)).to_numpy(dtype=object)
    folded = whole(name).to_numpy(dtype=object)
    named = folded != ""
    name_id = np.full(len(folded), "", dtype=object)
    name_id[named] = "name:" + folded[named] + "|" + whole(company).to_numpy(dtype=object)[named]
    return pd.DataFrame({"url_id": url_id, "name_id": name_id,
                         "id": np.where(url_id != "", url_id, name_id)},
                        index=url.index, dtype=object)


def name_key(names: pd.Series) -> pd.Series:
    """Full names compared whole, without case, accents or extra spaces."""
    return whole(names)


def per_value(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`func` computed once per distinct value: 200,000 messages hold a few thousand URLs."""
    codes, uniques = pd.factorize(values.fillna("").astype(str))
    done = func(pd.Series(uniques, dtype=object)).fillna("").to_numpy(dtype=object)
    return pd.Series(done[codes] if len(done) else np.array([], dtype=object)[codes],
                     index=values.index, dtype=object)


class Keys:
    """`url_key` remembered across columns: messages.csv names the same few thousand people
    as senders and as recipients, so each URL is normalised once."""

    def __init__(self) -> None:
        self.memo: dict[str, str] = {}

    def __call__(self, urls: pd.Series) -> pd.Series:
        codes, found = pd.factorize(urls.fillna("").astype(str))
        uniques = np.asarray(found, dtype=object)  # plain objects iterate ten times faster
        new = [u for u in uniques if u not in self.memo]
        if new:
            self.memo.update(zip(new, url_key(pd.Series(new, dtype=object)), strict=True))
        done = np.array([self.memo[u] for u in uniques] or [""], dtype=object)
        return pd.Series(done[codes], index=urls.index, dtype=object)


def url_keys(urls: pd.Series) -> pd.Series:
    """`url_key` of a column, each distinct URL once."""
    return Keys()(urls)


#: A URL key standing for "this side has a profile URL, but not one we can pair with the name"
#: (messages.csv lists recipients' URLs and names in two fields): the name may then stand in
#: only for a connection that has no URL of its own.
SOME_URL = "\x00some url"


def word(values: pd.Series) -> pd.Series:
    """A flag or folder cell compared without case or surrounding spaces."""
    return per_value(values, lambda s: s.str.strip().str.casefold())


class Directory:
    """The connections, looked up by profile URL or, where a side has no URL, by full name.

    URLs decide when both sides have one: a different URL is a different person even when the
    names agree. A name stands in only when the file or the connection has no URL, and only
    when exactly one connection carries it. A key of `SOME_URL` says the file had a URL that
    cannot be paired with the name: the name then stands in for connections without a URL.
    """

    def __init__(self, people: pd.DataFrame) -> None:
        keys = people["key"].fillna("").astype(str).to_numpy(dtype=object)
        self.people_names = people["name"].reset_index(drop=True)
        names = name_key(people["name"]).to_numpy(dtype=object)
        self.name_keys = names
        positions = np.arange(len(people))
        by_key = pd.Series(positions, index=keys)
        by_key = by_key[by_key.index != ""]
        self.by_key = by_key[~by_key.index.duplicated()]
        by_name = pd.Series(positions, index=names)
        by_name = by_name[by_name.index != ""]
        shared = by_name.index.duplicated(keep=False)
        self.ambiguous = pd.Index(by_name.index[shared].unique())
        self.by_name = by_name[~shared]
        self.keyless_names = pd.Index(pd.unique(names[(keys == "") & (names != "")]))
        self.names = pd.Index(by_name.index.unique())
        # Namesakes told apart by their company, where exactly one of them works there.
        shared_rows = pd.Series(names).isin(self.ambiguous).to_numpy()  # hashed, not sorted
        pair = pd.Series(positions[shared_rows], index=_pair(
            names[shared_rows], name_key(people["company"]).to_numpy(dtype=object)[shared_rows]))
        pair = pair[pair.index != ""]
        self.by_name_company = pair[~pair.index.duplicated(keep=False)]

    def locate(self, keys: pd.Series, names: pd.Series,
               companies: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
        """(position of the connection each (URL key, name key) is, -1 for none;
        True where a name was skipped because several connections share it).

        `companies` (name keys too) settles a shared name when exactly one of the namesakes
        has that company; otherwise the row stays unmatched and is reported.
        """
        found = keys.map(self.by_key)
        may_name = found.isna() & (keys.eq("") | names.isin(self.keyless_names))
        found = found.fillna(names.map(self.by_name).where(may_name))
        ambiguous = may_name & names.isin(self.ambiguous)
        if companies is not None and ambiguous.any():
            settled = pd.Series(_pair(names[ambiguous].to_numpy(dtype=object),
                                      companies[ambiguous].to_numpy(dtype=object)),
                                index=names.index[ambiguous]).map(self.by_name_company)
            found = found.fillna(settled)
            ambiguous = ambiguous & found.isna()
        return found.fillna(-1).astype(np.int64), ambiguous


def _pair(names: np.ndarray, companies: np.ndarray) -> np.ndarray:
    """One lookup key per (name, company); an empty company never settles anything."""
    joined = pd.Series(names, dtype=object) + "\x1f" + pd.Series(companies, dtype=object)
    keys: np.ndarray = joined.where(pd.Series(companies, dtype=object).ne(""), "").to_numpy(
        dtype=object)
    return keys
