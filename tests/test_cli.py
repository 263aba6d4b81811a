"""The command line: exit codes, exact messages, and parity with the library."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import invoke

from cleanup import pipeline

DATA = Path(__file__).parent / "data"
AS_OF = ["--as-of", "2026-11-25"]


def test_run_writes_workbook_and_report(tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "out"
    got = invoke("run", str(DATA / "connections_current.csv"), "--rules", str(rules_file),
                 "--out", str(out), *AS_OF)
    assert got.code == 0, got.output
    assert {p.name for p in out.iterdir()} >= {
        "linkedin-cleanup-2026-11-25.html", "linkedin-cleanup-2026-11-25.xlsx"}
    assert "6 connections as of 2026-11-25" in got.output
    assert "linkedin-cleanup-2026-11-25.xlsx" in got.output


def test_quiet_prints_nothing_on_success(tmp_path: Path, rules_file: Path) -> None:
    got = invoke("run", str(DATA / "connections_current.csv"), "--rules", str(rules_file),
                 "--out", str(tmp_path / "out"), "--quiet", *AS_OF)
    assert (got.code, got.output) == (0, "")


def test_missing_rules_file_says_run_init(tmp_path: Path) -> None:
    got = invoke("run", str(DATA / "connections_current.csv"), "--rules",
                 str(tmp_path / "rules.toml"), "--out", str(tmp_path / "out"))
    assert got.code == 1
    assert got.output == (
        f"Error: {tmp_path / 'rules.toml'}: no rules file. Run `linkedin-cleanup "
        "init` to write a starter rules.toml, or name the rules file to use "
        "(--rules FILE).\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "bad").iterdir()))
def test_bad_input_exits_1_with_one_line_and_writes_nothing(tmp_path: Path, rules_file: Path,
                                                            name: str) -> None:
    out = tmp_path / "out"
    got = invoke("run", str(DATA / "bad" / name), "--rules", str(rules_file),
                 "--out", str(out), "--quiet")
    assert got.code == 1
    assert got.output.startswith("Error: ") and got.output.count("\n") == 1
    assert "Traceback" not in got.output
    assert not out.exists()


def test_bad_rules_are_checked_before_the_export(tmp_path: Path) -> None:
    got = invoke("run", str(tmp_path / "missing.zip"), "--rules",
                 str(DATA / "rules" / "rules_unknown_key.toml"))
    assert got.code == 1
    assert "unknown key 'keywrds' in [complementary]" in got.output


def test_bad_as_of_is_a_usage_error(rules_file: Path) -> None:
    got = invoke("run", str(DATA / "connections_current.csv"), "--rules", str(rules_file),
                 "--as-of", "25/11/2026")
    assert got.code == 2
    assert "'25/11/2026' is not a date like 2026-11-25" in got.output


def test_unexpected_error_has_no_traceback_unless_debug(tmp_path: Path, rules_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pipeline, "analyse", boom)
    args = ["run", str(DATA / "connections_current.csv"), "--rules", str(rules_file),
            "--out", str(tmp_path)]
    got = invoke(*args)
    assert got.code == 1 and "unexpected failure (ZeroDivisionError: boom)" in got.output
    assert "Traceback" not in got.output
    result = invoke("--debug", *args, crash_ok=True)
    assert isinstance(result.exception, ZeroDivisionError)


def test_cli_and_library_agree(tmp_path: Path, rules_file: Path) -> None:
    export = DATA / "excel_resave_cp1252_semicolon.csv"
    got = invoke("run", str(export), "--rules", str(rules_file), "--out",
                 str(tmp_path / "cli"), "--quiet", *AS_OF)
    assert got.code == 0
    from datetime import date

    lib = pipeline.run(export, rules_file, tmp_path / "lib", as_of=date(2026, 11, 25))

    def cells(path: Path) -> list[tuple[object, ...]]:
        wb = openpyxl.load_workbook(path, read_only=True)
        return [tuple(r) for r in wb["Connections"].iter_rows(values_only=True)]

    assert cells(tmp_path / "cli" / "linkedin-cleanup-2026-11-25.xlsx") == cells(lib.paths["xlsx"])


def test_as_of_defaults_to_the_archive_date(tmp_path: Path, rules_file: Path) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport_10-25-2026"
    folder.mkdir()
    shutil.copy(DATA / "connections_current.csv", folder / "Connections.csv")
    got = invoke("run", str(folder), "--rules", str(rules_file), "--out",
                 str(tmp_path / "out"))
    assert got.code == 0, got.output
    assert (tmp_path / "out" / "linkedin-cleanup-2026-10-25.xlsx").exists()


@pytest.mark.slow
def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "cleanup", "--help"], capture_output=True,
                       text=True, check=False)
    assert p.returncode == 0
    assert "run" in p.stdout and "init" in p.stdout
