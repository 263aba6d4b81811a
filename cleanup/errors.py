"""The one error hierarchy, and notices: what a run says without stopping.

The CLI catches `CleanupError` once and prints its message. A library error never names a
command-line flag; where the fix is a flag, the error carries a `hint` (the option's name in
the Python API, such as "enrich" or "out") and the CLI words it as that flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class CleanupError(Exception):
    """A refused run: the message says what is wrong and how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(CleanupError):
    """The export, an enrichment file or a previous workbook cannot be used."""


class RulesError(CleanupError):
    """The rules file is missing, malformed or names something unknown."""


class OutputError(CleanupError):
    """The reports or the decisions ledger could not be written."""


def utf8_safe(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so that it can be written as UTF-8.

    Python reads a file name holding bytes that are not UTF-8 with such surrogates
    ("surrogateescape"); in a label or a message they would make every writer fail.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


@dataclass(frozen=True)
class Notice:
    """Something a stage noticed and went on: a file skipped, rows not matched, a date not read.

    Stages return their notices as data; the summary and the reports print them with `str()`.
    A notice has a kind (`code`, such as "dates-unread") and the figures it cites (`fields`).
    One whose remedy is an option the caller sets says so with `hint` (as `CleanupError`
    does) and words that remedy in `fix`; its `template` holds the sentence with a `{fix}`
    slot (and slots for `fields`), so that the command line can say the remedy its own way
    (`said(fix=...)`) without editing the text.
    """

    source: str  # the file or input it is about ("" when it is about the run as a whole)
    line: int | None
    message: str = ""
    code: str = "note"
    fields: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    hint: str = ""  # the option of the Python API the remedy is about, "" for none
    fix: str = ""  # the remedy in the library's words
    template: str = ""  # the message with a {fix} slot; "" when the message says no remedy

    def __post_init__(self) -> None:
        if self.template and not self.message:
            object.__setattr__(self, "message", self.template.format(**self.fields,
                                                                     fix=self.fix))
        object.__setattr__(self, "source", utf8_safe(self.source))
        object.__setattr__(self, "message", utf8_safe(self.message))

    def said(self, fix: str | None = None) -> str:
        """The notice as printed, its remedy worded as `fix` when given (and it has one)."""
        message = self.message
        if fix is not None and self.template:
            message = utf8_safe(self.template.format(**self.fields, fix=fix))
        if not self.source:
            return message
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {message}"

    def __str__(self) -> str:
        return self.said()
