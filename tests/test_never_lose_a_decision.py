"""Whatever file a person opens, moves or re-reads, no decision or answer is lost or reverted.

The ledgers are the memory; a workbook only adds what a person changed in it. One test per
unusual path a person takes: the newest workbook moved away, typing into last month's workbook,
a same-month re-run and the report's ticks, a file named for a future date, a run killed
between two renames, a mistyped future date undone, a copy saved as "(2)", another layout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from test_monthly_cycle import (
    FEB,
    JAN,
    MAR,
    PEOPLE,
    book,
    export,
    ledger,
    run,
    sheet_rows,
    type_decisions,
    url,
)
from test_phrases import answer
from test_phrases import export as phrase_export
from test_phrases import ledger as phrase_ledger
from test_phrases import rules_file as phrase_rules

from cleanup import pipeline
from cleanup.errors import InputError
from cleanup.writers import report

EVERYONE = ("ada", "bob", "dee", "eve", "hal")
_EXPORTS: dict[tuple[Path, date], Path] = {}


def monthly(tmp_path: Path, month: date) -> Path:
    """The export of `month` with EVERYONE, written once per test."""
    if (tmp_path, month) not in _EXPORTS:
        _EXPORTS[(tmp_path, month)] = export(tmp_path, month, *EVERYONE)
    return _EXPORTS[(tmp_path, month)]


def in_force(result: pipeline.Result) -> dict[str, str]:
    """Full name -> the decision in force this run (only the decided)."""
    names = result.people["name"].tolist()
    return {n: d for n, d in zip(names, result.decisions.frame["decision"], strict=True) if d}


def test_moving_away_the_newest_workbook_clears_nothing(tmp_path: Path,
                                                         rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="keep", dee="keep")
    run(monthly(tmp_path, FEB), rules_file, out, FEB)
    shutil.move(book(out, FEB), tmp_path / "elsewhere.xlsx")  # moved, or deleted
    result = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(result) == {"Bob Builder": "keep", "Dee Dev": "keep"}
    assert result.decisions.cleared == 0 and result.decisions.added == 0
    assert [d for _, d, _ in ledger(out)] == ["keep", "keep"]
    # The moved workbook named as the previous one: still nothing cleared.
    result = run(monthly(tmp_path, MAR), rules_file, out, MAR,
                 previous=tmp_path / "elsewhere.xlsx")
    assert in_force(result) == {"Bob Builder": "keep", "Dee Dev": "keep"}
    assert result.decisions.cleared == 0


@pytest.mark.slow  # over a second: out of the quick loop
def test_a_decision_typed_into_last_months_workbook_counts(tmp_path: Path,
                                                           rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="keep")
    run(monthly(tmp_path, FEB), rules_file, out, FEB)
    # Opened from "recent files": January's workbook, after February's run.
    type_decisions(book(out, JAN), "Remove", dee="keep")
    type_decisions(book(out, JAN), "Connections", hal="remove")
    result = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(result) == {"Bob Builder": "keep", "Dee Dev": "keep",
                                "Hal Coder": "remove"}
    said = [w for w in result.warnings if "decisions taken from" in w]
    assert said == ["linkedin-cleanup-2026-01-25.xlsx: 2 decisions taken from this workbook, "
                    "where they were changed: Dee Dev keep, Hal Coder remove."]
    assert ledger(out)[1:] == [("Dee Dev", "keep", "2026-03-25"),
                               ("Hal Coder", "remove", "2026-03-25")]
    # Read again next month, untouched: it neither reverts nor re-applies anything, even
    # over a newer decision made in February's workbook.
    type_decisions(book(out, FEB), "Connections", bob="remove")
    again = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(again) == {"Bob Builder": "remove", "Dee Dev": "keep", "Hal Coder": "remove"}
    assert again.decisions.added == 1 and again.decisions.cleared == 0


def test_a_same_month_rerun_keeps_the_reports_done_ticks(tmp_path: Path,
                                                         rules_file: Path) -> None:
    out = tmp_path / "reports"
    first = run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Review", eve="remove")  # the list changes
    second = run(monthly(tmp_path, JAN), rules_file, out, JAN)
    keys = [report.storage_key(r) for r in (first, second)]
    assert keys[0] == keys[1]  # the same place in the browser for the same month
    # Each Remove row is ticked by who it is, not by its place in the page's data.
    before, after = (report.tick_keys(r) for r in (first, second))
    assert set(before) < set(after)
    assert len(set(after)) == len(after)


def test_a_future_date_in_a_file_name_poisons_nothing(tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    copy = out / "linkedin-cleanup-2099-01-01-copy.xlsx"
    shutil.copyfile(book(out, JAN), copy)
    type_decisions(copy, "Remove", bob="keep")
    run(monthly(tmp_path, FEB), rules_file, out, FEB)
    assert ledger(out) == [("Bob Builder", "keep", "2026-02-25")]
    type_decisions(book(out, FEB), "Connections", bob="remove")  # a later change counts
    result = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(result) == {"Bob Builder": "remove"}
    assert ledger(out)[-1] == ("Bob Builder", "remove", "2026-03-25")


def test_a_future_date_in_a_file_name_poisons_no_phrase_answer(tmp_path: Path) -> None:
    rules = phrase_rules(tmp_path)
    out = tmp_path / "reports"
    pipeline.run(phrase_export(tmp_path / "jan"), rules, out, as_of=JAN)
    copy = out / "linkedin-cleanup-2099-01-01-copy.xlsx"
    shutil.copyfile(book(out, JAN), copy)
    answer(copy, teacher="not my audience")
    pipeline.run(phrase_export(tmp_path / "feb"), rules, out, as_of=FEB)
    assert phrase_ledger(out) == [("teacher", "not my audience", "2026-02-25")]
    answer(book(out, FEB), teacher="skip")  # answered again later: it counts
    pipeline.run(phrase_export(tmp_path / "mar"), rules, out, as_of=MAR)
    assert phrase_ledger(out)[-1] == ("teacher", "skip", "2026-03-25")


KILL = textwrap.dedent("""
    import os, sys
    from datetime import date
    from pathlib import Path
    real = os.replace
    def replace(src, dst, *a, **k):
        if str(dst).endswith(".xlsx"):
            os._exit(9)  # killed after the ledgers moved, before the workbook did
        return real(src, dst, *a, **k)
    os.replace = replace
    from cleanup import pipeline
    pipeline.run(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                 as_of=date.fromisoformat(sys.argv[4]))
""")


@pytest.mark.slow  # over a second: out of the quick loop
def test_a_kill_between_the_ledgers_and_the_workbook_clears_nothing(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="keep", dee="keep")
    feb = monthly(tmp_path, FEB)
    run(feb, rules_file, out, FEB)
    type_decisions(book(out, FEB), "Remove", hal="keep")
    # The same month again, killed between the renames: the ledger landed, the workbook not.
    killed = subprocess.run([sys.executable, "-c", KILL, str(feb), str(rules_file), str(out),
                             FEB.isoformat()], capture_output=True, timeout=120)
    assert killed.returncode == 9, killed.stderr
    assert [n for n, _, _ in ledger(out)] == ["Bob Builder", "Dee Dev", "Hal Coder"]
    result = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(result) == {"Bob Builder": "keep", "Dee Dev": "keep", "Hal Coder": "keep"}
    assert result.decisions.cleared == 0 and result.decisions.added == 0


def test_a_mistyped_future_as_of_is_undone_in_one_step(tmp_path: Path,
                                                       rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="keep", dee="keep")
    run(monthly(tmp_path, FEB), rules_file, out, date(2099, 2, 25))  # a typo
    with pytest.raises(InputError) as refused:
        run(monthly(tmp_path, FEB), rules_file, out, FEB)
    message = str(refused.value)
    named = ["linkedin-cleanup-2099-02-25.xlsx", ".history/snapshot-2099-02-25.csv.gz",
             "the line of 2099-02-25 in history.csv"]
    assert all(n in message for n in named), message
    # Moving the files named out of the folder is enough; nothing is cleared.
    for f in [*out.glob("*2099*"), *out.glob(".history/*2099*")]:
        f.unlink()
    lines = [line for line in (out / "history.csv").read_text().splitlines()
             if "2099" not in line]
    (out / "history.csv").write_text("\n".join(lines) + "\n")
    result = run(monthly(tmp_path, FEB), rules_file, out, FEB)
    assert in_force(result) == {"Bob Builder": "keep", "Dee Dev": "keep"}
    assert result.decisions.cleared == 0


def test_a_copy_saved_as_two_counts(tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    copy = out / "linkedin-cleanup-2026-01-25 (2).xlsx"
    shutil.copyfile(book(out, JAN), copy)
    type_decisions(copy, "Remove", bob="keep")
    result = run(monthly(tmp_path, FEB), rules_file, out, FEB)
    assert in_force(result) == {"Bob Builder": "keep"}
    assert ledger(out) == [("Bob Builder", "keep", "2026-02-25")]
    assert any(w.startswith("linkedin-cleanup-2026-01-25 (2).xlsx: 1 decisions taken")
               for w in result.warnings)


def test_decisions_round_trip_whatever_the_columns_are_named(tmp_path: Path,
                                                            rules_file: Path) -> None:
    out = tmp_path / "reports"
    header = ["Company", "Position", "first_name", "LAST NAME", "Profile URL"]
    folder = tmp_path / "crm"
    folder.mkdir()
    rows = [(PEOPLE[k][2], PEOPLE[k][3], PEOPLE[k][0], PEOPLE[k][1], url(k)) for k in EVERYONE]
    with open(folder / "Connections.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows))
    run(folder / "Connections.csv", rules_file, out, JAN)
    # The person tidies the Connections sheet: the URL column deleted, Company renamed.
    wb = openpyxl.load_workbook(book(out, JAN))
    ws = wb["Connections"]
    titles = [c.value for c in ws[1]]
    ws.cell(1, titles.index("Company") + 1).value = "Employer"
    ws.delete_cols(titles.index("Profile URL") + 1)
    decision = [c.value for c in ws[1]].index("Decision") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(r, decision).value = "keep"
    wb.save(book(out, JAN))
    type_decisions(book(out, JAN), "Remove", bob="remove")
    result = run(folder / "Connections.csv", rules_file, out, FEB)
    assert in_force(result) == {"Ada Example": "keep", "Bob Builder": "remove",
                                "Dee Dev": "keep", "Eve Unknown": "keep", "Hal Coder": "keep"}
    assert all(line[0] for line in ledger(out))
    rows_feb = {r["first_name"]: r["Decision"] for r in sheet_rows(book(out, FEB), "Connections")}
    assert rows_feb == {"Ada": "keep", "Bob": "remove", "Dee": "keep", "Eve": "keep",
                        "Hal": "keep"}


def test_the_state_file_remembers_what_was_taken(tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="keep")
    run(monthly(tmp_path, FEB), rules_file, out, FEB)
    state = json.loads((out / ".workbooks.json").read_text())
    by_name = {r["name"]: r for r in state["workbooks"]}
    jan = by_name["linkedin-cleanup-2026-01-25.xlsx"]
    assert jan["size"] == os.path.getsize(book(out, JAN))
    assert jan["cells"] == {"Remove|linkedin.com/in/bob-builder": "keep"}
    assert by_name["linkedin-cleanup-2026-02-25.xlsx"]["cells"] == {}


# ---------------------------------------------------------------------------- hostile ledgers

@pytest.mark.parametrize("header", ["Profile URL,Name,Company,Decision,Decided on,Source workbook",
                                    "profile url , NAME,company,decision,decided_on,source"])
def test_a_decisions_ledger_header_in_another_case_is_read(tmp_path: Path, rules_file: Path,
                                                          header: str) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "decisions.csv").write_text(
        f"{header}\n{url('bob')},Bob Builder,Pixel,keep,2026-01-25,x.xlsx\n", encoding="utf-8")
    result = run(monthly(tmp_path, FEB), rules_file, out, FEB)
    assert in_force(result) == {"Bob Builder": "keep"}


def test_a_phrases_ledger_header_in_another_case_is_read(tmp_path: Path) -> None:
    rules = phrase_rules(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "phrases.csv").write_text("phrase,answer,answered on,source workbook\n"
                                     "teacher,not my audience,2026-01-25,x.xlsx\n",
                                     encoding="utf-8")
    result = pipeline.run(phrase_export(tmp_path / "feb"), rules, out, as_of=FEB)
    assert result.phrases is not None
    assert result.phrases.answers.standing["phrase"].tolist() == ["teacher"]


def test_a_lone_surrogate_escape_typed_in_a_workbook_is_cleaned(tmp_path: Path) -> None:
    rules = phrase_rules(tmp_path)
    out = tmp_path / "reports"
    pipeline.run(phrase_export(tmp_path / "jan"), rules, out, as_of=JAN)
    answer(book(out, JAN), teacher="_xD83D_")  # as some tools save half an emoji
    wb = openpyxl.load_workbook(book(out, JAN))
    ws = wb["Connections"]
    ws.cell(2, [c.value for c in ws[1]].index("Decision") + 1).value = "ok _xD83D_"
    wb.save(book(out, JAN))
    feb = pipeline.run(phrase_export(tmp_path / "feb"), rules, out, as_of=FEB)
    assert phrase_ledger(out) == [("teacher", "\ufffd", "2026-02-25")]
    assert "ok \ufffd" in feb.decisions.frame["unclear"].tolist()
    rows = {r["Phrase"]: r["Answer"] for r in sheet_rows(book(out, FEB), "Phrases")}
    assert rows["teacher"] == "\ufffd"


def test_two_rows_answering_one_phrase_differently_are_named(tmp_path: Path) -> None:
    rules = phrase_rules(tmp_path)
    out = tmp_path / "reports"
    pipeline.run(phrase_export(tmp_path / "jan"), rules, out, as_of=JAN)
    wb = openpyxl.load_workbook(book(out, JAN))
    ws = wb["Phrases"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "teacher")
    ws.append([c.value for c in ws[row]])  # the row copied below the others
    ws.cell(row, header.index("Answer") + 1).value = "prospect"
    ws.cell(ws.max_row, header.index("Answer") + 1).value = "skip"
    wb.save(book(out, JAN))
    feb = pipeline.run(phrase_export(tmp_path / "feb"), rules, out, as_of=FEB)
    assert phrase_ledger(out) == [("teacher", "prospect", "2026-02-25")]
    [said] = [w for w in feb.warnings if "two rows answer" in w]
    col = get_column_letter(header.index("Answer") + 1)
    assert f"Phrases!{col}{row} says prospect; Phrases!{col}{ws.max_row} says skip" in said
    assert f"the first row, Phrases!{col}{row}, is used" in said


# ---------------------------------------------------------------------------- recording now

def test_decisions_and_answers_recorded_outside_a_run_are_kept(tmp_path: Path,
                                                               rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="keep")
    run(monthly(tmp_path, FEB), rules_file, out, FEB)
    before = (out / "decisions.csv").read_bytes()
    paths = pipeline.record(out, [(url("dee"), "Dee Dev", "Code Co", "keep"),
                                  (url("bob"), "Bob Builder", "Pixel", "")],
                            [("web designer", "competitor")], on=FEB, source="deciding")
    assert set(paths) == {"decisions", "phrases"}
    assert (out / "decisions.csv").read_bytes().startswith(before)  # appended only
    assert ledger(out)[-2:] == [("Dee Dev", "keep", "2026-02-25"),
                                ("Bob Builder", "", "2026-02-25")]
    with pytest.raises(InputError, match="nothing was recorded"):
        pipeline.record(out, [(url("eve"), "Eve Unknown", "Misc", "maybe")], on=FEB)
    # February's workbook, untouched, undoes none of it.
    result = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(result) == {"Dee Dev": "keep"}
    assert result.decisions.added == 0


def test_last_months_workbook_of_the_previous_version_is_read_on_upgrade(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(monthly(tmp_path, JAN), rules_file, out, JAN)
    # As the previous version left it: no hidden columns, no record of what was read.
    wb = openpyxl.load_workbook(book(out, JAN))
    for sheet in ("Connections", "Remove", "Review", "Phrases"):
        ws = wb[sheet]
        titles = [c.value for c in ws[1]]
        first = next(i for i, t in enumerate(titles) if t in ("Person Key", "Phrase Key"))
        ws.delete_cols(first + 1, len(titles) - first)
    wb.save(book(out, JAN))
    (out / ".workbooks.json").unlink()
    type_decisions(book(out, JAN), "Remove", bob="keep")
    result = run(monthly(tmp_path, FEB), rules_file, out, FEB)
    assert in_force(result) == {"Bob Builder": "keep"}
    # Read once: next month, untouched, it is not read again.
    again = run(monthly(tmp_path, MAR), rules_file, out, MAR)
    assert in_force(again) == {"Bob Builder": "keep"}
    assert again.decisions.read_from == ()
