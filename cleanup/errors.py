"""The one error hierarchy. The CLI catches `CleanupError` once and prints its message."""

from __future__ import annotations


class CleanupError(Exception):
    """A refused run: the message says what is wrong and how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(CleanupError):
    """The export, an enrichment file or a previous workbook cannot be used."""


class RulesError(CleanupError):
    """The rules file is missing, malformed or names something unknown."""


class OutputError(CleanupError):
    """The reports or the decisions ledger could not be written."""
