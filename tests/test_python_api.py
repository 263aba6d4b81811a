"""The Python API given a DataFrame: the caller's index is kept on the result's rows, and what
a file could not hold (columns with two levels of names, an index that repeats a label, cells of
bytes, line breaks in cells, empty rows) is refused or read the way the command line reads a
file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import cleanup
from cleanup.errors import InputError

COLUMNS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
           "Connected On"]
RULES = cleanup.Rules.from_dict({"prospect": {"keywords": ["realtor"]},
                                 "competitor": {"keywords": ["web designer"]}})
#: Position -> the tag the rules give it.
TAGS = {"Realtor": "prospect", "Web Designer": "competitor", "Baker": "unknown"}


def export(n: int) -> pd.DataFrame:
    """n made-up connections whose Position alone decides their tag."""
    positions = list(TAGS)
    return pd.DataFrame(
        [[f"Person{i}", "Example", f"https://www.linkedin.com/in/person-{i}", "",
          f"Company {i}", positions[i % 3], "05 Mar 2024"] for i in range(n)], columns=COLUMNS)


def test_a_filtered_shuffled_frame_joins_back_to_its_own_tags() -> None:
    frame = export(57)
    frame.index = pd.Index([f"id-{i}" for i in range(57)])  # labels, not positions
    picked = frame[frame["Company"] != "Company 4"].sample(frac=1, random_state=3)
    picked = picked.iloc[::2]
    result = cleanup.analyse(picked, RULES)
    assert result.rows.index.equals(picked.index)
    assert result.people.index.equals(picked.index)
    joined = picked.join(result.rows[["Tag"]])
    assert joined["Tag"].tolist() == [TAGS[p] for p in picked["Position"]]
    assert (result.people.loc[picked.index, "name"]
            == picked["First Name"] + " Example").all()


def test_an_integer_index_with_gaps_is_kept() -> None:
    frame = export(9).iloc[[8, 2, 5, 0]]  # labels 8, 2, 5, 0 at positions 0..3
    result = cleanup.analyse(frame, RULES)
    assert result.rows.index.tolist() == [8, 2, 5, 0]
    assert frame.join(result.rows[["Tag"]])["Tag"].tolist() == [TAGS[p] for p in
                                                                 frame["Position"]]


def test_a_frame_with_its_own_index_is_written_as_any_export(tmp_path: Path) -> None:
    frame = export(6).set_axis([50, 40, 30, 20, 10, 0])
    written = cleanup.run(frame, RULES, tmp_path / "out", as_of=date(2026, 11, 25))
    assert written.rows.index.tolist() == [50, 40, 30, 20, 10, 0]
    ws = openpyxl.load_workbook(written.paths["xlsx"], read_only=True)["Connections"]
    header, *cells = ws.iter_rows(values_only=True)
    names = [row[header.index("First Name")] for row in cells]
    assert sorted(names) == sorted(frame["First Name"])


def test_an_index_that_repeats_a_label_is_refused() -> None:
    frame = export(4).set_axis([1, 2, 2, 3])
    with pytest.raises(InputError) as caught:
        cleanup.analyse(frame, RULES)
    message = str(caught.value)
    assert "DataFrame" in message and "repeats" in message and "(2)" in message
    assert "reset_index(drop=True)" in message


def test_columns_with_two_levels_of_names_are_refused() -> None:
    """Written as a file they would be two header lines: the second became a connection."""
    for levels in ([(c, "text") for c in COLUMNS], [("export", c) for c in COLUMNS]):
        frame = export(3)
        frame.columns = pd.MultiIndex.from_tuples(levels)
        with pytest.raises(InputError, match="columns have 2 levels of names"):
            cleanup.analyse(frame, RULES)


def test_cells_of_bytes_are_read_as_a_file_is() -> None:
    frame = export(3).astype(object)
    frame.loc[0, "Company"] = "Café Crème".encode()
    frame.loc[1, "Company"] = "Café Crème".encode("cp1252")  # not UTF-8
    frame.loc[2, "Position"] = bytearray("Realtor \x81".encode("latin-1"))  # not cp1252 either
    result = cleanup.analyse(frame, RULES)
    assert result.rows["Company"].tolist()[:2] == ["Café Crème", "Café Crème"]
    assert result.rows.loc[2, "Tag"] == "prospect"
    notes = [n for n in result.warnings if "not UTF-8" in n]
    assert len(notes) == 1 and "2 cell(s)" in notes[0] and "row 1, column 'Company'" in notes[0]
    mixed = export(2).astype(object)  # bytes beside a number in one column
    mixed.loc[0, "Company"], mixed.loc[1, "Company"] = b"Caf\xe9", 7
    assert cleanup.analyse(mixed, RULES).rows["Company"].tolist() == ["Café", "7"]


def test_a_source_that_is_neither_a_path_nor_a_frame_is_refused() -> None:
    with pytest.raises(InputError, match="the source is bytes"):
        cleanup.analyse(b"First Name,Last Name\n", RULES)  # type: ignore[arg-type]


def test_line_breaks_in_cells_never_make_rows() -> None:
    frame = export(4).set_axis([9, 8, 7, 6])
    frame.loc[8, "First Name"] = "Ann\n\nLee"
    frame.loc[7, "Company"] = "\r"
    frame.loc[6, "Company"] = 'Acme "Web"\r\n, Inc'
    result = cleanup.analyse(frame, RULES)
    assert result.rows.index.tolist() == [9, 8, 7, 6]
    assert result.rows["Company"].tolist()[2:] == ["", 'Acme "Web"\r\n, Inc']
    assert frame.join(result.rows[["Tag"]])["Tag"].tolist() == [TAGS[p] for p in
                                                                frame["Position"]]


def test_a_row_empty_in_every_column_is_left_out_and_said_so() -> None:
    frame = export(4).astype(object).set_axis(["a", "b", "c", "d"])
    frame.loc["b"] = [None, "", " ", float("nan"), "", "", ""]
    result = cleanup.analyse(frame, RULES)
    assert result.rows.index.tolist() == ["a", "c", "d"]
    assert result.rows["First Name"].tolist() == ["Person0", "Person2", "Person3"]
    assert any("1 row(s) are empty in every column (first: row 'b')" in n
               for n in result.warnings)
    assert frame.join(result.rows[["Tag"]])["Tag"].isna().tolist() == [False, True, False,
                                                                        False]
