"""The Python API given a DataFrame: what a file could not hold (columns with two levels of
names, cells of bytes, line breaks in cells, empty rows) is refused or read the way the command
line reads a file."""

from __future__ import annotations

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


def test_a_source_that_is_neither_a_path_nor_a_frame_is_refused() -> None:
    with pytest.raises(InputError, match="the source is bytes"):
        cleanup.analyse(b"First Name,Last Name\n", RULES)  # type: ignore[arg-type]


def test_line_breaks_in_cells_never_make_rows() -> None:
    frame = export(4)
    frame.loc[1, "First Name"] = "Ann\n\nLee"
    frame.loc[2, "Company"] = "\r"
    frame.loc[3, "Company"] = 'Acme "Web"\r\n, Inc'
    result = cleanup.analyse(frame, RULES)
    assert len(result.rows) == 4
    assert result.rows["Company"].tolist()[2:] == ["", 'Acme "Web"\r\n, Inc']
    assert result.rows["Tag"].tolist() == [TAGS[p] for p in frame["Position"]]


def test_a_row_empty_in_every_column_is_left_out_and_said_so() -> None:
    frame = export(4).astype(object)
    frame.loc[1] = [None, "", " ", float("nan"), "", "", ""]
    result = cleanup.analyse(frame, RULES)
    assert result.rows["First Name"].tolist() == ["Person0", "Person2", "Person3"]
    assert any("1 row(s) are empty in every column (first: row 1)" in n
               for n in result.warnings)
