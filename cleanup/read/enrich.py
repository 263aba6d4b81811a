"""`--enrich CSV`: facts LinkedIn's export lacks (Location, Industry, Headline), joined on the
normalised profile URL, and locations resolved with the gazetteer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cleanup import places
from cleanup.errors import InputError, Notice
from cleanup.files import read_capped
from cleanup.limits import ENRICH_BYTES
from cleanup.model import Enrichment, SourceFile
from cleanup.read.csvio import DELIMITERS, decode, read_table
from cleanup.text import url_key

#: Profile-URL column names we accept, compared without case, spaces, `_` or `-`.
URL_NAMES = ("url", "profileurl", "linkedinurl", "linkedinprofileurl", "linkedinprofile",
             "profilelink", "linkedin", "publicprofileurl", "personlinkedinurl")
FACTS = {"location": "Location", "industry": "Industry", "headline": "Headline"}


def _squash(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.replace("\ufeff", "")).casefold()


def read_enrichment(path: Path) -> tuple[pd.DataFrame, SourceFile]:
    """One enrichment CSV as a frame with `key` and whichever of the FACTS it has."""
    try:
        data = read_capped(path, ENRICH_BYTES, "an enrichment file", hint="enrich")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the enrichment file ({exc.strerror}).") from None
    source = SourceFile(label=str(path), sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data))
    header_names = _header_candidates(data)
    url_col = next((h for h in header_names if _squash(h) in URL_NAMES), None)
    if url_col is None:
        shown = ", ".join(header_names[:12]) or "none"
        raise InputError(f"{path}: no profile-URL column. Name one of the columns URL, Profile "
                         f"URL or LinkedIn URL (columns found: {shown}).")
    table = read_table(data, source, must=(url_col,))
    frame = table.frame
    by_squash = {_squash(c): c for c in table.columns}
    out = pd.DataFrame({"key": url_key(frame[url_col])}, index=frame.index)
    for fact, name in FACTS.items():
        col = by_squash.get(_squash(name))
        out[fact] = frame[col] if col else ""
    return out, source


def _header_candidates(data: bytes) -> list[str]:
    """The cells of the first line that names a URL column, else of the first line."""
    text, _ = decode(data, "enrichment")
    first: list[str] = []
    for number, line in enumerate(text.splitlines()):
        if number > 50:
            break
        if not line.strip():
            continue
        delim = max(DELIMITERS, key=line.count)
        cells = [c.strip().strip('"') for c in line.split(delim)]
        if any(_squash(c) in URL_NAMES for c in cells):
            return cells
        first = first or cells
    return first


def apply(people: pd.DataFrame, paths: Sequence[str | Path]) -> Enrichment:
    """Join every enrichment file onto the connections and resolve their places."""
    people = people.copy()
    for fact in (*FACTS, "location_text"):
        if fact not in people.columns:
            people[fact] = ""
    if not paths:
        people["location_text"] = ""
        people["place"] = None
        return Enrichment(people=people)
    frames, inputs, notices = [], [], []
    known_keys = set(people["key"]) - {""}
    unmatched = 0
    for p in paths:
        frame, source = read_enrichment(Path(p))
        inputs.append(source)
        misses = ~frame["key"].isin(known_keys)
        if misses.any():
            unmatched += int(misses.sum())
            notices.append(Notice(str(p), None, f"{int(misses.sum()):,} of {len(frame):,} rows "
                                  "match no connection (by profile URL) and were not used."))
        frames.append(frame[~misses])
    facts = pd.concat(frames, ignore_index=True)
    # The first file that has a fact for a person wins; empty cells never hide a fact.
    merged = facts.replace("", pd.NA).groupby("key", sort=False).first()
    joined = people[["key"]].join(merged, on="key")
    for fact in FACTS:
        people[fact if fact != "location" else "location_text"] = (
            joined[fact].fillna("").astype(str) if fact in joined else "")
    people["place"] = places.resolve_many(people["location_text"])
    matched = int(people["key"].isin(set(merged.index)).sum())
    unresolved = people["location_text"].ne("") & people["place"].isna()
    if unresolved.any():
        unplaced = pd.unique(people.loc[unresolved, "location_text"])[:5]
        examples = ", ".join(repr(v) for v in unplaced)
        notices.append(Notice("", None, f"{int(unresolved.sum()):,} locations could not be "
                              f"placed (e.g. {examples}); they are treated as unknown, never "
                              "as off target."))
    return Enrichment(people=people, inputs=inputs, rows=sum(len(f) for f in frames) + unmatched,
                      matched=matched, unmatched=unmatched, notices=notices)


def location_column(people: pd.DataFrame) -> pd.Series:
    """The workbook's Location: the resolved place, or the raw text marked as unplaced."""
    label = people["place"].map(lambda p: p.label if p is not None else "")
    raw = people["location_text"]
    return label.mask(label.eq("") & raw.ne(""), raw + " (not recognised)")
