"""Pending connection requests from Invitations.csv, triaged with the same rules (§7).

STUB: issue 5 replaces this with the real reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from cleanup.archive import Archive, SourceFile
from cleanup.rules import Rules


@dataclass(frozen=True)
class Invitations:
    """Incoming requests with accept/ignore/review, outgoing ones to withdraw."""

    incoming: pd.DataFrame
    outgoing: pd.DataFrame
    inputs: list[SourceFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read(archive: Archive, rules: Rules, enrichment: pd.DataFrame | None,
         as_of: date) -> Invitations | None:
    """Triage Invitations.csv, or None when the archive has none."""
    return None
