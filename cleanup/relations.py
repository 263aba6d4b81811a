"""Evidence of a relationship from the archive: messages, recommendations, endorsements (§5.4).

STUB: issue 5 replaces this with the real reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from cleanup.archive import Archive, SourceFile


@dataclass(frozen=True)
class Relations:
    """Per connection (same index as `people`): columns for the workbook and the guard's note."""

    columns: pd.DataFrame  # output columns such as "Messages sent", appended after Decision
    evidence: pd.Series  # "14 messages exchanged, last on 2026-03-02" or "" per row
    inputs: list[SourceFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read(archive: Archive, people: pd.DataFrame, as_of: date) -> Relations:
    """Count the relationship evidence for each connection."""
    return Relations(columns=pd.DataFrame(index=people.index),
                     evidence=pd.Series("", index=people.index, dtype=object))
