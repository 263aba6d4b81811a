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

    lib = pipeline.run(export, rules_file, tmp_path / "lib", as_of=date(2026, 11, 25),
                       new_history=True)  # the same network in a second folder, on purpose

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


# ---------------------------------------------------------------------------- the first hour

def invoke_text(*args: str | Path, crash_ok: bool = False) -> tuple[int, str]:
    """Exit code and everything the command printed."""
    got = invoke(*args, crash_ok=crash_ok)
    return got.code, got.output


def run_current(tmp_path: Path, rules_file: Path, *extra: str) -> tuple[int, str]:
    return invoke_text("run", str(DATA / "connections_current.csv"), "--rules", str(rules_file),
                  "--out", str(tmp_path / "out"), *AS_OF, *extra)


def test_a_run_ends_with_what_to_do_next(tmp_path: Path, rules_file: Path) -> None:
    code, text = run_current(tmp_path, rules_file)
    assert code == 0, text
    nxt = text[text.index("\nNext:\n"):]
    assert f"1. Open {tmp_path / 'out' / 'linkedin-cleanup-2026-11-25.xlsx'}." in nxt
    assert "2. Work through the Remove sheet (2), then Review (1): type keep or remove" in nxt
    assert "3. Next month, run again with the new archive" in nxt
    # A first run has no decisions: no block of zeros.
    assert "Your decisions" not in text and ": 0" not in text


def test_the_decisions_block_prints_what_is_not_zero_in_words_that_add_up(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "out"
    assert run_current(tmp_path, rules_file)[0] == 0
    book = out / "linkedin-cleanup-2026-11-25.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Connections"]
    header = [c.value for c in ws[1]]
    for row, value in ((2, "keep"), (3, "remove"), (4, "yes")):
        ws.cell(row, header.index("Decision") + 1).value = value
    wb.save(book)
    code, text = run_current(tmp_path, rules_file)
    assert code == 0, text
    block = text[text.index("Your decisions:"):text.index("\nNotes:")]
    assert "  2 decisions in force: 2 new this run\n" in block
    assert "  1 Decision cell not understood (see the notes)" in block
    assert "cleared" not in block and " 0 " not in block
    # December: the same two decisions, now from an earlier run.
    code, text = invoke_text("run", str(DATA / "connections_current.csv"), "--rules",
                        str(rules_file), "--out", str(out), "--as-of", "2026-12-25")
    assert code == 0, text
    assert "  2 decisions in force: 2 from earlier runs\n" in text


def test_a_workbook_given_as_export_is_named(tmp_path: Path, rules_file: Path) -> None:
    assert run_current(tmp_path, rules_file)[0] == 0
    book = tmp_path / "out" / "linkedin-cleanup-2026-11-25.xlsx"
    for command in (["run", str(book), "--rules", str(rules_file), "--out",
                     str(tmp_path / "o2"), "--quiet"], ["init", str(book), "--output",
                                            str(tmp_path / "r.toml")]):
        code, text = invoke_text(*command)
        assert code == 1, text
        assert text == (f"Error: {book}: this is a workbook linkedin-cleanup wrote, not "
                        "LinkedIn's archive. Give the archive you downloaded from LinkedIn "
                        "(Basic_LinkedInDataExport_MM-DD-YYYY.zip), the folder it was unzipped "
                        "into, or its Connections.csv.\n")
    assert not (tmp_path / "o2").exists() and not (tmp_path / "r.toml").exists()


def test_a_folder_of_several_archives_asks_for_one(tmp_path: Path, rules_file: Path) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    for name in ("Basic_LinkedInDataExport_10-25-2026.zip",
                 "Basic_LinkedInDataExport_11-25-2026.zip"):
        shutil.make_archive(str(downloads / name.removesuffix(".zip")), "zip", DATA / "archive")
    code, text = invoke_text("run", str(downloads), "--rules", str(rules_file), "--out",
                        str(tmp_path / "out"), "--quiet")
    assert code == 1
    assert text == (f"Error: {downloads}: this folder holds 2 zip archives "
                    "(Basic_LinkedInDataExport_10-25-2026.zip, "
                    "Basic_LinkedInDataExport_11-25-2026.zip); give one of them, such as "
                    f"{downloads / 'Basic_LinkedInDataExport_11-25-2026.zip'}.\n")


@pytest.mark.parametrize("kind", ["csv", "archive"])
def test_previous_that_is_not_a_workbook_is_named(tmp_path: Path, rules_file: Path,
                                                  kind: str) -> None:
    if kind == "csv":
        previous = DATA / "connections_current.csv"
        what = "not a workbook linkedin-cleanup wrote (not an .xlsx file)"
    else:
        previous = Path(shutil.make_archive(str(tmp_path / "Basic_LinkedInDataExport_10-25-2026"),
                                            "zip", DATA / "archive"))
        what = "LinkedIn's archive, not a workbook linkedin-cleanup wrote"
    code, text = run_current(tmp_path, rules_file, "--previous", str(previous), "--quiet")
    assert code == 1
    assert text == (f"Error: {previous}: this is {what}. Give last month's "
                    "linkedin-cleanup-YYYY-MM-DD.xlsx as the previous workbook, or name none "
                    "to read the newest one in the output folder (--previous XLSX).\n")
    assert "KeyError" not in text


def test_debug_is_accepted_after_run(tmp_path: Path, rules_file: Path) -> None:
    code, text = invoke_text("run", str(tmp_path / "missing.zip"), "--rules", str(rules_file),
                             "--debug", crash_ok=True)
    assert code == 1 and "Traceback" in text and "no such file or folder" in text
    code, text = invoke_text("init", str(tmp_path / "missing.zip"), "--debug",
                             "--output", str(tmp_path / "r.toml"), crash_ok=True)
    assert code == 1 and "Traceback" in text


def test_local_scope_without_any_location_says_so(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[business]\nname = "Shop"\nscope = "local"\nlocations = ["Texas"]\n'
                     '[prospect]\nkeywords = ["realtor"]\n', encoding="utf-8")
    code, text = invoke_text("run", str(DATA / "connections_current.csv"), "--rules", str(rules),
                        "--out", str(tmp_path / "out"), *AS_OF)
    assert code == 0, text
    assert ("no location is known: LinkedIn's export has none; add --enrich FILE to use the "
            "location rule") in text
    wb = openpyxl.load_workbook(tmp_path / "out" / "linkedin-cleanup-2026-11-25.xlsx")
    summary = [c.value for row in wb["Summary"].iter_rows(max_col=1) for c in row if c.value]
    assert any(str(v).startswith("No location is known: LinkedIn's export has none") for v
               in summary)
    assert any("no location is known" in str(v) for v in summary)  # the note, in library words
