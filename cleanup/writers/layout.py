"""What the connection sheets show, as data: the columns of Connections and of the worklists,
their widths, text cut to what a cell holds, dates as Excel serial numbers, the Review order.
Nothing here touches a workbook; `workbook.py` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from cleanup.limits import EXCEL_CELL_CHARS
from cleanup.model import Result
from cleanup.read.identity import person_ids
from cleanup.sheets import HIDDEN_WIDTH, PERSON_KEY, written_header
from cleanup.terms import NO_PROFILE_PHRASE
from cleanup.text import parse_dates

_MIN_WIDTH, _MAX_WIDTH = 6, 60
#: Columns holding dates: written as Excel dates where they parse, as text where not.
DATE_COLUMNS = ("Connected On", "Last message", "Sent")
DATE_FORMAT = "yyyy-mm-dd"
#: A wrapped Reason: points per line, and at most this many lines (a longer one scrolls).
LINE_HEIGHT, MAX_LINES = 15, 12
_EPOCH = pd.Timestamp("1899-12-30")
#: The worklists' columns, in order, with their widths; fields a reason may cite (Headline,
#: Industry) appear when enrichment gave them. The other columns follow.
WORKLIST = {"Name": 24, "Decision": 10, "Recommendation": 15, "Reason": 48, "Position": 26,
            "Company": 22, "Connected On": 12, "Location": 18, "Headline": 30, "Industry": 20,
            "Tag": 14}
#: The worklists' Group column (after Tag): the reason or phrase a row shares with others.
GROUP_WIDTH = 40
#: Enrichment fields shown as columns when any connection has them.
CITED = {"Headline": "headline", "Industry": "industry"}


def _longest(texts: pd.Series) -> int:
    """The length of the longest of `texts` (0 when there is none); all must be text."""
    return max(map(len, texts.tolist()), default=0)


def fit_text(values: pd.Series) -> pd.Series:
    """Text as Excel can hold it: cut to 32,767 characters, saying how much was cut."""
    s = values.fillna("").astype(str)
    if _longest(s) <= EXCEL_CELL_CHARS:  # the common case, without a Series of lengths
        return s
    long = s.str.len().gt(EXCEL_CELL_CHARS)
    if long.any():
        note = " [... cut: " + s[long].str.len().astype(str) + " characters in the export]"
        s = s.mask(long, s[long].str.slice(0, EXCEL_CELL_CHARS - 60) + note)
    return s


def excel_dates(text: pd.Series, parsed: pd.Series | None = None) -> pd.Series:
    """Dates as Excel serial numbers (float) where they parse; the text as written where
    they do not, so that nothing is lost."""
    when = parse_dates(text.fillna("").astype(str)) if parsed is None else parsed
    serial = (pd.to_datetime(when) - _EPOCH).dt.days.astype(float)
    shown = text.fillna("").astype(str).astype(object)
    return shown.mask(serial.notna(), serial).astype(object)


def found_columns(result: Result, names: tuple[str, ...]) -> list[str]:
    """The export's own columns called one of `names` (any case), in `names` order."""
    by = {c.strip().casefold(): c for c in result.original_columns}
    return [by[n] for n in names if n in by]


@dataclass(frozen=True)
class SheetColumns:
    """Every column a connection sheet shows, for all connections, ready to write (text cut
    to fit, dates as serial numbers): built once, then each sheet takes its rows."""

    columns: dict[str, pd.Series]  # by the header shown; index 0..n-1
    connections: list[str]  # the Connections sheet's headers, in order
    worklist: list[str]  # the Remove and Review sheets' headers, in order
    widths: dict[str, float]
    hidden: tuple[str, ...] = ()  # the tool's own columns, last on every sheet, hidden

    def frame(self, keep: np.ndarray | None, worklist: bool) -> tuple[pd.DataFrame, list[float]]:
        """The cells of one sheet (the rows where `keep`, all when None) and its widths."""
        order = self.worklist if worklist else self.connections
        picked = {c: self.columns[c] if keep is None
                  else self.columns[c][keep].reset_index(drop=True) for c in order}
        # The columns as they are, not copied into one block: the sheet only reads them.
        return pd.DataFrame(picked, copy=False), [self.widths[c] for c in order]


def sheet_columns(result: Result) -> SheetColumns:
    """The columns of the connection sheets: Connections keeps the export's columns first;
    a worklist starts with Name, Decision, Recommendation, Reason, Position, Company,
    Connected On, Location, the fields a reason may cite, Tag, then the rest."""
    rows = result.rows.reset_index(drop=True)
    people = result.people.reset_index(drop=True)
    decided = result.decisions.frame.reset_index(drop=True)
    unclear = decided["unclear"] if "unclear" in decided.columns else pd.Series(
        "", index=rows.index, dtype=object)
    cited = {label: people[key] for label, key in CITED.items()
             if key in people.columns and people[key].fillna("").ne("").any()}
    raw: dict[str, pd.Series] = {}
    connections: list[str] = []
    for c in rows.columns:
        raw[c] = rows[c]
        connections.append(c)
        if c == "Location":
            raw.update(cited)
            connections += list(cited)
    raw["Decision"] = raw["Decision"].mask(unclear.ne(""), unclear)
    raw["Name"] = people["name"]
    worklist = ["Name", "Decision", "Recommendation", "Reason"]
    for label, name in (("Position", "position"), ("Company", "company"),
                        ("Connected On", "connected on")):
        found = found_columns(result, (name,))
        if found:
            raw[label] = raw[found[0]]
            worklist.append(label)
    worklist += ["Location", *cited, "Tag"]
    named = set(found_columns(result, ("first name", "last name", "position", "company",
                                "connected on")))
    worklist += [c for c in connections if c not in named and c not in worklist]
    # The tool's own hidden columns, last on each sheet: the person key the ledger matches on
    # and what the Decision cell was written with, so that reading back takes only an edit.
    ids = decided["id"] if "id" in decided.columns else person_ids(
        people["url"], people["name"], people["company"], keys=people.get("key"))["id"]
    hidden = (PERSON_KEY, written_header(result.decisions.book))
    raw[hidden[0]] = ids.reset_index(drop=True).astype(object)
    raw[hidden[1]] = raw["Decision"]
    connections += hidden
    worklist += hidden
    dated = {"Connected On", *found_columns(result, ("connected on",))}
    columns: dict[str, pd.Series] = {}
    for c, v in raw.items():
        if c in dated or c in DATE_COLUMNS:
            columns[c] = excel_dates(v, people.get("connected") if c in dated else None)
        else:
            columns[c] = v if is_numeric_dtype(v) else fit_text(v)
    measured = [c for c in connections if c not in WORKLIST and c not in hidden]
    fitted = {c: float(w) for c, w in WORKLIST.items()}
    fitted.update(dict.fromkeys(hidden, HIDDEN_WIDTH))
    fitted.update(zip(measured, column_widths(pd.DataFrame({c: raw[c] for c in measured})),
                      strict=True))
    return SheetColumns(columns=columns, connections=connections, worklist=worklist,
                        widths=fitted, hidden=hidden)


def location_counts(people: pd.DataFrame) -> dict[str, int]:
    """Connections placed on the map, with a location that could not be placed, with none."""
    text = (people["location_text"].fillna("").astype(str) if "location_text" in people.columns
            else pd.Series("", index=people.index))
    placed = (people["place"].notna() & people["place"].map(lambda p: p is not None)
              if "place" in people.columns else pd.Series(False, index=people.index))
    return {"placed": int(placed.sum()), "not placeable": int((~placed & text.ne("")).sum()),
            "no location known": int((~placed & text.eq("")).sum())}


def column_widths(frame: pd.DataFrame) -> list[float]:
    widths = []
    for col in frame.columns:
        values = frame[col]
        if is_numeric_dtype(values):  # each number's text once: the longest is the same
            values = values.drop_duplicates()
        longest = _longest(values.astype(str).fillna(""))  # no text: 0
        widths.append(float(min(max(len(str(col)), longest, _MIN_WIDTH) + 2,
                                _MAX_WIDTH)))
    return widths


def phrase_order(phrase: pd.Series) -> np.ndarray:
    """Row positions grouping equal phrases, the group of the commonest phrase first; rows
    without a phrase last; the rows of a group in their own order."""
    codes, uniques = pd.factorize(phrase.fillna("").astype(str))
    texts = uniques.tolist()
    rank = np.empty(len(texts), dtype=np.int64)  # each phrase's place in text order
    rank[sorted(range(len(texts)), key=texts.__getitem__)] = np.arange(len(texts))
    size = np.bincount(codes, minlength=len(texts))[codes]
    if "" in texts:
        size[codes == texts.index("")] = 0
    return np.lexsort((np.arange(len(codes)), rank[codes], -size))


#: The Reason of an untagged person no keyword matched: in a worklist such people are grouped
#: by the phrase they hold instead.
_NOTHING_MATCHED = "unknown: no keyword matched"
NO_PROFILE_GROUP = "unknown: no Position and no Company to judge by (hidden or empty profiles)"


def group_labels(people: pd.DataFrame) -> pd.Series:
    """What one look checks in a worklist, per person: their Reason; for an untagged person no
    keyword matched who holds a phrase of the Phrases sheet, `unknown: phrase "software
    engineer"` (one answer on the Phrases sheet decides that group); for the hidden and empty
    profiles, one group."""
    reason = people["reason"].fillna("").astype(str)
    phrase = (people["phrase"].fillna("").astype(str) if "phrase" in people.columns
              else pd.Series("", index=people.index, dtype=object))
    by_phrase = reason.str.startswith(_NOTHING_MATCHED) & phrase.ne("")
    labels = reason.mask(by_phrase, 'unknown: phrase "' + phrase[by_phrase] + '"')
    # Hidden and empty profiles alike: nothing to judge them by, one group.
    return labels.mask(phrase.eq(NO_PROFILE_PHRASE) & reason.str.startswith("unknown: "),
                       NO_PROFILE_GROUP)


def group_order(labels: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Row positions grouping equal labels, the biggest group first (ties A to Z), the rows
    of a group in their own order; and per row (in that order) its heading: `label — 212
    people`."""
    order = phrase_order(labels)
    shown = labels.iloc[order].reset_index(drop=True)
    size = shown.map(shown.value_counts())
    heading = shown + " — " + size.map("{:,}".format) + size.map(
        lambda n: " person" if n == 1 else " people")
    return order, heading
