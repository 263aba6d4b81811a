"""Contract tests: every input layout the tool accepts goes the whole monthly cycle.

Each case is read, tagged and written to a workbook; the user types `keep` in the Remove
sheet's Decision cell with openpyxl and saves; the next run reads the decision back and applies
it. The people table has every declared column, of its kind, after each stage.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import crm_contacts
import openpyxl
import pandas as pd
import pytest

from cleanup import pipeline
from cleanup.people import problems
from cleanup.read import adapters
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.read.enrich import apply as apply_enrichment

DATA = Path(__file__).parent / "data"
JAN, FEB = date(2026, 1, 25), date(2026, 2, 25)
#: The person the rules remove in every fixture (a competitor keyword in the Position).
TARGET = "Smith, PhD O'Neil"
ARCHIVE = "Basic_LinkedInDataExport_01-25-2026"


def _lone(name: str) -> Callable[[Path], object]:
    return lambda _tmp: DATA / name


def _zip(tmp: Path) -> Path:
    z = tmp / f"{ARCHIVE}.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(DATA / "connections_current.csv", "Connections.csv")
    return z


def _folder(tmp: Path) -> Path:
    folder = tmp / ARCHIVE
    folder.mkdir()
    shutil.copy(DATA / "connections_current.csv", folder / "Connections.csv")
    return folder


def _frame(tmp: Path) -> pd.DataFrame:
    return pd.DataFrame({
        "First Name": ["Ada", "Smith, PhD", "Zoë"], "Last Name": ["Example", "O'Neil", "Nguyen"],
        "URL": ["https://www.linkedin.com/in/ada-example", "https://www.linkedin.com/in/smith",
                ""],
        "Email Address": ["", "", ""], "Company": ["Acme", "", "Seoul Bakery"],
        "Position": ["Realtor", "Web Developer", "Owner"],
        "Connected On": ["05 Mar 2024", "01 Dec 2021", "28 Feb 2019"]})


CASES: dict[str, Callable[[Path], object]] = {
    "2018 (no preamble, no URL)": _lone("connections_2018.csv"),
    "2021 to mid 2023 (preamble, no URL)": _lone("connections_2022_no_url.csv"),
    "late 2023 on (preamble, URL)": _lone("connections_current.csv"),
    "Excel re-save: BOM, CRLF": _lone("excel_resave_bom_crlf.csv"),
    "Excel re-save: cp1252, semicolons": _lone("excel_resave_cp1252_semicolon.csv"),
    "Excel re-save: padded preamble": _lone("excel_resave_padded_notes.csv"),
    "Excel re-save: serial dates, 'Connected on'": _lone("excel_resave_serial_dates.csv"),
    "Excel re-save: underscore headers": _lone("excel_resave_underscore_headers.csv"),
    "ISO dates": _lone("connections_iso_dates.csv"),
    "an extra column": _lone("connections_extra_column.csv"),
    "the archive zip": _zip,
    "the unzipped folder": _folder,
    "a DataFrame": _frame,
    "a CRM contacts export": _lone("layouts/crm_contacts.csv"),
}


@pytest.fixture(autouse=True)
def _crm_layout(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CRM layout of `crm_contacts.py`, registered for these tests only."""
    monkeypatch.setattr(adapters, "_REGISTERED", [])
    adapters.register(crm_contacts.ADAPTER)
    yield


def _type_in_remove(workbook: Path, name: str, value: str) -> None:
    """What the user does in Excel: type `value` in the Remove sheet's Decision cell of
    `name`, and save."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Remove"]
    header = [c.value for c in ws[1]]
    name_at, decision_at = header.index("Name") + 1, header.index("Decision") + 1
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, name_at).value == name]
    assert len(rows) == 1, f"{name} is not on the Remove sheet once"
    ws.cell(rows[0], decision_at).value = value
    wb.save(workbook)


def _sheet(workbook: Path, title: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(workbook, read_only=True)
    rows = list(wb[title].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.slow  # two runs per layout, about 2 s each
@pytest.mark.parametrize("case", list(CASES))
def test_every_layout_goes_the_monthly_cycle(case: str, tmp_path: Path,
                                             rules_file: Path) -> None:
    source = CASES[case](tmp_path)
    out = tmp_path / "reports"
    first = pipeline.run(source, rules_file, out, as_of=JAN)  # type: ignore[arg-type]
    assert problems(first.people, "result") == []
    assert len(first.people) == len(first.export.frame)
    people = first.people.set_index("name")
    assert people.loc[TARGET, "recommendation"] == "remove"
    remove = _sheet(first.paths["xlsx"], "Remove")
    shown = next(r for r in remove if r["Name"] == TARGET)
    # The worklist shows the person's fields whatever the input called them.
    assert shown["Position"] == "Web Developer"
    assert shown["Connected On"].date() == date(2021, 12, 1)  # type: ignore[union-attr]
    # The Connections sheet writes the input's own columns back, names and order.
    connections = _sheet(first.paths["xlsx"], "Connections")
    assert list(connections[0])[:len(first.export.columns)] == first.export.columns

    _type_in_remove(first.paths["xlsx"], TARGET, "keep")
    second = pipeline.run(source, rules_file, out, as_of=FEB)  # type: ignore[arg-type]
    people = second.people.set_index("name")
    assert people.loc[TARGET, "decision"] == "keep"
    assert people.loc[TARGET, "recommendation"] == "keep"
    assert TARGET not in [r["Name"] for r in _sheet(second.paths["xlsx"], "Remove")]
    assert second.decisions.in_force == 1
    assert len(second.people) == len(first.people)


@pytest.mark.parametrize("name", ["connections_2018.csv", "connections_current.csv",
                                  "excel_resave_serial_dates.csv", "layouts/crm_contacts.csv"])
def test_the_people_table_has_its_columns_after_each_stage(name: str) -> None:
    conns = read_connections(Archive.open(DATA / name))
    assert problems(conns.people, "read") == []
    enriched = apply_enrichment(conns.people, [])
    assert problems(enriched.people, "enrich") == []


def test_the_enrichment_stage_adds_its_columns(tmp_path: Path) -> None:
    enrich = tmp_path / "enrich.csv"
    enrich.write_text("LinkedIn URL,Location,Industry\n"
                      "https://www.linkedin.com/in/ada-example,\"Austin, Texas\",Real Estate\n",
                      encoding="utf-8")
    conns = read_connections(Archive.open(DATA / "connections_current.csv"))
    people = apply_enrichment(conns.people, [enrich]).people
    assert problems(people, "enrich") == []
    assert people["place_label"].iloc[0].startswith("Austin")
    assert people["industry"].iloc[0] == "Real Estate"


def test_a_frame_missing_a_column_or_of_the_wrong_kind_is_caught() -> None:
    conns = read_connections(Archive.open(DATA / "connections_current.csv"))
    broken = conns.people.drop(columns=["key"]).assign(connected="2024-03-05")
    found = problems(broken, "read")
    assert found[0] == "key: missing" and found[1].startswith("connected: not date")
    assert len(found) == 2


def test_a_layout_nobody_declared_is_refused_naming_linkedins_columns(tmp_path: Path) -> None:
    p = tmp_path / "contacts.csv"
    p.write_text("Vorname,Nachname,Firma\nAda,Example,Acme\n", encoding="utf-8")
    with pytest.raises(Exception, match="no header with the columns First Name, Last Name"):
        read_connections(Archive.open(p))


def test_an_input_column_named_like_a_worklist_column_keeps_its_own_values(
        tmp_path: Path, rules_file: Path) -> None:
    """A CRM's own `Name` (a nickname) and `URL` (a website) stay on the Connections sheet;
    the worklists show the person's name and LinkedIn profile under those headers."""
    p = tmp_path / "contacts.csv"
    p.write_text("Given name,Family name,Name,URL,LinkedIn,Employer,Title,Added\n"
                 "Smith,O'Neil,Smitty,https://smith.example,https://www.linkedin.com/in/smith,"
                 "Acme,Web Developer,2021-12-01\n", encoding="utf-8")
    result = pipeline.run(p, rules_file, tmp_path / "out", as_of=JAN)
    [row] = _sheet(result.paths["xlsx"], "Connections")
    assert (row["Name"], row["URL"]) == ("Smitty", "https://smith.example")
    [listed] = _sheet(result.paths["xlsx"], "Remove")
    assert (listed["Name"], listed["URL"]) == ("Smith O'Neil",
                                               "https://www.linkedin.com/in/smith")
