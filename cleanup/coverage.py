"""How well the rules cover the network: hits per keyword, dead keywords, suggestions (§8).

STUB: issue 5 replaces this with the real analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cleanup.rules import Rules
from cleanup.tagging import Matches


@dataclass(frozen=True)
class Coverage:
    """Keyword hits and suggestions for the Rules sheet."""

    hits: pd.DataFrame  # category, keyword, field, connections


def analyse(people: pd.DataFrame, matches: Matches, rules: Rules) -> Coverage:
    """Hits per keyword per field."""
    return Coverage(hits=pd.DataFrame(columns=["category", "keyword", "field", "connections"]))
