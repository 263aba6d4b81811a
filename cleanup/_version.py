"""The installed version of the tool, for the workbook, the report and `--version`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("linkedin-cleanup")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
