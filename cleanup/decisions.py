"""The monthly cycle (§6): the user's decisions, the ledger decisions.csv, what changed.

STUB: issue 4 replaces this with the real ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from cleanup.pipeline import Result


@dataclass(frozen=True)
class Decisions:
    """The user's decision per connection (same index as `people`)."""

    frame: pd.DataFrame  # decision ("keep", "remove" or ""), decided_on (date string or "")
    warnings: list[str] = field(default_factory=list)


def load(out: Path | None, previous: str | Path | None, people: pd.DataFrame,
         as_of: date) -> Decisions:
    """The decisions that apply to this run's connections."""
    frame = pd.DataFrame({"decision": "", "decided_on": ""}, index=people.index, dtype=object)
    return Decisions(frame=frame)


def compare(result: Result, out: Path | None) -> Result:
    """Attach what changed since the previous run and the trend (changes, history)."""
    return result


def stage(result: Result, out: Path,
          stage: Callable[[Path, Callable[[Path], None]], None]) -> dict[str, Path]:
    """Stage decisions.csv (and the run history) with the reports; return their paths."""
    return {}
