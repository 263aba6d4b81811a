"""The library speaks in its own terms: below the command line, no message names a flag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import string_constants

import cleanup
from cleanup.cli import HINT_FLAGS, describe
from cleanup.errors import InputError

PACKAGE = Path(cleanup.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
#: `init` writes a rules file for command-line users; its comments may say how to run the tool.
TEMPLATE_TEXT = {"starter.py"}


def test_no_library_message_names_a_command_line_flag() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py"))
             if path.name != "cli.py" and path.name not in TEMPLATE_TEXT
             for line, text in string_constants(path) if FLAG.search(text)]
    assert found == []


@pytest.mark.parametrize("hint", sorted(HINT_FLAGS))
def test_the_cli_names_the_flag_a_hint_stands_for(hint: str) -> None:
    shown = describe(InputError("x.csv: something is wrong. Fix it.", hint=hint))
    assert shown == f"x.csv: something is wrong. Fix it ({HINT_FLAGS[hint]})."


def test_an_error_without_hint_is_shown_as_it_is() -> None:
    assert describe(InputError("x.csv: broken.")) == "x.csv: broken."
