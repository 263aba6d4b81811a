"""The library speaks in its own terms: below the command line, no message names a flag."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import cleanup
from cleanup.cli import HINT_FLAGS, describe
from cleanup.errors import InputError

PACKAGE = Path(cleanup.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
#: `init` writes a rules file for command-line users; its comments may say how to run the tool.
TEMPLATE_TEXT = {"starter.py"}


def _messages(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_no_library_message_names_a_command_line_flag() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py"))
             if path.name != "cli.py" and path.name not in TEMPLATE_TEXT
             for line, text in _messages(path) if FLAG.search(text)]
    assert found == []


@pytest.mark.parametrize("hint", sorted(HINT_FLAGS))
def test_the_cli_names_the_flag_a_hint_stands_for(hint: str) -> None:
    shown = describe(InputError("x.csv: something is wrong. Fix it.", hint=hint))
    assert shown == f"x.csv: something is wrong. Fix it ({HINT_FLAGS[hint]})."


def test_an_error_without_hint_is_shown_as_it_is() -> None:
    assert describe(InputError("x.csv: broken.")) == "x.csv: broken."
