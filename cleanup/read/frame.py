"""A DataFrame with the export's own column names, read as if it were Connections.csv.

The Python API accepts such a frame as the source. It goes through the very reader the CLI
uses (as CSV bytes held in memory), so a frame and a file give the same result.
"""

from __future__ import annotations

import pandas as pd

from cleanup.errors import InputError, utf8_safe
from cleanup.read.archive import Archive

LABEL = "DataFrame"


def archive_of_frame(frame: pd.DataFrame) -> Archive:
    """An in-memory export whose only file is the frame as Connections.csv."""
    if frame.columns.empty:
        raise InputError(f"{LABEL}: it has no columns. Give a frame with the columns of "
                         "LinkedIn's Connections.csv (First Name, Last Name, URL, Email "
                         "Address, Company, Position, Connected On).")
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    # A lone surrogate (a Python string can hold one) is not text: it becomes U+FFFD.
    data = utf8_safe(text.to_csv(index=False, lineterminator="\n")).encode("utf-8")
    return Archive.in_memory(LABEL, {"Connections.csv": data})
