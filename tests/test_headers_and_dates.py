"""One header key for every reader, and Excel's serial numbers read as dates.

A file re-saved by Excel may call the date column `Connected on` or `Connected_On` and hold
the dates as serial numbers (`45356`); both must come out as dates in every sheet.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanup import pipeline
from cleanup.memory import workbooks
from cleanup.read import enrich
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.read.profile import read_profile
from cleanup.text import header_key, parse_dates, serial_date

DATA = Path(__file__).parent / "data"
DATES = [date(2024, 3, 5), date(2023, 9, 17), date(2021, 12, 1), date(2020, 3, 4),
         date(2019, 2, 28), date(2018, 7, 9)]


@pytest.mark.parametrize("written", ["Connected On", "connected on", "Connected on",
                                     "Connected_On", "CONNECTED-ON", '"Connected On"',
                                     "\ufeffConnected On", "  Connected   On ", "connected/on"])
def test_every_spelling_of_a_header_has_one_key(written: str) -> None:
    assert header_key(written) == "connected on"


@given(st.text(max_size=40))
def test_the_key_of_a_key_is_itself(text: str) -> None:
    assert header_key(header_key(text)) == header_key(text)


def test_every_reader_uses_the_one_header_key() -> None:
    """The readers, the enrichment files and the earlier workbooks share `header_key`; no
    module keeps a normaliser of its own."""
    assert enrich._squash("LinkedIn_URL") == enrich._squash("linkedin url") == "linkedinurl"
    assert workbooks.header_key is header_key
    for module in (workbooks, enrich):
        assert not hasattr(module, "_norm")


@pytest.mark.parametrize("text,expected", [
    ("45356", date(2024, 3, 5)), ("44455", date(2021, 9, 16)),
    ("43290.3784722222", date(2018, 7, 9)), (" 45356 ", date(2024, 3, 5)),
    ("12345", None),  # 1933: no LinkedIn connection is that old; a number, not a date
    ("99999", None), ("4535", None), ("45356x", None), ("-45356", None), ("", None),
])
def test_an_excel_serial_number_is_a_date_in_range(text: str, expected: date | None) -> None:
    assert serial_date(text) == expected


def test_serial_numbers_count_only_in_a_date_column() -> None:
    values = pd.Series(["45356", "05 Mar 2024"])
    assert parse_dates(values).isna().tolist() == [True, False]
    assert [d.date() for d in parse_dates(values, serials=True)] == [date(2024, 3, 5)] * 2


@pytest.mark.parametrize("name", ["excel_resave_serial_dates.csv",
                                  "excel_resave_underscore_headers.csv"])
def test_a_resaved_file_reads_its_dates(name: str) -> None:
    conns = read_connections(Archive.open(DATA / name))
    assert [d.date() for d in conns.people["connected"]] == DATES
    assert conns.notices == []


def _column(path: Path, sheet: str, header: str) -> list[object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    at = list(rows[0]).index(header)
    return [r[at] for r in rows[1:]]


@pytest.mark.parametrize("name,header", [("excel_resave_serial_dates.csv", "Connected on"),
                                         ("excel_resave_underscore_headers.csv",
                                          "Connected_On")])
def test_every_sheet_shows_dates_not_serial_numbers(name: str, header: str, tmp_path: Path,
                                                    rules_file: Path) -> None:
    result = pipeline.run(DATA / name, rules_file, tmp_path, as_of=date(2026, 1, 25))
    book = result.paths["xlsx"]
    shown = _column(book, "Connections", header)  # the file's own header, kept
    assert all(isinstance(v, datetime) for v in shown), shown
    assert [v.date() for v in shown] == DATES  # type: ignore[union-attr]
    for sheet in ("Remove", "Review"):
        assert all(isinstance(v, datetime) for v in _column(book, sheet, "Connected On"))


def test_profile_and_enrichment_headers_are_read_with_the_same_key(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_bytes((DATA / "connections_current.csv").read_bytes())
    (folder / "Profile.csv").write_text("first_name,LAST-NAME,Headline,Geo_Location\n"
                                        "Ada,Example,Web studio,Austin\n", encoding="utf-8")
    profile = read_profile(Archive.open(folder))
    assert profile is not None
    assert (profile.first, profile.last, profile.geo_location) == ("Ada", "Example", "Austin")
    crm = tmp_path / "crm.csv"
    crm.write_text("Linkedin_URL,INDUSTRY\nhttps://www.linkedin.com/in/ada-example,Realty\n",
                   encoding="utf-8")
    frame, _ = enrich.read_enrichment(crm)
    assert frame["industry"].tolist() == ["Realty"]


def test_a_date_column_named_in_another_case_is_formatted_as_dates(tmp_path: Path,
                                                                    rules_file: Path) -> None:
    """`Connected on` holding LinkedIn's own text dates: the cells are dates, not the bare
    serial numbers (45356) an unformatted number cell shows."""
    p = tmp_path / "Connections.csv"
    p.write_text("First Name,Last Name,Company,Position,Connected on\n"
                 "Ada,Example,Acme,Realtor,05 Mar 2024\n", encoding="utf-8")
    result = pipeline.run(p, rules_file, tmp_path / "out", as_of=date(2026, 1, 25))
    [shown] = _column(result.paths["xlsx"], "Connections", "Connected on")
    assert shown == datetime(2024, 3, 5)
