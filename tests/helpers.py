"""What many test files need: a rules file, a Connections.csv, a decision typed into the
workbook, the report parsed, the CLI run.

Import from here (`from helpers import ...`; pytest puts `tests/` on the path) rather than
writing one more variant in a test file.
"""

from __future__ import annotations

import ast
import csv
import functools
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cleanup.cli import main

# ---------------------------------------------------------------------------- rules.toml

TomlValue = str | int | bool | Sequence[str]


def toml_value(value: TomlValue) -> str:
    """A TOML literal: "text" (escaped), 42, true, ["a", "b"]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(toml_value(v) for v in value) + "]"


def rules_toml(keywords: Mapping[str, Sequence[str]] | None = None, /, *,
               keep: Mapping[str, Sequence[str]] | None = None,
               remove: Mapping[str, Sequence[str]] | None = None,
               business_lines: str = "", **business: TomlValue) -> str:
    """The text of a rules.toml.

    `business` are the keys of `[business]` (`name` defaults to "Test"), `business_lines`
    more of them as raw TOML; `keywords` maps a category to its keywords (one
    `[category]` table each, in order); `keep` / `remove` map `names`, `companies` or `urls`
    to their lists. An empty mapping still writes its table.
    """
    business = {"name": "Test", **business}
    lines = ["[business]", *(f"{key} = {toml_value(v)}" for key, v in business.items())]
    text = "\n".join(lines) + "\n" + (business_lines + "\n" if business_lines else "")
    for category, words in (keywords or {}).items():
        text += f"\n[{category}]\nkeywords = {toml_value(words)}\n"
    for table, lists in (("keep", keep), ("remove", remove)):
        if lists is not None:
            text += f"\n[{table}]\n" + "".join(f"{k} = {toml_value(v)}\n"
                                                for k, v in lists.items())
    return text


def write_rules(folder: Path, keywords: Mapping[str, Sequence[str]] | None = None, /,
                **options: Any) -> Path:
    """`rules_toml(keywords, **options)` written as `folder/rules.toml`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rules.toml"
    path.write_text(rules_toml(keywords, **options), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- Connections.csv

CONNECTIONS_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                      "Connected On")


def connections_csv(rows: Iterable[Sequence[str]], *, header: Sequence[str] = CONNECTIONS_HEADER,
                    newline: str = "\n") -> str:
    """A Connections.csv as LinkedIn writes it today (no `Notes:` preamble), quoted only
    where a field needs it."""
    import io

    text = io.StringIO()
    writer = csv.writer(text, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue()


def write_connections(path: Path, rows: Iterable[Sequence[str]], **options: Any) -> Path:
    """`connections_csv(rows, **options)` written at `path` (folders made); returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(connections_csv(rows, **options), encoding="utf-8", newline="")
    return path


# ---------------------------------------------------------------------------- a decide session

SLUG = "https://www.linkedin.com/in/"


def _member(first: str, position: str, company: str = "", last: str = "Example") -> list[str]:
    return [first, last, f"{SLUG}{first.lower()}-example", "", company, position, "05 Mar 2020"]


#: A small network to decide: four hygienists and three software engineers (untagged), nine
#: web designers (competitors, six of them photographers too), two photographers, two
#: realtors (prospects) and a plumber.
DECIDE_ROWS = [
    *[_member(f"Hy{i}", "Dental Hygienist", f"Smile Studio {i}") for i in range(4)],
    *[_member(f"Sw{i}", "Software Engineer", f"Byte Works {i}") for i in range(3)],
    *[_member(f"Wd{i}", "Web Designer", f"Pixel Forge {i}") for i in range(3)],
    *[_member(f"Wp{i}", "Web Designer and Photographer", "Lens Pixel") for i in range(6)],
    *[_member(f"Ph{i}", "Photographer", f"Shutter House {i}") for i in range(2)],
    *[_member(f"Re{i}", "Realtor", f"Home Team {i}") for i in range(2)],
    _member("Plum", "Plumber", "Pipes Unlimited"),
]


def decide_network(folder: Path, extra: Iterable[Sequence[str]] = ()) -> tuple[Path, Path, Path]:
    """(Connections.csv, rules.toml, the output folder) of `DECIDE_ROWS` + `extra`: realtors
    are prospects, web designers competitors, and people not your audience are removed."""
    export = write_connections(folder / "Connections.csv", [*DECIDE_ROWS, *extra])
    rules = write_rules(folder, {"prospect": ["realtor"], "competitor": ["web designer"]},
                        unrelated="remove")
    return export, rules, folder / "reports"


# ---------------------------------------------------------------------------- the workbook

def type_decision(workbook: Path, first_name: str, value: str) -> None:
    """What the user does in Excel: type a decision on the Connections sheet and save."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Connections"]
    header = [c.value for c in ws[1]]
    column = header.index("Decision") + 1
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == first_name:
            ws.cell(row, column).value = value
            break
    else:
        raise AssertionError(f"{first_name} is not in {workbook}")
    wb.save(workbook)


# ---------------------------------------------------------------------------- the HTML report

Attrs = list[tuple[str, str | None]]


class Page(HTMLParser):
    """A page parsed with the stdlib parser: every element with its attributes (as written, in
    `tags`; as a dict, in `elements`), the ids, the links, the text outside scripts and
    styles, and the bodies of scripts and styles."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, Attrs]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._raw: tuple[str, dict[str, str | None], list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self._element(tag, attrs)
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs), [])

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: Attrs) -> None:
        named = dict(attrs)
        self.tags.append((tag, attrs))
        self.elements.append((tag, named))
        if named.get("id"):
            self.ids.add(str(named["id"]))
        if tag == "a" and named.get("href"):
            self.links.append(str(named["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._raw and self._raw[0] == tag:
            kind, attrs, parts = self._raw
            if kind == "script":
                self.scripts.append((attrs, "".join(parts)))
            else:
                self.styles.append("".join(parts))
            self._raw = None

    def handle_data(self, data: str) -> None:
        (self._raw[2] if self._raw else self.text).append(data)

    @property
    def words(self) -> list[str]:
        """The text nodes, stripped."""
        return [t.strip() for t in self.text]

    def all_text(self) -> str:
        return "".join(self.text)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """Attributes of every `tag` element with these attribute values (`data_x` means
        `data-x`)."""
        return [a for t, a in self.elements
                if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """The report's JSON data island (`<script id="data">`)."""
        (island,) = [text for attrs, text in self.scripts if attrs.get("id") == "data"]
        return json.loads(island)  # type: ignore[no-any-return]

    def column(self, field: str) -> list[Any]:
        """One field of the data island, one value per connection, indexes resolved."""
        from cleanup.writers import report

        data = self.data
        values: list[Any] = data["columns"][field]
        table = {"tag": data["tags"], "rec": data["recs"]}.get(field)
        if field in report.SHARED_FIELDS:
            table = data["strings"]
        return [table[v] for v in values] if table else values


# ---------------------------------------------------------------------------- the CLI

@dataclass(frozen=True)
class CliRun:
    """One in-process run of `linkedin-cleanup`."""

    code: int
    output: str  # stdout and stderr as a terminal shows them
    stdout: str
    stderr: str
    exception: BaseException | None


def invoke(*args: str | Path, crash_ok: bool = False) -> CliRun:
    """`linkedin-cleanup ARGS` in-process (click's CliRunner). Unless `crash_ok`, the command
    must end by exiting, never with an exception or a traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if not crash_ok:
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{type(result.exception).__name__}: {result.exception}")
        assert "Traceback" not in result.output
    return CliRun(result.exit_code, result.output, result.stdout, result.stderr,
                  result.exception)


# ---------------------------------------------------------------------------- processes

def under_umask(umask: int, code: str) -> str:
    """Run Python `code` in a fresh interpreter whose umask is `umask` before anything is
    imported; returns what it printed."""
    proc = subprocess.run([sys.executable, "-c", f"import os\nos.umask({umask:#o})\n{code}"],
                          capture_output=True, text=True, timeout=HANG_SECONDS)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


#: How long a program a test starts may run before the test gives up on it: a guard against a
#: hang, never a measure of speed (a loaded machine may take minutes).
HANG_SECONDS = 900


def libreoffice_convert(path: Path, tmp_path: Path, to: str) -> Path:
    """Convert `path` with LibreOffice (headless, a profile of its own) to the format `to`
    (`xlsx`, or a CSV filter), into a new folder under `tmp_path`; returns the folder.
    Only for tests marked `soffice` (conftest refuses to start it from any other)."""
    soffice = require_program(shutil.which("soffice") or shutil.which("libreoffice"),
                              "LibreOffice (soffice) is not installed")
    folder = tmp_path / f"lo-{uuid.uuid4().hex}"
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=HANG_SECONDS)
    return folder


def libreoffice(path: Path, tmp_path: Path) -> Path:
    """Open and save `path` in LibreOffice (headless), in place, as a user would."""
    converted = libreoffice_convert(path, tmp_path, "xlsx")
    shutil.copyfile(converted / path.name, path)
    return path


def require_program(path: str | None, message: str) -> str:
    """`path` of a program a test needs. Without it the test is skipped on a developer's
    machine, and fails when $CI is set (CI installs every program)."""
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def string_constants(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module but its docstrings (which explain, never decide),
    with their line: what a module says or compares, for the tests that scan the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]
