"""The user's decisions: reading the workbook, the ledger, the changes and the trend.

Workbooks here are built cell by cell with openpyxl, the way a person's edits leave them; the
whole monthly cycle through `pipeline.run` is in test_monthly_cycle.py.
"""

from __future__ import annotations

import gzip
import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.errors import InputError
from cleanup.memory import decisions, history, workbooks
from cleanup.memory import ledger as ledgers
from cleanup.model import Decisions
from cleanup.terms import TAGS
from cleanup.writers import charts, report

HEADER = ["First Name", "Last Name", "URL", "Company", "Position", "Tag", "Recommendation",
          "Decision"]
ADA = ("Ada", "Example", "https://www.linkedin.com/in/ada-example", "Acme Realty", "Realtor",
       "prospect", "keep")
BOB = ("Bob", "Builder", "https://www.linkedin.com/in/bob-builder", "Pixel", "Web Developer",
       "competitor", "remove")
CY = ("Cy", "Copy", "https://www.linkedin.com/in/cy-copy", "Words", "Copywriter",
      "complementary", "keep")
JAN, FEB, MAR = date(2026, 1, 25), date(2026, 2, 25), date(2026, 3, 25)


def workbook(path: Path, sheets: dict[str, list[tuple[object, ...]]],
             header: list[str] = HEADER, summary_as_of: str | None = None) -> Path:
    """A workbook with a Summary and the given sheets; each row is a person + Decision."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    if summary_as_of:
        ws.append(["linkedin-cleanup"])
        ws.append(["As of", summary_as_of])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def people(*rows: tuple[object, ...]) -> pd.DataFrame:
    """The `people` columns decisions.load uses, for persons given like ADA."""
    return pd.DataFrame({"url": [r[2] for r in rows],
                         "name": [f"{r[0]} {r[1]}".strip() for r in rows],
                         "company": [r[3] for r in rows]}, dtype=object)


def ledger(out: Path, *lines: tuple[str, str, str, str, str]) -> Path:
    """decisions.csv in `out` with (url, name, company, decision, decided on) lines."""
    out.mkdir(exist_ok=True)
    frame = pd.DataFrame(list(lines), columns=ledgers.LEDGER_COLUMNS[:5], dtype=object)
    frame["Source Workbook"] = "earlier.xlsx"
    ledgers.write_ledger(frame, out / ledgers.LEDGER)
    return out / ledgers.LEDGER


def new_lines(d: Decisions) -> list[tuple[str, str, str]]:
    """The ledger lines this run added, as (name, decision, decided on)."""
    assert d.ledger is not None
    added = d.ledger.tail(d.added) if d.added else d.ledger.head(0)
    return list(zip(added["Name"], added["Decision"], added["Decided On"], strict=True))


# ---------------------------------------------------------------------------- reading cells

@pytest.mark.parametrize(("typed", "meant"), [
    ("keep", "keep"), (" Keep ", "keep"), ("REMOVE", "remove"), ("  keep", "keep"),
    ("k", "keep"), ("R", "remove"), ("keep.", "keep"), ("Remove. ", "remove"), ("", ""),
    ("yes", "?yes"), ("x", "?x"), ("done", "?done"), ("delete", "?delete"),
    ("keep it", "?keep it"), ("kk", "?kk")])
def test_only_unambiguous_short_forms_are_understood(typed: str, meant: str) -> None:
    assert ledgers.read_decision(typed) == meant


def test_values_are_case_and_space_insensitive(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {
        "Connections": [(*ADA, " Keep "), (*BOB, "r."), (*CY, "  k")]})
    d = decisions.load(out, None, people(ADA, BOB, CY), FEB)
    assert d.frame["decision"].tolist() == ["keep", "remove", "keep"]
    assert d.frame["decided_on"].tolist() == ["2026-02-25"] * 3  # the run's date
    assert list(map(str, d.notices)) == []


def test_other_values_are_kept_and_name_the_person_and_cell(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {
        "Connections": [(*ADA, ""), (*BOB, ""), (*CY, "")],
        "Remove": [(*BOB, "maybe")],
        "Review": [(*ADA, 1), (*CY, "delete")]})
    d = decisions.load(out, None, people(ADA, BOB, CY), FEB)
    assert d.frame["decision"].tolist() == ["", "", ""]
    assert d.frame["unclear"].tolist() == ["1", "maybe", "delete"]
    said = "\n".join(list(map(str, d.notices)))
    assert ("Decision not understood for Ada Example ('1', Review!H2), Bob Builder ('maybe', "
            "Remove!H2), Cy Copy ('delete', Review!H3)") in said
    # Recorded as typed, so that the value survives a deleted workbook.
    assert new_lines(d) == [("Ada Example", "1", "2026-02-25"),
                            ("Bob Builder", "maybe", "2026-02-25"),
                            ("Cy Copy", "delete", "2026-02-25")]


def test_columns_are_found_by_header_not_position(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    header = ["Decision", "Notes", "Company", "URL", "Last Name", "First Name"]
    workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {"Connections": [
        ("remove", "my note", BOB[3], BOB[2], BOB[1], BOB[0]),
        ("keep", "", ADA[3], ADA[2], ADA[1], ADA[0])]}, header=header)
    d = decisions.load(out, None, people(ADA, BOB), FEB)
    assert d.frame["decision"].tolist() == ["keep", "remove"]


def test_rows_without_url_match_by_name_and_company(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    ada, bob = (*ADA[:2], "", *ADA[3:]), (*BOB[:2], "", *BOB[3:])
    workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {"Connections": [
        ("ADA ", "example", "", " acme  realty", "", "", "", "remove"), (*bob, "keep")]})
    other_company = ("Bob", "Builder", "", "Elsewhere Inc", "", "", "")
    d = decisions.load(out, None, people(ada, bob, other_company), FEB)
    assert d.frame["decision"].tolist() == ["remove", "keep", ""]


def test_worklists_in_the_new_layout_are_read_by_url_else_name_and_company(
        tmp_path: Path) -> None:
    """Remove and Review have one Name column, Decision beside it; Connections keeps the
    export's First Name and Last Name. Both layouts are read, side by side."""
    out = tmp_path / "out"
    out.mkdir()
    path = workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {
        "Connections": [(*ADA, ""), (*BOB, ""), (*CY, "")]})
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Remove")
    ws.append(["Name", "Decision", "Recommendation", "Reason", "Position", "Company", "URL"])
    ws.append(["Bob Builder", "keep", "remove", "", "", "Pixel", BOB[2]])
    ws.append(["Cy Copy", "r", "review", "", "", "Words", ""])  # no URL: name and company
    ws.append(["Cy Copy", "keep", "review", "", "", "Elsewhere", ""])  # somebody else
    wb.save(path)
    d = decisions.load(out, None, people(ADA, BOB, CY), FEB)
    assert d.frame["decision"].tolist() == ["", "keep", "remove"]


def test_a_decision_without_url_follows_the_person_once_the_export_has_urls(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    ledger(out, ("", "Ada Example", "Acme Realty", "remove", "2025-12-25"))
    d = decisions.load(out, None, people(ADA), JAN)
    assert d.frame["decision"].tolist() == ["remove"]


def test_conflicting_cells_prefer_the_worklist_and_warn(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {
        "Connections": [(*ADA, ""), (*BOB, "keep")],
        "Remove": [(*BOB, "remove")]})
    d = decisions.load(out, None, people(ADA, BOB), FEB)
    assert d.frame["decision"].tolist() == ["", "remove"]
    [warning] = list(map(str, d.notices))
    assert "Connections!H3 says keep" in warning and "Remove!H2 says remove" in warning
    assert "Used remove from Remove" in warning


def test_changed_cell_beats_a_cell_still_holding_the_prefilled_decision(
        tmp_path: Path) -> None:
    # Bob was decided "remove" in January, so February's workbook shows "remove" on
    # Connections and on Remove; the user changes only the Remove cell to keep.
    out = tmp_path / "out"
    ledger(out, (BOB[2], "Bob Builder", "Pixel", "remove", "2026-01-25"))
    workbook(out / "linkedin-cleanup-2026-02-25.xlsx", {
        "Connections": [(*BOB, "remove")], "Remove": [(*BOB, "keep")]})
    d = decisions.load(out, None, people(BOB), MAR)
    assert d.frame["decision"].tolist() == ["keep"]
    assert d.frame["decided_on"].tolist() == ["2026-03-25"]
    assert list(map(str, d.notices)) == []
    assert new_lines(d) == [("Bob Builder", "keep", "2026-03-25")]


def test_emptying_a_prefilled_cell_clears_the_decision(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ledger(out, (BOB[2], "Bob Builder", "Pixel", "remove", "2026-01-25"))
    workbook(out / "linkedin-cleanup-2026-02-25.xlsx", {
        "Connections": [(*BOB, None)], "Remove": [(*BOB, "  ")]})
    d = decisions.load(out, None, people(BOB), MAR)
    assert d.frame["decision"].tolist() == [""]
    assert new_lines(d) == [("Bob Builder", "", "2026-03-25")]
    assert (d.added, d.cleared, d.carried_over) == (1, 1, 0)


def test_a_deleted_row_is_not_a_cleared_decision(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ledger(out, (BOB[2], "Bob Builder", "Pixel", "remove", "2026-01-25"))
    workbook(out / "linkedin-cleanup-2026-02-25.xlsx", {"Connections": [(*ADA, "")],
                                                        "Remove": []})
    d = decisions.load(out, None, people(ADA, BOB), MAR)
    assert d.frame["decision"].tolist() == ["", "remove"]
    assert (d.added, d.carried_over) == (0, 1)


def test_an_older_workbook_never_overrides_a_newer_decision(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ledger(out, (BOB[2], "Bob Builder", "Pixel", "remove", "2026-01-25"),
           (BOB[2], "Bob Builder", "Pixel", "keep", "2026-02-25"))
    old = workbook(tmp_path / "linkedin-cleanup-2026-01-25.xlsx",
                   {"Connections": [(*BOB, "remove")]})
    d = decisions.load(out, old, people(BOB), MAR)
    assert d.frame["decision"].tolist() == ["keep"]
    assert d.added == 0 and list(map(str, d.notices)) == []  # it says what the ledger already knew
    workbook(old, {"Connections": [(*BOB, "")]})  # emptied in the old workbook: too late
    d = decisions.load(out, old, people(BOB), MAR)
    assert d.frame["decision"].tolist() == ["keep"]
    assert d.added == 0 and "keep of 2026-02-25 is newer and stands" in str(d.notices[0])


def test_a_decision_on_a_row_without_anyone_is_warned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook(out / "linkedin-cleanup-2026-01-25.xlsx", {
        "Connections": [(*ADA, ""), ("", "", "", "", "", "", "", "remove")]})
    d = decisions.load(out, None, people(ADA), FEB)
    said = list(map(str, d.notices))[0]
    assert "Connections!H3: a decision on a row without a profile URL or a name" in said


@pytest.mark.parametrize(("name", "summary", "expected"), [
    ("linkedin-cleanup-2026-01-10.xlsx", "2025-12-01", "2026-02-25"),
    ("linkedin-cleanup-2026-01-10 (1).xlsx", None, "2026-02-25"),
    ("linkedin-cleanup-2099-01-01-copy.xlsx", None, "2026-02-25"),
    ("my decisions.xlsx", "2025-12-01", "2026-02-25"),
    ("my decisions.xlsx", None, "2026-02-25"),
])
def test_decided_on_is_the_run_date_never_a_file_name(tmp_path: Path, name: str,
                                                      summary: str | None, expected: str
                                                      ) -> None:
    path = workbook(tmp_path / name, {"Connections": [(*ADA, "keep")]}, summary_as_of=summary)
    d = decisions.load(None, path, people(ADA), FEB)
    assert d.frame["decided_on"].tolist() == [expected]


def test_worklist_sheet_without_decision_column_is_skipped_with_a_note(tmp_path: Path) -> None:
    path = workbook(tmp_path / "linkedin-cleanup-2026-01-25.xlsx", {
        "Connections": [(*ADA, "keep")]})
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Remove").append(["First Name", "Last Name", "URL"])
    wb.save(path)
    d = decisions.load(None, path, people(ADA), FEB)
    assert d.frame["decision"].tolist() == ["keep"]
    assert "sheet Remove has no Decision column" in str(d.notices[0])


@pytest.mark.slow
@settings(max_examples=10, deadline=None)
@given(typed=st.lists(st.sampled_from(["keep", "remove", "", " Keep ", "REMOVE", None]),
                      min_size=1, max_size=8),
       order=st.randoms(use_true_random=False))
def test_sorting_or_deleting_rows_never_changes_what_the_others_decided(
        typed: list[str | None], order: object) -> None:
    persons = [(f"P{i}", "Q", f"https://www.linkedin.com/in/p{i}", "Co", "", "", "")
               for i in range(len(typed))]
    rows = [(*p, v) for p, v in zip(persons, typed, strict=True)]
    order.shuffle(rows)  # type: ignore[attr-defined]
    kept = rows[: max(1, len(rows) - 1)]  # the user deleted the last row
    with tempfile.TemporaryDirectory() as folder:
        path = workbook(Path(folder) / "linkedin-cleanup-2026-01-25.xlsx",
                        {"Connections": kept})
        d = decisions.load(None, path, people(*persons), FEB)
    expected = {r[0]: (r[-1] or "").strip().casefold() for r in kept}
    got = dict(zip([p[0] for p in persons], d.frame["decision"], strict=True))
    assert got == {name: expected.get(name, "") for name in got}


# ---------------------------------------------------------------------------- which workbook

def test_the_newest_workbook_on_or_before_the_as_of_date_is_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for day, value in (("2026-01-25", "keep"), ("2026-02-25", "remove"),
                       ("2026-04-25", "keep")):
        workbook(out / f"linkedin-cleanup-{day}.xlsx", {"Connections": [(*ADA, value)]})
    (out / "linkedin-cleanup-2026-03-01 (1).xlsx").write_bytes(b"a copy, not a workbook")
    (out / "~$linkedin-cleanup-2026-03-02.xlsx").write_bytes(b"Excel's lock file")
    assert workbooks.find_previous(out, None, MAR) == [out / "linkedin-cleanup-2026-02-25.xlsx"]
    # The run of April is newer than this one of March: refused, see test_monthly_cycle.
    with pytest.raises(InputError, match="newer run, of 2026-04-25"):
        decisions.load(out, None, people(ADA), MAR)
    (out / "linkedin-cleanup-2026-04-25.xlsx").unlink()
    d = decisions.load(out, None, people(ADA), MAR)
    assert d.frame["decision"].tolist() == ["remove"]


def test_the_workbook_about_to_be_replaced_is_read_even_with_another_previous(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    jan = workbook(tmp_path / "linkedin-cleanup-2026-01-25.xlsx",
                   {"Connections": [(*ADA, "keep"), (*BOB, "")]})
    feb = workbook(out / "linkedin-cleanup-2026-02-25.xlsx",
                   {"Connections": [(*ADA, "keep"), (*BOB, "remove")]})
    assert workbooks.find_previous(out, jan, FEB) == [jan, feb]
    d = decisions.load(out, jan, people(ADA, BOB), FEB)
    assert d.frame["decision"].tolist() == ["keep", "remove"]


def test_missing_previous_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.xlsx: the previous workbook named does not exist"):
        decisions.load(tmp_path, tmp_path / "nope.xlsx", people(ADA), FEB)


def _not_a_zip(path: Path) -> None:
    path.write_text("First Name,Last Name\nAda,Example\n", encoding="utf-8")


def _no_connections_sheet(path: Path) -> None:
    workbook(path, {"Contacts": [(*ADA, "keep")]})


def _no_decision_column(path: Path) -> None:
    workbook(path, {"Connections": [ADA]}, header=HEADER[:-1])


def _truncated(path: Path) -> None:
    workbook(path, {"Connections": [(*ADA, "keep")]})
    path.write_bytes(path.read_bytes()[:300])


def _broken_sheet(path: Path) -> None:
    # A valid zip whose Connections sheet is cut in the middle of its rows.
    workbook(path, {"Connections": [(*ADA, "keep")] * 50})
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w") as zout:
        for info, data in items:
            zout.writestr(info, data[: len(data) // 2] if "sheet2" in info.filename else data)


@pytest.mark.parametrize(("damage", "why"), [
    (_not_a_zip, "not a readable .xlsx workbook"),
    (_truncated, "not a readable .xlsx workbook"),
    (_no_connections_sheet, "has no Connections sheet (sheets found: Summary, Contacts)"),
    (_no_decision_column, "its Connections sheet has no Decision column in row 1"),
    (_broken_sheet, "a sheet cannot be read"),
])
def test_a_malformed_previous_workbook_is_an_input_error(tmp_path: Path, damage,
                                                         why: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = out / "linkedin-cleanup-2026-01-25.xlsx"
    damage(path)
    with pytest.raises(InputError) as err:
        decisions.load(out, None, people(ADA), FEB)
    message = str(err.value)
    assert message.startswith(f"{path}: {why}")
    assert "another previous workbook" in message and "never silently dropped" in message
    assert err.value.hint == "previous" and "--" not in message  # the CLI names the flag


def test_a_locked_workbook_is_an_input_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "linkedin-cleanup-2026-01-25.xlsx",
                    {"Connections": [(*ADA, "keep")]})

    def locked(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(zipfile, "ZipFile", locked)
    with pytest.raises(InputError, match="another program has it open or locked"):
        decisions.load(None, path, people(ADA), FEB)


# ---------------------------------------------------------------------------- the ledger

def test_ledger_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    names = ["=HYPERLINK(\"http://evil\",\"x\")", "+1", "-2+3", "@SUM(A1)", "'quoted", "Zoë"]
    frame = pd.DataFrame({"Profile URL": "", "Name": names, "Company": "", "Decision": "keep",
                          "Decided On": "2026-01-25", "Source Workbook": ""}, dtype=object)
    path = tmp_path / "decisions.csv"
    ledgers.write_ledger(frame, path)
    raw = path.read_text(encoding="utf-8-sig")
    for line in raw.splitlines()[1:]:
        assert not line.split(",")[1].lstrip('"').startswith(("=", "+", "-", "@"))
    back, _ = ledgers.read_ledger(path)
    assert back["Name"].tolist() == names


def test_ledger_resaved_by_excel_is_still_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    text = ("Profile URL;Name;Company;Decision;Decided On;Source Workbook\r\n"
            f"{ADA[2]};Ada Example;Acme Realty;Remove;1/25/2026;x.xlsx\r\n"
            f"{BOB[2]}/;Bob Builder;Pixel;keep;25.01.2026;x.xlsx")
    (out / ledgers.LEDGER).write_bytes(text.encode("cp1252"))
    d = decisions.load(out, None, people(ADA, BOB), FEB)
    assert d.frame["decision"].tolist() == ["remove", "keep"]
    assert d.frame["decided_on"].tolist() == ["2026-01-25", "2026-01-25"]


def test_ledger_lines_that_cannot_be_used_are_kept_and_warned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ledger(out, (ADA[2], "Ada Example", "Acme Realty", "maybe", "2026-01-25"),
           (BOB[2], "Bob Builder", "Pixel", "remove", "someday"),
           ("", "", "", "keep", "2026-01-25"),
           (CY[2], "Cy Copy", "Words", "keep", "2026-01-25"))
    d = decisions.load(out, None, people(ADA, BOB, CY), FEB)
    assert d.frame["decision"].tolist() == ["", "", "keep"]
    assert d.frame["unclear"].tolist() == ["maybe", "", ""]  # carried as typed
    assert "2 lines are not used, but kept in the file" in list(map(str, d.notices))[0]
    assert "line 3 'Decided On' 'someday' is not a date" in list(map(str, d.notices))[0]
    assert "line 4 names no profile URL and no name" in list(map(str, d.notices))[0]
    assert d.ledger is not None and len(d.ledger) == 4


def test_a_ledger_without_its_header_is_an_input_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ledgers.LEDGER).write_text("who,what\nAda,keep\n", encoding="utf-8")
    with pytest.raises(InputError, match="never overwritten"):
        decisions.load(out, None, people(ADA), FEB)


def test_new_lines_are_appended_in_a_deterministic_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ledger(out, (CY[2], "Cy Copy", "Words", "keep", "2026-01-25"))
    before = (out / ledgers.LEDGER).read_bytes()
    workbook(out / "linkedin-cleanup-2026-02-25.xlsx", {
        "Connections": [(*CY, "keep"), (*BOB, "remove"), (*ADA, "keep")]})
    d = decisions.load(out, None, people(ADA, BOB, CY), MAR)
    path = tmp_path / "new.csv"
    assert d.ledger is not None
    ledgers.write_ledger(d.ledger, path)
    after = path.read_bytes()
    assert after.startswith(before)
    assert new_lines(d) == [("Ada Example", "keep", "2026-03-25"),
                            ("Bob Builder", "remove", "2026-03-25")]
    assert (d.added, d.carried_over) == (2, 1)


# ---------------------------------------------------------------------------- changes, trend

def snap(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """A snapshot from (url, name, company, position, tag) rows."""
    frame = pd.DataFrame(list(rows), columns=["url", "name", "company", "position", "tag"],
                         dtype=object)
    frame["recommendation"] = "keep"
    frame["decision"] = ""
    frame["id"] = history.person_ids(frame["url"], frame["name"], frame["company"])["id"]
    return frame[history.SNAPSHOT_COLUMNS]


def test_changes_list_new_gone_and_changed_people() -> None:
    ada = ("https://www.linkedin.com/in/ada-example", "Ada Example", "Acme", "Realtor",
           "prospect")
    bob = ("https://www.linkedin.com/in/bob-builder", "Bob Builder", "Pixel", "Web Developer",
           "competitor")
    cy = ("https://www.linkedin.com/in/cy-copy", "Cy Copy", "Words", "Copywriter",
          "complementary")
    dee = ("https://www.linkedin.com/in/dee-dev", "Dee Dev", "Code", "Web Designer",
           "competitor")
    before = snap(ada, bob, cy, dee, ("", "", "", "", "unknown"))
    after = snap(("HTTPS://linkedin.com/in/ADA-example/", "Ada Example", "Acme", "Broker",
                  "prospect"),
                 (*cy[:2], "Words Ltd", "Web Developer", "competitor"),
                 ("https://www.linkedin.com/in/eve-new", "Eve New", "", "SEO", "complementary"),
                 ("", "", "", "", "unknown"))
    standing = pd.DataFrame({"decision": ["remove", "keep"],
                             "decided_on": ["2026-01-25", "2026-01-20"]},
                            index=["linkedin.com/in/bob-builder", "linkedin.com/in/dee-dev"])
    found = history.changes(before, after, JAN, "test", standing)
    rows = found.frame[["change", "name", "before", "after", "note"]].values.tolist()
    assert rows == [
        ["new connection", "Eve New", "", "", ""],
        ["gone", "Bob Builder", "", "", "removal done: your decision of 2026-01-25"],
        ["gone", "Dee Dev", "", "", "gone although you decided to keep on 2026-01-20"],
        ["company changed", "Cy Copy", "Words", "Words Ltd", ""],
        ["position changed", "Ada Example", "Realtor", "Broker", ""],
        ["position changed", "Cy Copy", "Copywriter", "Web Developer", ""],
        ["tag changed", "Cy Copy", "complementary", "competitor", ""],
    ]
    assert found.removals_confirmed == 1
    assert found.frame["link"].iloc[0] == "https://www.linkedin.com/in/eve-new"
    assert found.counts == {"new connection": 1, "gone": 2, "company changed": 1,
                            "position changed": 2, "tag changed": 1}


def test_a_snapshot_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    frame = snap(("https://www.linkedin.com/in/zoe", "Zoë", "Ça", "=1+1", "unknown"))
    result = SimpleNamespace(
        history=history.History(frame=pd.DataFrame(columns=history.history_columns())),
        decisions=SimpleNamespace(frame=pd.DataFrame({"decision": ""}, index=frame.index)),
        as_of=JAN, people=frame.assign(url=frame["url"]))
    paths = []
    for name in ("a", "b"):
        out = tmp_path / name
        out.mkdir()

        def stage(target: Path, writer, out: Path = out) -> None:
            writer(target)

        history.stage(result, out, stage)  # type: ignore[arg-type]
        paths.append(history.snapshot_path(out, JAN))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert "=1+1" in gzip.decompress(paths[0].read_bytes()).decode("utf-8")
    back, when, warnings = history.previous_snapshot(tmp_path / "a", FEB)
    assert when == JAN and warnings == [] and back is not None
    assert back["name"].tolist() == ["Zoë"]


def test_a_broken_snapshot_is_a_note_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / ".history").mkdir()
    (tmp_path / ".history" / "snapshot-2026-01-25.csv.gz").write_bytes(b"not gzip")
    frame, when, warnings = history.previous_snapshot(tmp_path, FEB)
    assert frame is None and when is None
    assert "changes since 2026-01-25 are not listed" in str(warnings[0])


def _people(n: int) -> pd.DataFrame:
    return pd.DataFrame({"tag": ["prospect"] * n, "recommendation": ["keep"] * n})


def test_history_has_one_line_per_date_and_a_rerun_replaces_it(tmp_path: Path) -> None:
    frame, _ = history.read_history(tmp_path)
    for as_of, n in ((FEB, 5), (JAN, 3), (FEB, 7)):
        frame = history.history_with(frame, _people(n), as_of)
        history._write_history(frame, tmp_path / history.HISTORY)
        frame, warnings = history.read_history(tmp_path)
        assert warnings == []
    assert frame["As Of"].tolist() == ["2026-01-25", "2026-02-25"]
    assert frame["Connections"].tolist() == [3, 7]
    assert (tmp_path / history.HISTORY).read_text(encoding="utf-8").splitlines()[0] == (
        "As Of,Connections," + ",".join(TAGS) + ",keep,remove,review")


def test_history_that_is_not_ours_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / history.HISTORY).write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="Move the file out of the folder"):
        history.read_history(tmp_path)


# ---------------------------------------------------------------------------- the HTML section

def render_changes(result: object) -> str:
    """The changes section alone, rendered the way report.py renders the whole page."""
    return report.environment().get_template("sections/changes.html").render(
        result=result, tag_colors=charts.TAG_COLORS, rec_colors=charts.REC_COLORS,
        trend_charts=charts.trend_charts(result.history),  # type: ignore[attr-defined]
        profile_prefix="https://www.linkedin.com/in/")


def test_changes_section_escapes_text_and_draws_the_trend_as_svg() -> None:
    evil = '<script>alert(1)</script>'
    before = snap(("javascript:alert(1)", evil, "A", "B", "unknown"))
    after = snap(("https://www.linkedin.com/in/x", f"{evil} 2", '"><img src=x>', "P",
                  "prospect"))
    found = history.changes(before, after, JAN, "test", pd.DataFrame(
        {"decision": pd.Series(dtype=object), "decided_on": pd.Series(dtype=object)}))
    frame = pd.DataFrame({"As Of": ["2026-01-25", "2026-02-25"], "Connections": [3, 4],
                          **{c: [1, 2] for c in history.history_columns()[2:]}})
    result = SimpleNamespace(changes=found, history=history.History(frame=frame),
                             decisions=None)
    html = render_changes(result)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 2" in html
    assert "javascript:" not in html
    assert '<a href="https://www.linkedin.com/in/x">' in html
    assert html.count("<polyline") == len(TAGS) + 3  # a line per tag and recommendation
    assert '<section id="changes" aria-labelledby="changes-h">' in html


def test_changes_section_on_a_first_run_says_so() -> None:
    frame = pd.DataFrame({"As Of": ["2026-01-25"], "Connections": [3],
                          **{c: [1] for c in history.history_columns()[2:]}})
    html = render_changes(SimpleNamespace(changes=None, history=history.History(frame=frame),
                                          decisions=None))
    assert "This is the first run in this folder" in html
    assert "<polyline" not in html and html.count("<circle") == len(TAGS) + 3


@pytest.mark.parametrize("rows", [0, 1, 4_999, 5_000, 5_001, 12_345])
def test_the_snapshot_is_the_whole_text_gzipped_whatever_its_size(tmp_path: Path,
                                                                  rows: int) -> None:
    # Formatted and compressed part by part, the file is byte for byte the whole text
    # compressed at once: the same run still gives the same bytes.
    frame = pd.DataFrame({c: [f"{c} {i}, \"q\"\n" if i % 7 == 0 else f"{c}{i}"
                              for i in range(rows)] for c in history.SNAPSHOT_COLUMNS},
                         dtype=object)
    history._write_snapshot(frame, tmp_path / "s.csv.gz")
    text = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    whole = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=whole, mtime=0, compresslevel=6) as gz:
        gz.write(text)
    assert (tmp_path / "s.csv.gz").read_bytes() == whole.getvalue()
