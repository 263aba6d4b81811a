"""The people table's columns are declared once, and the package reads no other."""

from __future__ import annotations

import ast
from pathlib import Path

import cleanup
from cleanup.people import COLUMNS, FIELDS, STAGES, expected
from cleanup.read.adapters import adapters

PACKAGE = Path(cleanup.__file__).parent


def _people_keys() -> dict[str, list[str]]:
    """Every string a module looks a `people` frame up by (`people["tag"]`,
    `result.people["tag"]`, `people.loc[rows, "tag"]`), with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Subscript):
                continue
            target, key = node.value, node.slice
            if isinstance(target, ast.Attribute) and target.attr in ("loc", "at"):
                target = target.value
                key = key.elts[-1] if isinstance(key, ast.Tuple) else key
            name = (target.id if isinstance(target, ast.Name)
                    else target.attr if isinstance(target, ast.Attribute) else "")
            if name == "people" and isinstance(key, ast.Constant) and isinstance(
                    key.value, str):
                where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                found.setdefault(key.value, []).append(where)
    return found


def test_every_column_the_package_reads_from_people_is_declared() -> None:
    keys = _people_keys()
    assert len(keys) > 15  # the scan finds the look-ups
    assert {k: w for k, w in keys.items() if k not in COLUMNS} == {}


def test_each_stage_adds_to_what_the_one_before_holds() -> None:
    sizes = [len(expected(stage)) for stage in STAGES]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)
    assert expected("result") == list(COLUMNS)
    assert set(FIELDS) <= set(expected("read"))


def test_every_adapter_fills_only_people_fields_and_linkedins_comes_first() -> None:
    found = adapters()
    assert found[0].name == "LinkedIn Connections.csv"
    for adapter in found:
        assert set(adapter.headers) <= set(FIELDS)
        assert set(adapter.required) <= set(adapter.headers)
