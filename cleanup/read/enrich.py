"""`--enrich CSV`: facts LinkedIn's export lacks (Location, Industry, Headline), joined on the
normalised profile URL (or, where URLs are missing, the full name and company), and locations
resolved with the gazetteer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from cleanup import places
from cleanup.errors import InputError, Notice
from cleanup.files import read_capped
from cleanup.limits import ENRICH_BYTES
from cleanup.model import Enrichment, SourceFile
from cleanup.read.csvio import DELIMITERS, read_table
from cleanup.read.decoding import decode
from cleanup.read.identity import name_key
from cleanup.text import header_key, url_key

#: Profile-URL column names we accept, compared without case, spaces, `_`, `-` or `/`:
#: plain names, Apollo (`Person Linkedin Url`), HubSpot (`LinkedIn URL`, `LinkedIn Bio`),
#: Sales Navigator and scrapers (`LinkedIn Profile URL`, `profileUrl`).
URL_NAMES = ("url", "profileurl", "linkedinurl", "linkedinprofileurl", "linkedinprofile",
             "profilelink", "linkedin", "publicprofileurl", "personlinkedinurl",
             "linkedinbio", "linkedinlink", "contactlinkedinurl", "linkedinpublicprofileurl",
             "linkedinprofilelink")
FACTS = {"location": "Location", "industry": "Industry", "headline": "Headline"}
#: The `people` column each fact goes to: the location as written is `location_text`, beside
#: its resolved `place`.
_COLUMN = {"location": "location_text", "industry": "industry", "headline": "headline"}
#: Where CRMs keep the place when they have no Location column: Apollo (`City`, `State`,
#: `Country`), HubSpot (`State/Region`, `Country/Region`), Salesforce (`Mailing City`, ...).
PLACE_PARTS = {
    "city": ("city", "personcity", "contactcity", "mailingcity"),
    "state": ("state", "stateregion", "stateprovince", "region", "province", "personstate",
              "mailingstate", "mailingstateprovince"),
    "country": ("country", "countryregion", "personcountry", "mailingcountry"),
}
#: Columns for a join by full name and company, where there are no URLs to join on.
FIRST_NAMES = ("firstname", "givenname")
LAST_NAMES = ("lastname", "surname", "familyname")
COMPANIES = ("company", "companyname", "accountname", "organization", "organisation",
             "employer")


def _squash(name: str) -> str:
    """The header's key with its word gaps dropped too: CRMs write `LinkedInURL`,
    `LinkedIn URL` and `linkedin_url` alike."""
    return header_key(name).replace(" ", "")


def read_enrichment(path: Path) -> tuple[pd.DataFrame, SourceFile]:
    """One enrichment CSV as a frame with `key` (the profile-URL key, "" without one), `pair`
    (full name and company, for a join where URLs are missing; "" without them) and whichever
    of the FACTS it has. The location is composed from City, State and Country where the file
    has no Location column. The frame's `attrs` say which joins the file allows."""
    frame, source, _ = _read(path)
    return frame, source


def _read(path: Path) -> tuple[pd.DataFrame, SourceFile, list[Notice]]:
    try:
        data = read_capped(path, ENRICH_BYTES, "an enrichment file", hint="enrich")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the enrichment file ({exc.strerror}).") from None
    source = SourceFile(label=str(path), sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data))
    header_names = _header_candidates(data)
    squashed = {_squash(h): h for h in reversed(header_names)}
    url_col = next((h for h in header_names if _squash(h) in URL_NAMES), None)

    def first_of(names: tuple[str, ...]) -> str | None:
        return next((squashed[n] for n in names if n in squashed), None)

    first, last, company = first_of(FIRST_NAMES), first_of(LAST_NAMES), first_of(COMPANIES)
    by_name = first is not None and last is not None and company is not None
    if url_col is None and not by_name:
        shown = ", ".join(header_names[:12]) or "none"
        raise InputError(f"{path}: no profile-URL column, and no First Name, Last Name and "
                         "Company columns to join on instead. Name one of the columns URL, "
                         f"Profile URL or LinkedIn URL (columns found: {shown}).")
    must = (url_col,) if url_col is not None else (first, last, company)
    table = read_table(data, source, must=[m for m in must if m])
    frame = table.frame
    by_squash = {_squash(c): c for c in reversed(table.columns)}
    out = pd.DataFrame({"key": url_key(frame[url_col]) if url_col is not None else ""},
                       index=frame.index, dtype=object)
    out["pair"] = ""
    if by_name:
        f, la, co = (by_squash.get(_squash(str(c))) for c in (first, last, company))
        if f and la and co:
            out["pair"] = _pairs(frame[f] + " " + frame[la], frame[co])
    for fact, name in FACTS.items():
        col = by_squash.get(_squash(name))
        out[fact] = frame[col] if col else ""
    if not by_squash.get("location"):
        parts = []
        for names in PLACE_PARTS.values():
            col = next((by_squash[n] for n in names if n in by_squash), None)
            if col:
                parts.append(frame[col])
        if parts:
            out["location"] = _comma_join(parts, frame.index)
    out.attrs["by_url"] = url_col is not None
    out.attrs["by_name"] = bool(out["pair"].ne("").any())
    return out, source, table.notices


def _pairs(names: pd.Series, companies: pd.Series) -> pd.Series:
    """Full name and company compared without case, accents or extra spaces; "" when
    either is empty, since a name alone is too weak to join on."""
    n, c = name_key(names), name_key(companies)
    return (n + "\x1f" + c).where(n.ne("") & c.ne(""), "").astype(object)


def _comma_join(parts: list[pd.Series], index: pd.Index) -> pd.Series:
    """"City, State, Country", skipping empty parts, vectorised."""
    out = pd.Series("", index=index, dtype=object)
    for part in parts:
        part = part.fillna("").astype(str).str.strip()
        out = out + np.where(out.ne("") & part.ne(""), ", ", "") + part
    return out


def _header_candidates(data: bytes) -> list[str]:
    """The cells of the first line that names a URL column, else of the first line."""
    text, _ = decode(data, "enrichment", check=False)
    first: list[str] = []
    for line in _first_lines(text, 51):
        if not line.strip():
            continue
        delim = max(DELIMITERS, key=line.count)
        cells = [c.strip().strip('"') for c in line.split(delim)]
        if any(_squash(c) in URL_NAMES for c in cells):
            return cells
        first = first or cells
    return first


def _first_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]`, from as short a start of `text` as holds them: its
    lines are complete there once a line follows them."""
    size = 1 << 16
    while True:
        found = text[:size].splitlines()
        if len(found) > count or size >= len(text):
            return found[:count]
        size *= 4


def apply(people: pd.DataFrame, paths: Sequence[str | Path]) -> Enrichment:
    """Join every enrichment file onto the connections and resolve their places.

    A row joins a connection by profile URL; where the row or the connection has no URL
    (Connections.csv had none before late 2023), by full name and company, when exactly one
    connection has both. A different URL on both sides is a different person.
    """
    people = people.copy(deep=False)  # columns are added or replaced, never changed
    for column in _COLUMN.values():
        if column not in people.columns:
            people[column] = ""
    if not paths:
        people["location_text"] = ""
        people["place"] = None
        people["place_label"] = ""
        return Enrichment(people=people)
    frames, inputs, notices, whole_files = [], [], [], []
    positions = np.arange(len(people))
    keys = people["key"].fillna("").astype(str)
    by_key = pd.Series(positions, index=keys.to_numpy())
    by_key = by_key[(by_key.index != "") & ~by_key.index.duplicated(keep=False)]
    pairs = _pairs(people["name"], people["company"]).to_numpy(dtype=object)
    by_pair = pd.Series(positions, index=pairs)
    by_pair = by_pair[(by_pair.index != "") & ~by_pair.index.duplicated(keep=False)]
    no_urls = not keys.ne("").any()
    unmatched = 0
    for p in paths:
        frame, source, said = _read(Path(p))
        whole_files.append(frame)
        inputs.append(source)
        notices += said
        pos = frame["key"].map(by_key)
        by_name = frame["pair"].map(by_pair)
        # A name stands in only where one side has no URL.
        other_key = pd.Series(keys.to_numpy()[by_name.fillna(0).astype(int).to_numpy()]
                              if len(people) else [], index=frame.index, dtype=object)
        by_name = by_name.where(frame["key"].eq("") | other_key.eq(""))
        named = pos.isna() & by_name.notna()
        pos = pos.fillna(by_name)
        misses = pos.isna()
        if misses.any():
            unmatched += int(misses.sum())
            how = "by profile URL" + (", or by full name and company" if frame.attrs.get(
                "by_name") else "")
            notices.append(Notice(str(p), None, f"{int(misses.sum()):,} of {len(frame):,} rows "
                                  f"match no connection ({how}) and were not used."))
        if no_urls and frame.attrs.get("by_url"):
            tail = (f"{int(named.sum()):,} rows were joined by full name and company instead "
                    "(where exactly one connection has both)." if frame.attrs.get("by_name")
                    else "the file has no First Name, Last Name and Company columns to join "
                    "on instead, so it adds nothing.")
            notices.append(Notice(str(p), None, "your Connections.csv has no profile URLs "
                                  "(LinkedIn added them in late 2023), so no row could be "
                                  f"joined on its URL; {tail}"))
        elif named.any():
            notices.append(Notice(str(p), None, f"{int(named.sum()):,} rows were joined by "
                                  "full name and company, for want of a profile URL."))
        frames.append(frame[~misses].assign(pos=pos[~misses].astype(np.int64)))
    facts = pd.concat(frames, ignore_index=True)
    # The first file that has a fact for a person wins; empty cells never hide a fact.
    merged = (facts.drop(columns=["key", "pair"]).replace("", pd.NA)
              .groupby("pos", sort=False).first())
    joined = pd.DataFrame(index=positions).join(merged)
    for fact, column in _COLUMN.items():
        people[column] = joined[fact].fillna("").astype(str).to_numpy() if fact in joined else ""
    people["place"] = places.resolve_many(people["location_text"])
    people["place_label"] = location_column(people)
    matched = int(len(merged))
    unresolved = people["location_text"].ne("") & people["place"].isna()
    if unresolved.any():
        unplaced = pd.unique(people.loc[unresolved, "location_text"])[:5]
        examples = ", ".join(repr(v) for v in unplaced)
        notices.append(Notice("", None, f"{int(unresolved.sum()):,} locations could not be "
                              f"placed (e.g. {examples}); they are treated as unknown, never "
                              "as off target."))
    return Enrichment(people=people, inputs=inputs, rows=sum(len(f) for f in frames) + unmatched,
                      matched=matched, unmatched=unmatched, notices=notices,
                      frames=whole_files)


def location_column(people: pd.DataFrame) -> pd.Series:
    """The workbook's Location: the resolved place, or the raw text marked as unplaced."""
    label = people["place"].map(lambda p: p.label if p is not None else "")
    raw = people["location_text"]
    return label.mask(label.eq("") & raw.ne(""), raw + " (not recognised)")
