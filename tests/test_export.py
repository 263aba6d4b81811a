"""Reading Connections.csv in every shape LinkedIn and Excel produce."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cleanup.errors import InputError
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.text import parse_date, profile_links, url_key

DATA = Path(__file__).parent / "data"

VARIANTS = sorted(p.name for p in DATA.glob("*.csv"))
NAMES = ["Ada Example", "José Müller", "Smith, PhD O'Neil", "", "Zoë Nguyen", "Bob Quote"]
DATES = [date(2024, 3, 5), date(2023, 9, 17), date(2021, 12, 1), date(2020, 3, 4),
         date(2019, 2, 28), date(2018, 7, 9)]


@pytest.mark.parametrize("name", VARIANTS)
def test_every_variant_reads_the_same_people(name: str) -> None:
    conns = read_connections(Archive.open(DATA / name))
    people = conns.people
    assert people["name"].tolist() == NAMES
    assert [d.date() for d in people["connected"]] == DATES
    assert people["company"].tolist()[:3] == ["Acme, Inc.", "Müller Immobilien", ""]
    assert people["company"].iloc[5] == 'The "Best" Co'
    assert people["hidden"].tolist() == [False, False, False, True, False, False]
    assert list(map(str, conns.notices)) == []


@pytest.mark.parametrize("name", VARIANTS)
def test_original_columns_are_kept_in_order(name: str) -> None:
    table = read_connections(Archive.open(DATA / name)).table
    assert table.columns[:2] == ["First Name", "Last Name"]
    assert table.columns[-1] in ("Connected On", "Tags")
    assert len(table.frame) == 6


def test_unknown_extra_column_passes_through() -> None:
    table = read_connections(Archive.open(DATA / "connections_extra_column.csv")).table
    assert table.columns[-1] == "Tags"
    assert table.frame["Tags"].tolist()[0] == "vip"


def test_header_line_found_after_preamble_and_rows_carry_file_lines() -> None:
    conns = read_connections(Archive.open(DATA / "connections_current.csv"))
    assert conns.table.header_line == 4
    assert conns.people["line"].tolist() == [5, 6, 7, 8, 9, 10]


def test_fields_are_stripped() -> None:
    people = read_connections(Archive.open(DATA / "connections_current.csv")).people
    assert people.loc[4, "first"] == "Zoë"
    assert people.loc[4, "company"] == "Seoul Bakery"


@pytest.mark.parametrize("text,expected", [
    ("05 Mar 2024", date(2024, 3, 5)),
    ("5 Sep 2021", date(2021, 9, 5)),
    ("3/5/18, 9:07 AM", date(2018, 3, 5)),
    ("12/31/18, 11:59 PM", date(2018, 12, 31)),
    ("05-Mar-24", date(2024, 3, 5)),
    ("05.03.2024", date(2024, 3, 5)),
    ("2024-03-05", date(2024, 3, 5)),
    ("2024-03-05 11:43:11 UTC", date(2024, 3, 5)),
    ("05 March 2024", date(2024, 3, 5)),
    ("Mar 5, 2024", date(2024, 3, 5)),
    ("31 Feb 2024", None),
    ("yesterday", None),
    ("05 Mär 2024", None),
    ("", None),
])
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_unparseable_date_is_reported_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "Connections.csv"
    p.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                 "Ada,E,,,Acme,Owner,someday\nBo,F,,,Acme,Owner,05 Mar 2024\n", encoding="utf-8")
    conns = read_connections(Archive.open(p))
    assert conns.people["connected"].isna().tolist() == [True, False]
    assert len(list(map(str, conns.notices))) == 1
    said = str(conns.notices[0])
    assert "line 2" in said and "'someday'" in said


def test_month_names_do_not_depend_on_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    import locale

    for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        assert parse_date("05 May 2024") == date(2024, 5, 5)
    finally:
        locale.setlocale(locale.LC_TIME, "C")


@pytest.mark.parametrize("raw", [
    "https://www.linkedin.com/in/ada-example",
    "http://www.linkedin.com/in/ada-example/",
    "www.linkedin.com/in/ada-example",
    "linkedin.com/in/Ada-Example",
    "HTTPS://WWW.LINKEDIN.COM/IN/ADA-EXAMPLE/?utm_source=x",
    "https://de.linkedin.com/in/ada-example#about",
    " https://www.linkedin.com/in/ada-example/ ",
])
def test_url_key_normalises_every_form(raw: str) -> None:
    assert url_key(pd.Series([raw])).iloc[0] == "linkedin.com/in/ada-example"


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "https://evil.example/in/x",
                                 "data:text/html,<b>x</b>", "", "https://linkedin.com.evil/in/x"])
def test_only_linkedin_profiles_get_a_link(raw: str) -> None:
    keys = url_key(pd.Series([raw]))
    assert profile_links(keys).iloc[0] == ""


def test_profile_link_is_https_www() -> None:
    keys = url_key(pd.Series(["linkedin.com/in/ada-example/"]))
    assert profile_links(keys).iloc[0] == "https://www.linkedin.com/in/ada-example"


# ---------------------------------------------------------------------------- archives

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("zipname", [
    "Basic_LinkedInDataExport_11-25-2026.zip",
    "Complete_LinkedInDataExport_11-25-2026.zip",
    "Basic_LinkedInDataExport_11-25-2026 (1).zip",
    "Basic_LinkedInDataExport_11-25-2026.zip.zip",
    "LinkedInDataExport_11-25-2026.zip",
])
def test_reads_zip_in_place_by_any_name(tmp_path: Path, zipname: str) -> None:
    data = (DATA / "connections_current.csv").read_bytes()
    z = _zip(tmp_path / zipname, {"connections.CSV": data, "Jobs/Saved Jobs.csv": b"a,b\n1,2"})
    archive = Archive.open(z)
    assert archive.kind == "zip"
    assert archive.archive_date == date(2026, 11, 25)
    assert len(read_connections(archive).people) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == [zipname]  # nothing extracted


def test_reads_unzipped_folder_at_any_depth(tmp_path: Path) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport_11-25-2026" / "inner"
    folder.mkdir(parents=True)
    (folder / "Connections.csv").write_bytes((DATA / "connections_2018.csv").read_bytes())
    archive = Archive.open(tmp_path / "Basic_LinkedInDataExport_11-25-2026")
    assert archive.archive_date == date(2026, 11, 25)
    assert read_connections(archive).people["name"].tolist() == NAMES


def test_two_connections_files_take_the_shallowest_and_say_so(tmp_path: Path) -> None:
    good = (DATA / "connections_current.csv").read_bytes()
    z = _zip(tmp_path / "x.zip", {"old/Connections.csv": b"junk", "Connections.csv": good})
    conns = read_connections(Archive.open(z))
    assert len(conns.people) == 6
    assert any("old/Connections.csv" in str(w) for w in list(map(str, conns.notices)))


# ---------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("name,message", [
    ("empty.csv", "the file is empty"),
    ("header_only.csv", "no connection follows"),
    ("binary.csv", "not a CSV file"),
    ("wrong_columns.csv", "Columns found: 'Name', 'Title'"),
    ("missing_company.csv", "the header lacks Company"),
    ("ragged_row.csv", "line 2: 6 fields where the header has 5"),
])
def test_bad_input_is_refused_with_a_clear_message(name: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_connections(Archive.open(DATA / "bad" / name))
    assert message in str(err.value)
    assert name in str(err.value)


def test_header_lacking_a_column_after_the_preamble_shows_the_real_header() -> None:
    with pytest.raises(InputError) as err:
        read_connections(Archive.open(DATA / "bad" / "preamble_missing_last_name.csv"))
    said = str(err.value)
    assert ("Columns found: 'First Name', 'URL', 'Email Address', 'Company', 'Position', "
            "'Connected On'; missing: Last Name.") in said
    assert "When exporting" not in said
    assert said.endswith("Is this LinkedIn's Connections.csv?")


@pytest.mark.parametrize("name, said", [
    ("broken_accents_mojibake.csv", "accented letters look broken (e.g. 'MÃ¼ller', which would "
                                 "read 'Müller')"),
    ("broken_accents_replacement.csv", "2 characters were already lost before the file was "
                                         "saved, on 1 line (shown as \ufffd, ï¿½ or a run such "
                                         "as ýýý, e.g. 'M\ufffdller')"),
])
def test_broken_accents_are_reported_with_an_example(name: str, said: str) -> None:
    conns = read_connections(Archive.open(DATA / "encoding" / name))
    assert len(conns.people) == 7  # every row still comes through
    notes = [str(n) for n in conns.notices]
    assert any(f"{name}, line 9: {said}" in n for n in notes), notes


def test_sound_accents_are_not_reported() -> None:
    conns = read_connections(Archive.open(DATA / "archive" / "connections.csv"))
    assert not any("accented" in str(n) or "lost" in str(n) for n in conns.notices)


def test_missing_export_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        Archive.open(tmp_path / "nope.zip")


def test_zip_without_connections_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip", {"Profile.csv": b"a\n1"})
    with pytest.raises(InputError, match="no Connections.csv in it"):
        read_connections(Archive.open(z))


def test_corrupt_zip_is_refused(tmp_path: Path) -> None:
    z = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    z.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="not a readable zip archive"):
        Archive.open(z)
