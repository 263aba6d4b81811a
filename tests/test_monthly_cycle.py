"""The monthly cycle end to end: run, let the user edit the workbook, run again.

Each month is a small synthetic Connections.csv; the user's edits are made with openpyxl the
way a person makes them (typing in cells of a worklist, sorting its rows, hiding and deleting
rows) or round-tripped through LibreOffice, and `pipeline.run` is called as the CLI does.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import invoke, libreoffice, write_connections

from cleanup import pipeline
from cleanup.errors import InputError
from cleanup.memory import ledger as ledgers
from cleanup.writers import report, workbook

#: The network over three months: who is there, and what they do.
PEOPLE = {
    "ada": ("Ada", "Example", "Acme Realty", "Realtor"),  # prospect
    "bob": ("Bob", "Builder", "Pixel", "Web Developer"),  # competitor
    "cy": ("Cy", "Copy", "Words", "Copywriter"),  # complementary
    "dee": ("Dee", "Dev", "Code Co", "Web Designer"),  # competitor
    "eve": ("Eve", "Unknown", "Misc", "Manager"),  # unknown -> review
    "hal": ("Hal", "Coder", "Pixel", "Web Developer"),  # competitor
    "gia": ("Gia", "Lens", "Studio G", "Photographer"),  # complementary
}
JAN, FEB, MAR = date(2026, 1, 25), date(2026, 2, 25), date(2026, 3, 25)
#: What changed in February (and stays so): a new position, a new company, a new tag.
MOVES = {"ada": ("Acme Realty", "Broker"), "hal": ("Pixel Partners", "Web Developer"),
         "eve": ("Misc", "SEO Manager")}


def url(key: str) -> str:
    """The profile URL of a person of PEOPLE."""
    first, last, *_ = PEOPLE[key]
    return f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"


def export(tmp_path: Path, month: date, *keys: str, **changed: tuple[str, str]) -> Path:
    """Connections.csv of `month` holding `keys`; `changed` gives someone a new
    (company, position)."""
    rows = []
    for key in keys:
        first, last, company, position = PEOPLE[key]
        company, position = changed.get(key, (company, position))
        rows.append((first, last, url(key), "", company, position, "05 Mar 2024"))
    folder = tmp_path / f"export-{month.isoformat()}"
    folder.mkdir()
    return write_connections(folder / "Connections.csv", rows)


def run(connections: Path, rules: Path, out: Path, as_of: date, **kw: object) -> pipeline.Result:
    """One monthly run, as the CLI makes it."""
    return pipeline.run(connections, rules, out, as_of=as_of, **kw)  # type: ignore[arg-type]


def book(out: Path, as_of: date) -> Path:
    """The workbook of the run of `as_of`."""
    return out / f"linkedin-cleanup-{as_of.isoformat()}.xlsx"


def type_decisions(path: Path, sheet: str, **values: str | None) -> None:
    """Type into the Decision cells of `sheet` for the people named (key=value), and save."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    col = header.index("Decision") + 1
    names = {f"{PEOPLE[k][0]} {PEOPLE[k][1]}": v for k, v in values.items()}
    for row in ws.iter_rows(min_row=2):
        name = full_name(header, [c.value for c in row])
        if name in names:
            ws.cell(row[0].row, col).value = names.pop(name)
    assert not names, f"not on {sheet}: {names}"
    wb.save(path)


def full_name(header: list[object], row: list[object]) -> str:
    """First and last name of a row, whichever layout the sheet has (Name, or First/Last)."""
    if "Name" in header:
        return str(row[header.index("Name")])
    return f"{row[header.index('First Name')]} {row[header.index('Last Name')]}"


def rearrange(path: Path, sheet: str, delete: str | None = None, hide_first: bool = False) -> None:
    """Sort the rows of `sheet` by name, Z to A; hide the first; delete one person's row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    rows.sort(key=lambda r: full_name(header, r), reverse=True)
    if delete is not None:
        rows = [r for r in rows
                if full_name(header, r) != f"{PEOPLE[delete][0]} {PEOPLE[delete][1]}"]
    ws.delete_rows(2, ws.max_row)
    for r in rows:
        ws.append(r)
    if hide_first:
        ws.row_dimensions[2].hidden = True
    ws.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(header))}{len(rows) + 1}"
    wb.save(path)


def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    """A sheet of a workbook as dicts by header."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def summary(path: Path) -> dict[object, object]:
    """The Summary sheet as label -> value."""
    wb = openpyxl.load_workbook(path, read_only=True)
    pairs = {r[0]: r[1] for r in wb["Summary"].iter_rows(max_col=2, values_only=True) if r[0]}
    wb.close()
    return pairs


def ledger(out: Path) -> list[tuple[str, str, str]]:
    """decisions.csv as (name, decision, decided on) lines."""
    frame, _ = ledgers.read_ledger(out / ledgers.LEDGER)
    return list(zip(frame["Name"], frame["Decision"], frame["Decided On"], strict=True))


def by_name(result: pipeline.Result) -> pd.DataFrame:
    """The output rows indexed by full name."""
    rows = result.rows.copy()
    rows.index = (rows["First Name"] + " " + rows["Last Name"]).to_numpy()
    return rows


def january(tmp_path: Path, rules_file: Path, out: Path) -> None:
    """Month 1, and the user's edits: typed on Remove (sorted, a row hidden, one deleted),
    on Review and on Connections."""
    run(export(tmp_path, JAN, "ada", "bob", "cy", "dee", "eve", "hal"), rules_file, out, JAN)
    path = book(out, JAN)
    rearrange(path, "Remove", delete="hal", hide_first=True)
    type_decisions(path, "Remove", bob=" Remove ", dee="KEEP")
    type_decisions(path, "Review", eve="keep")
    type_decisions(path, "Connections", ada="keep")


def february(tmp_path: Path, rules_file: Path, out: Path) -> pipeline.Result:
    """Month 2: Bob (decided remove) and Cy are gone, Gia is new, Ada has a new position,
    Hal a new company, Eve a new position that changes her tag."""
    return run(export(tmp_path, FEB, "ada", "dee", "eve", "hal", "gia", **MOVES), rules_file,
               out, FEB)


# ---------------------------------------------------------------------------- two, three months

def test_two_month_cycle_keeps_decisions_and_lists_changes(tmp_path: Path,
                                                           rules_file: Path) -> None:
    out = tmp_path / "reports"
    january(tmp_path, rules_file, out)
    result = february(tmp_path, rules_file, out)

    # Dated by the run that read them, never by a file's name.
    assert ledger(out) == [("Ada Example", "keep", "2026-02-25"),
                           ("Bob Builder", "remove", "2026-02-25"),
                           ("Dee Dev", "keep", "2026-02-25"),
                           ("Eve Unknown", "keep", "2026-02-25")]
    rows = by_name(result)
    assert rows.loc["Dee Dev", "Recommendation"] == "keep"  # the rules say remove
    assert rows.loc["Dee Dev", "Reason"] == ('your decision of 2026-02-25; rules: competitor: '
                                             '"web designer" in Position')
    assert rows.loc["Hal Coder", "Recommendation"] == "remove"  # deleted row: no decision
    # The notes say where the new decisions came from, and nothing else about that workbook.
    assert [w for w in result.warnings if "linkedin-cleanup-2026-01-25" in w] == [
        "linkedin-cleanup-2026-01-25.xlsx: 4 decisions taken from this workbook, where they "
        "were changed: Ada Example keep, Bob Builder remove, Dee Dev keep, Eve Unknown keep."]

    feb = book(out, FEB)
    decided = {f"{r['First Name']} {r['Last Name']}": r["Decision"]
               for r in sheet_rows(feb, "Connections")}
    assert decided == {"Ada Example": "keep", "Dee Dev": "keep", "Eve Unknown": "keep",
                       "Hal Coder": None, "Gia Lens": None}
    changes = [(r["Change"], r["Name"], r["Before"], r["After"], r["Note"])
               for r in sheet_rows(feb, "Changes")]
    assert changes == [
        ("new connection", "Gia Lens", None, None, None),
        ("gone", "Bob Builder", None, None, "removal done: your decision of 2026-02-25"),
        ("gone", "Cy Copy", None, None, None),
        ("company changed", "Hal Coder", "Pixel", "Pixel Partners", None),
        ("position changed", "Ada Example", "Realtor", "Broker", None),
        ("position changed", "Eve Unknown", "Manager", "SEO Manager", None),
        ("tag changed", "Eve Unknown", "unknown", "complementary", None),
    ]
    figures = summary(feb)
    assert figures["Decisions carried over"] == 0
    assert figures["New or changed decisions read this run"] == 4
    assert figures["Removals confirmed since last run"] == 1
    assert figures["Decisions read from"] == "linkedin-cleanup-2026-01-25.xlsx"
    assert figures["Changes since"] == "2026-01-25"

    html = feb.with_suffix(".html").read_text(encoding="utf-8")
    assert '<section id="changes"' in html and 'id="trend-tags"' in html
    assert "removal done: your decision of 2026-02-25" in html


@pytest.mark.slow
def test_three_month_cycle_changes_and_clears_decisions(tmp_path: Path,
                                                        rules_file: Path) -> None:
    out = tmp_path / "reports"
    january(tmp_path, rules_file, out)
    february(tmp_path, rules_file, out)
    feb = book(out, FEB)
    # The user changes Dee to remove and clears Eve's prefilled keep (Connections sheet);
    # Hal gets "keep" on Remove but "remove" on Connections: the worklist wins.
    type_decisions(feb, "Connections", dee="remove", eve=None, hal="remove")
    type_decisions(feb, "Remove", hal="keep")
    # March: Dee was removed on LinkedIn as decided.
    result = run(export(tmp_path, MAR, "ada", "eve", "hal", "gia", **MOVES), rules_file, out,
                 MAR)

    assert ledger(out)[4:] == [("Dee Dev", "remove", "2026-03-25"),
                               ("Eve Unknown", "", "2026-03-25"),
                               ("Hal Coder", "keep", "2026-03-25")]
    rows = by_name(result)
    assert rows.loc["Eve Unknown", "Decision"] == ""
    assert rows.loc["Eve Unknown", "Reason"].startswith("complementary:")
    assert rows.loc["Hal Coder", "Recommendation"] == "keep"
    assert rows.loc["Hal Coder", "Reason"].startswith("your decision of 2026-03-25")
    assert rows.loc["Ada Example", "Reason"].startswith("your decision of 2026-02-25")
    [conflict] = [w for w in result.warnings if "conflicting" in w]
    assert "Hal Coder" in conflict and "Used keep from Remove" in conflict

    figures = summary(book(out, MAR))
    assert figures["Decisions carried over"] == 1  # Ada
    assert figures["New or changed decisions read this run"] == 2  # Dee, Hal
    assert figures["Decisions cleared this run"] == 1  # Eve
    assert figures["Removals confirmed since last run"] == 1  # Dee
    assert [(r["Change"], r["Name"]) for r in sheet_rows(book(out, MAR), "Changes")] == [
        ("gone", "Dee Dev")]

    trend = pd.read_csv(out / "history.csv")
    assert trend["As Of"].tolist() == ["2026-01-25", "2026-02-25", "2026-03-25"]
    assert trend["Connections"].tolist() == [6, 5, 4]
    html = book(out, MAR).with_suffix(".html").read_text(encoding="utf-8")
    assert "Trend across 3 runs" in html and html.count("<polyline") == 8


def test_decisions_survive_deleted_workbooks(tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    january(tmp_path, rules_file, out)
    february(tmp_path, rules_file, out)
    for path in out.glob("linkedin-cleanup-*"):
        path.unlink()
    result = run(export(tmp_path, MAR, "ada", "dee", "eve", "hal", **MOVES), rules_file, out,
                 MAR)
    rows = by_name(result)
    assert rows["Decision"].to_dict() == {"Ada Example": "keep", "Dee Dev": "keep",
                                          "Eve Unknown": "keep", "Hal Coder": ""}
    # The changes come from the snapshot kept in reports/.history, not from a workbook.
    assert result.changes is not None and result.changes.since == FEB
    assert [(k, n) for k, n in result.changes.counts.items() if n] == [("gone", 1)]


def test_changes_fall_back_to_the_previous_workbook_without_a_snapshot(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    january(tmp_path, rules_file, out)
    shutil.rmtree(out / ".history")
    result = february(tmp_path, rules_file, out)
    assert result.changes is not None
    assert result.changes.source == "linkedin-cleanup-2026-01-25.xlsx"
    assert result.changes.removals_confirmed == 1
    assert result.changes.counts["new connection"] == 1


# ---------------------------------------------------------------------------- same month twice

def test_same_month_run_twice_keeps_the_decisions_typed_in_between(tmp_path: Path,
                                                                   rules_file: Path) -> None:
    out = tmp_path / "reports"
    connections = export(tmp_path, JAN, "ada", "bob", "cy", "dee")
    run(connections, rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="remove", dee="keep")
    # Same month again: the workbook about to be replaced is the previous one.
    result = run(connections, rules_file, out, JAN)
    assert ledger(out) == [("Bob Builder", "remove", "2026-01-25"),
                           ("Dee Dev", "keep", "2026-01-25")]
    assert by_name(result)["Decision"].to_dict() == {
        "Ada Example": "", "Bob Builder": "remove", "Cy Copy": "", "Dee Dev": "keep"}
    assert {r["First Name"]: r["Decision"] for r in sheet_rows(book(out, JAN), "Connections")
            } == {"Ada": None, "Bob": "remove", "Cy": None, "Dee": "keep"}
    # A third time, untouched: nothing new, the ledger and history do not grow.
    saved = (out / "decisions.csv").read_bytes()
    result = run(connections, rules_file, out, JAN)
    assert (out / "decisions.csv").read_bytes() == saved
    assert result.decisions.added == 0 and result.changes is None
    assert len(pd.read_csv(out / "history.csv")) == 1


# ---------------------------------------------------------------------------- failures

def _fail(*_args: object) -> None:
    raise RuntimeError("disk on fire")


@pytest.mark.slow
@pytest.mark.parametrize("writer", [workbook, report])
def test_a_failed_run_leaves_ledger_and_workbook_byte_for_byte(
        tmp_path: Path, rules_file: Path, monkeypatch: pytest.MonkeyPatch,
        writer: object) -> None:
    out = tmp_path / "reports"
    connections = export(tmp_path, JAN, "ada", "bob", "cy", "dee")
    run(connections, rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="remove")
    run(connections, rules_file, out, JAN)  # bob's decision is in the ledger now
    type_decisions(book(out, JAN), "Remove", dee="keep")  # and dee's only in the workbook
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    monkeypatch.setattr(writer, "write", _fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        run(connections, rules_file, out, JAN)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # nothing changed, no temporary file left behind

    monkeypatch.undo()
    run(connections, rules_file, out, JAN)
    assert ledger(out) == [("Bob Builder", "remove", "2026-01-25"),
                           ("Dee Dev", "keep", "2026-01-25")]


def test_a_broken_previous_workbook_stops_the_run_before_anything_is_written(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    connections = export(tmp_path, JAN, "ada", "bob")
    run(connections, rules_file, out, JAN)
    book(out, JAN).write_bytes(b"PK\x03\x04 half a download")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(InputError, match="linkedin-cleanup-2026-01-25.xlsx: not a readable"):
        run(connections, rules_file, out, JAN)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_refuses_a_missing_previous_workbook(tmp_path: Path, rules_file: Path) -> None:
    connections = export(tmp_path, JAN, "ada")
    missing = tmp_path / "last-month.xlsx"
    got = invoke("run", connections, "--rules", rules_file, "--out", tmp_path / "out",
                 "--previous", missing)
    assert got.code == 1
    assert f"Error: {missing}: the previous workbook named does not exist" in got.output
    assert "(--previous XLSX)." in got.output
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------- LibreOffice

@pytest.mark.soffice
def test_decisions_saved_by_libreoffice_are_read(tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    run(export(tmp_path, JAN, "ada", "bob", "cy", "dee", "eve"), rules_file, out, JAN)
    jan = book(out, JAN)
    rearrange(jan, "Remove", hide_first=True)
    type_decisions(jan, "Remove", bob="remove", dee=" Keep")
    type_decisions(jan, "Review", eve="maybe")
    libreoffice(jan, tmp_path)

    # The keep/remove drop-down survives LibreOffice on every sheet the user types in.
    wb = openpyxl.load_workbook(jan)
    for sheet in ("Connections", "Remove", "Review"):
        rules = wb[sheet].data_validations.dataValidation
        [rule] = [r for r in rules if r.type == "list"]
        assert (rule.type, rule.formula1, rule.errorStyle) == ("list", '"keep,remove"', "stop")
        # The tool's hidden columns keep refusing what is typed into them.
        assert [(r.formula1, r.errorStyle) for r in rules if r.type == "custom"] == [
            ("0", "stop")]  # LibreOffice saves FALSE as 0
        assert str(rule.sqref).startswith("L2:L" if sheet == "Connections" else "B2:B")
    wb.close()

    result = run(export(tmp_path, FEB, "ada", "dee", "eve"), rules_file, out, FEB)
    assert ledger(out) == [("Bob Builder", "remove", "2026-02-25"),
                           ("Dee Dev", "keep", "2026-02-25"),
                           ("Eve Unknown", "maybe", "2026-02-25")]
    assert by_name(result).loc["Dee Dev", "Decision"] == "keep"
    assert any("Eve Unknown ('maybe', Review!" in w for w in result.warnings)
    assert result.changes is not None and result.changes.removals_confirmed == 1



# ---------------------------------------------------------------------------- never lose one

NOV, DEC = date(2026, 11, 25), date(2026, 12, 25)


def cli_run(connections: Path, rules: Path, out: Path, as_of: date | None = None,
            *extra: str) -> tuple[int, str]:
    """The CLI's exit code and output (stdout and stderr)."""
    args = ["run", str(connections), "--rules", str(rules), "--out", str(out), "--quiet",
            *extra]
    if as_of is not None:
        args += ["--as-of", as_of.isoformat()]
    got = invoke(*args)
    return got.code, got.output


def files(out: Path) -> dict[str, bytes]:
    """Every file under `out` (the snapshots' folder included), by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


# The quick loop keeps the case with every record left; the one-record cases (about a second
# each) run in the full suite.
@pytest.mark.parametrize("left", ["everything", *(pytest.param(k, marks=pytest.mark.slow) for k
                                                  in ("workbook", "snapshot", "history"))])
def test_an_older_run_never_changes_what_a_newer_one_recorded(
        tmp_path: Path, rules_file: Path, left: str) -> None:
    out = tmp_path / "reports"
    november = export(tmp_path, NOV, "ada", "bob", "dee")
    run(november, rules_file, out, NOV)
    type_decisions(book(out, NOV), "Remove", bob="remove", dee="keep")
    december = export(tmp_path, DEC, "ada", "bob", "dee")
    run(december, rules_file, out, DEC)
    type_decisions(book(out, DEC), "Connections", dee="remove")  # a decision of December
    run(december, rules_file, out, DEC)
    # Only one trace of December's run is left: each alone must stop November's re-run.
    if left != "everything":
        keep = {"workbook": "linkedin-cleanup-2026-12-25", "snapshot": "snapshot-2026-12-25",
                "history": "history.csv"}[left]
        for p in out.rglob("*"):
            if p.is_file() and keep not in p.name and "2026-11-25" not in p.name:
                p.unlink()
    before = files(out)
    code, said = cli_run(november, rules_file, out, NOV)
    assert code == 1, said
    assert "Error: " in said and "already holds a newer run, of 2026-12-25" in said, said
    assert "Run the newest archive instead, or write this run into another output folder" in said
    assert "(--out DIR)" in said
    assert files(out) == before  # the ledger, byte for byte, and everything else


def test_the_november_archive_after_december_is_refused_and_clears_nothing(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    november = export(tmp_path, NOV, "ada", "bob", "dee")
    run(november, rules_file, out, NOV)
    type_decisions(book(out, NOV), "Remove", bob="remove", dee="keep")
    run(export(tmp_path, DEC, "ada", "bob", "dee"), rules_file, out, DEC)
    ledger_before = (out / "decisions.csv").read_bytes()
    code, said = cli_run(november, rules_file, out, NOV)
    assert code == 1
    assert "cleared" not in said
    assert (out / "decisions.csv").read_bytes() == ledger_before
    # Another folder is fine, and the newer archive too.
    assert cli_run(november, rules_file, tmp_path / "elsewhere", NOV)[0] == 0
    assert cli_run(export(tmp_path, date(2027, 1, 25), "ada", "bob", "dee"), rules_file, out,
                   date(2027, 1, 25))[0] == 0
    assert ledger(out) == [("Bob Builder", "remove", "2026-12-25"),
                           ("Dee Dev", "keep", "2026-12-25")]


@pytest.mark.parametrize(("lock", "program"), [
    ("~$linkedin-cleanup-2026-11-25.xlsx", "Excel"),
    ("~$nkedin-cleanup-2026-11-25.xlsx", "Excel"),  # Excel's form for a long name
    (".~lock.linkedin-cleanup-2026-11-25.xlsx#", "LibreOffice")])
@pytest.mark.parametrize("which", ["read", "replaced"])
def test_a_workbook_open_in_a_spreadsheet_stops_the_run(
        tmp_path: Path, rules_file: Path, lock: str, program: str, which: str) -> None:
    out = tmp_path / "reports"
    november = export(tmp_path, NOV, "ada", "bob")
    run(november, rules_file, out, NOV)
    type_decisions(book(out, NOV), "Remove", bob="remove")
    (out / lock).write_bytes(b",Fault Owner,host,27.11.2026 10:00,file:///x;")
    before = files(out)
    # Read: December reads November's workbook. Replaced: November run again replaces it.
    connections = export(tmp_path, DEC, "ada", "bob") if which == "read" else november
    code, said = cli_run(connections, rules_file, out, DEC if which == "read" else NOV)
    assert code == 1, said
    assert f"close linkedin-cleanup-2026-11-25.xlsx in {program}, then run again" in said
    assert files(out) == before


@pytest.mark.slow  # over a second: out of the quick loop
def test_a_decision_not_understood_is_carried_and_survives_reruns_and_a_deleted_workbook(
        tmp_path: Path, rules_file: Path) -> None:
    out = tmp_path / "reports"
    connections = export(tmp_path, JAN, "ada", "bob", "dee", "eve")
    run(connections, rules_file, out, JAN)
    type_decisions(book(out, JAN), "Remove", bob="yes", dee="R.")
    type_decisions(book(out, JAN), "Review", eve="done")
    # The same day again: the values not understood are kept, not overwritten.
    result = run(connections, rules_file, out, JAN)
    assert any("Bob Builder ('yes', Remove!B" in w for w in result.warnings)
    assert any("Eve Unknown ('done', Review!B" in w for w in result.warnings)
    rows = {r["Name"]: r["Decision"] for r in sheet_rows(book(out, JAN), "Remove")}
    assert rows["Bob Builder"] == "yes"
    assert {r["First Name"]: r["Decision"] for r in sheet_rows(book(out, JAN), "Connections")
            }["Dee"] == "remove"  # "R." is understood
    assert by_name(result).loc["Bob Builder", "Recommendation"] == "remove"  # rules decide
    # Gone workbook: the ledger carries them into February's.
    book(out, JAN).unlink()
    result = run(export(tmp_path, FEB, "ada", "bob", "dee", "eve"), rules_file, out, FEB)
    assert {r["Name"]: r["Decision"] for r in sheet_rows(book(out, FEB), "Remove")
            }["Bob Builder"] == "yes"
    assert {r["Name"]: r["Decision"] for r in sheet_rows(book(out, FEB), "Review")
            }["Eve Unknown"] == "done"
    assert any("Decision not understood for Bob Builder ('yes')" in w for w in result.warnings)
    # Replaced by a real decision, it is understood and the note goes.
    type_decisions(book(out, FEB), "Remove", bob="keep")
    result = run(export(tmp_path, MAR, "ada", "bob", "dee", "eve"), rules_file, out, MAR)
    assert by_name(result).loc["Bob Builder", "Decision"] == "keep"
    assert not any("Bob Builder ('yes'" in w for w in result.warnings)
