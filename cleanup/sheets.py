"""The sheets a person types into, as one definition for the workbook writer and the read-back.

Each of them (Connections, Remove, Review, Phrases) has a column the person types into
(Decision, Answer) and two hidden columns the tool writes for itself: the row's key (the
person key the decisions ledger matches on, or the phrase's key) and what the typed column was
written with. They move with their row when the sheet is sorted or filtered and survive a
re-save by Excel, LibreOffice or openpyxl, so reading a workbook back takes a cell only where it
differs from what was written. The written column's header also carries the workbook's own
id, the same in every copy of the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Typed:
    """A sheet the person types into: its title, the typed column, the hidden columns."""

    title: str
    typed: str  # the header of the column the person types into
    key: str  # the header of the hidden key column
    rank: int  # which sheet wins when two cells of one workbook disagree: the lower rank
    label: str = ""  # a column naming the row for a person's eyes ("" for none)


#: The hidden columns' headers: the key, and the value written (followed by the workbook id).
PERSON_KEY = "Person Key"
PHRASE_KEY = "Phrase Key"
WRITTEN = "Written"

CONNECTIONS = Typed("Connections", "Decision", PERSON_KEY, 1)
REMOVE = Typed("Remove", "Decision", PERSON_KEY, 0, "Name")
REVIEW = Typed("Review", "Decision", PERSON_KEY, 0, "Name")
PHRASES = Typed("Phrases", "Answer", PHRASE_KEY, 0, "Phrase")
#: The sheets holding Decision cells, Connections first (its rows are kept for the changes).
DECISION_SHEETS = (CONNECTIONS, REMOVE, REVIEW)
#: The width of a hidden column, should a person unhide it.
HIDDEN_WIDTH = 12.0


def header_key(header: str) -> str:
    """A header as the read-back compares it: spaces and underscores collapsed, case folded."""
    return re.sub(r"[\s_]+", " ", str(header)).strip().casefold()


def written_header(book_id: str) -> str:
    """The header of the hidden column holding what the typed column was written with."""
    return f"{WRITTEN} {book_id}" if book_id else WRITTEN


def written_book(header: str) -> str | None:
    """The workbook id in a written column's header ("" when it names none), or None when
    `header` is not that of a written column."""
    text = " ".join(str(header).split())
    if text.casefold() == WRITTEN.casefold():
        return ""
    head, _, rest = text.partition(" ")
    return rest if head.casefold() == WRITTEN.casefold() else None


def book_id(as_of: str, values: Iterable[str]) -> str:
    """A workbook's id: the run's date and a digest of what its typed cells were written with
    (same inputs, same id)."""
    digest = hashlib.sha256("\x1f".join(values).encode("utf-8", "replace")).hexdigest()[:12]
    return f"{as_of}.{digest}"
