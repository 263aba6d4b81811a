"""The people table: one row per connection, the tool's own columns, declared once.

Every input layout (LinkedIn's Connections.csv of each year, a DataFrame, another tool's
contacts export) is read by its adapter in `cleanup.read.adapters` into this table; every
stage after the readers reads and adds these columns, and none looks up an export's header
name. The export's own columns travel beside it, untouched, as an `Export` payload that only
the Connections sheet writes back.

`COLUMNS` lists each column with its kind and the stage that adds it; `problems` checks a
frame against it (the tests do so at each stage boundary).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_integer_dtype

#: The stages that add columns, in the order they run.
STAGES = ("read", "enrich", "judge", "result")


@dataclass(frozen=True)
class Column:
    """One column of the people table."""

    kind: str  # "text" (str, "" when none), "date" (datetime64, NaT), "bool", "int", "object"
    stage: str  # the stage whose output first holds it
    doc: str


#: Every column of the people table, in the order the stages add them.
COLUMNS: Mapping[str, Column] = MappingProxyType({
    "first": Column("text", "read", "first name as written"),
    "last": Column("text", "read", "last name as written"),
    "name": Column("text", "read", "first and last name"),
    "url": Column("text", "read", "the profile URL as written"),
    "key": Column("text", "read", "the profile URL's normalised key (\"\" without one)"),
    "link": Column("text", "read", "the canonical https://www.linkedin.com/in/<slug> link, "
                   "\"\" when there is none to trust"),
    "email": Column("text", "read", "e-mail address as written"),
    "company": Column("text", "read", "company as written"),
    "position": Column("text", "read", "position (job title) as written"),
    "connected_on": Column("text", "read", "the connection date as written"),
    "connected": Column("date", "read", "the connection date parsed, NaT if not"),
    "hidden": Column("bool", "read", "a member who hides their data from exports"),
    "line": Column("int", "read", "the line of the input file the row starts on"),
    "location_text": Column("text", "enrich", "the location an enrichment file gives"),
    "place": Column("object", "enrich", "its resolved Place, None when unknown"),
    "industry": Column("text", "enrich", "industry from enrichment (\"\" when none)"),
    "headline": Column("text", "enrich", "headline from enrichment (\"\" when none)"),
    "place_label": Column("text", "enrich", "the Location the sheets show: the place, or "
                          "the text marked as not recognised"),
    "tag": Column("text", "judge", "the tag, the first rule that applies"),
    "tag_reason": Column("text", "judge", "why that tag"),
    "keyword": Column("text", "judge", "the keyword that decided the tag"),
    "field": Column("text", "judge", "the field it was found in"),
    "unrelated": Column("bool", "judge", "an [unrelated] keyword or answer matched"),
    "recommendation": Column("text", "judge", "keep, remove or review"),
    "reason": Column("text", "judge", "the reason a person reads"),
    "decision": Column("text", "result", "the user's decision in force: keep, remove or "
                       "\"\""),
    "unclear": Column("text", "result", "a Decision cell not understood, as typed"),
    "phrase": Column("text", "result", "the commonest unanswered phrase of an untagged "
                     "row, to group the Review list by"),
})

#: The columns an input adapter fills from its file (the others the reader derives).
FIELDS = ("first", "last", "url", "email", "company", "position", "connected_on")


def expected(stage: str) -> list[str]:
    """The columns a people table holds once `stage` has run."""
    upto = STAGES[: STAGES.index(stage) + 1]
    return [name for name, c in COLUMNS.items() if c.stage in upto]


def _kind_ok(values: pd.Series, kind: str) -> bool:
    if kind == "date":
        return bool(is_datetime64_any_dtype(values))
    if kind == "bool":
        return bool(is_bool_dtype(values))
    if kind == "int":
        return bool(is_integer_dtype(values))
    if kind == "text":
        array = values.to_numpy(dtype=object)
        return bool(np.all([type(v) is str for v in array])) if len(array) else True
    return True


def problems(frame: pd.DataFrame, stage: str) -> list[str]:
    """What is wrong with `frame` as the people table after `stage`: columns missing, or of
    the wrong kind. Empty when it is right."""
    out = []
    for name in expected(stage):
        if name not in frame.columns:
            out.append(f"{name}: missing")
        elif not _kind_ok(frame[name], COLUMNS[name].kind):
            out.append(f"{name}: not {COLUMNS[name].kind} ({frame[name].dtype})")
    return out


@dataclass(frozen=True)
class Export:
    """The input's own columns, as read (names and order as in the file, every cell text):
    a payload only the Connections sheet writes back. `fields` says which of its columns
    holds each people field the adapter found (canonical name -> the column's name here)."""

    frame: pd.DataFrame
    layout: str  # the adapter's name, e.g. "LinkedIn Connections.csv"
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]
