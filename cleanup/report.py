"""Result -> the self-contained HTML report (§8).

STUB: issue 7 replaces this with the real report.
"""

from __future__ import annotations

from pathlib import Path

from cleanup.pipeline import Result


def write(result: Result, path: Path) -> None:
    """Write the HTML report for `result` to `path`."""
    path.write_text("<!doctype html><title>linkedin-cleanup</title>", encoding="utf-8")
