"""The version of the tool, for the workbook, the report and `--version`.

The one place it is written: the package's build reads it from here (`pyproject.toml` names
this attribute), so the installed metadata and the running code always agree, and knowing it
costs no look-up of the installed distributions at start-up.
"""

from __future__ import annotations

__version__ = "0.1.0"
