"""The connection sheets' cells: escaped many at a time exactly as one at a time, and a
failure while they are written reaches the caller as it happened, leaving no file behind."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanup import pipeline
from cleanup.model import Result
from cleanup.writers import sheetdata, workbook, xmlescape

HOSTILE = ["", "plain", "Zoë Ünal", "emoji \U0001F600 here", "a & b < c > d \"e\"",
           "_x0041_ and _x005F_x0041_", "tab\tand\nnewline", "bell\x07 esc\x1b",
           "lone \ud800 surrogate", "\ufffe\uffff", "=HYPERLINK(\"x\")", " spaced ",
           "nbsp\u00a0and\u2028line"]


def test_escape_many_is_escape_of_each() -> None:
    assert xmlescape.escape_many(HOSTILE) == [xmlescape.escape(t) for t in HOSTILE]
    assert xmlescape.escape_many([]) == []


def test_escape_many_with_a_nul_in_a_text_is_escape_of_each() -> None:
    texts = ["a\x00b", "_x0000_", "&"]
    assert xmlescape.escape_many(texts) == [xmlescape.escape(t) for t in texts]
    assert "\x00" not in "".join(xmlescape.escape_many(texts))


@given(st.lists(st.text(alphabet=st.sampled_from(list("_x0aF&<>\"\x00\x01\t\n é\U0001F600"
                                                      "\ud800\ufffe")), max_size=12),
                max_size=8))
def test_escape_many_matches_escape_for_any_texts(texts: list[str]) -> None:
    assert xmlescape.escape_many(texts) == [xmlescape.escape(t) for t in texts]


def cell_bodies(values: pd.Series) -> np.ndarray:
    return sheetdata._Coded(values).bodies(slice(None))


def test_bodies_of_a_column_of_text_and_dates() -> None:
    values = pd.Series(["Zoë", 45000.0, float("nan"), None, "", "a&b", 45000.5], dtype=object)
    bodies = cell_bodies(values)
    text = ' t="inlineStr"><is><t xml:space="preserve">'
    assert [b.encode("latin-1").decode("utf-8") for b in bodies] == [
        text + "Zoë</t></is></c>", "><v>45000</v></c>", "/>", "/>", "/>",
        text + "a&amp;b</t></is></c>", "><v>45000.5</v></c>"]
    numbers = cell_bodies(pd.Series([3, 0, 3]))
    assert list(numbers) == ["><v>3</v></c>", "><v>0</v></c>", "><v>3</v></c>"]
    strings = cell_bodies(pd.Series(["x", "", None, "x"], dtype="str"))
    assert list(strings) == [text + "x</t></is></c>", "/>", "/>", text + "x</t></is></c>"]
    assert isinstance(strings, np.ndarray)


@pytest.mark.parametrize("values", [
    pd.Series(["a", "b", None, "a<", "", 45000.0, "b", "c", "a"] * 3, dtype=object),  # few
    pd.Series([f"x{i}" if i % 4 else None for i in range(40)], dtype=object),  # many
    pd.Series([f"{i}é" if i % 5 else "" for i in range(40)], dtype="str"),
    pd.Series([float(i % 7) if i % 3 else float("nan") for i in range(40)]),
])
def test_the_bodies_of_any_rows_are_those_of_the_whole_column(values: pd.Series) -> None:
    whole = cell_bodies(values)
    coded = sheetdata._Coded(values)
    rows = np.array([5, 0, 2, 2, 7, 3, 1])
    assert list(coded.bodies(rows)) == list(whole[rows])
    assert list(coded.bodies(slice(2, 6))) == list(whole[2:6])
    assert list(coded.bodies(np.array([], dtype=np.int64))) == []


@pytest.fixture
def result(tmp_path: Path) -> Result:
    sample = Path(__file__).parent.parent / "sample_data"
    return pipeline.analyse(sample / "Basic_LinkedInDataExport_11-25-2026",
                            sample / "rules.toml", as_of=pd.Timestamp("2026-11-25").date())


@pytest.mark.parametrize("error", [KeyboardInterrupt, MemoryError])
def test_a_failure_while_building_cells_is_raised_as_it_is(
        tmp_path: Path, result: Result, monkeypatch: pytest.MonkeyPatch,
        error: type[BaseException]) -> None:
    built: list[int] = []
    rows = sheetdata._Sheet.rows

    def fail_second(*args: object) -> bytes:
        built.append(1)
        if len(built) == 2:
            raise error()
        return rows(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sheetdata._Sheet, "rows", fail_second)
    with pytest.raises(error):
        workbook.write(result, tmp_path / "book.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]  # no temporary left


def test_a_failed_write_is_raised_as_it_is(tmp_path: Path, result: Result,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sheetdata._Entry, "write", full)
    with pytest.raises(OSError, match="No space left"):
        workbook.write(result, tmp_path / "book.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_the_filled_workbook_is_a_valid_zip(tmp_path: Path, result: Result) -> None:
    workbook.write(result, tmp_path / "book.xlsx")
    with zipfile.ZipFile(tmp_path / "book.xlsx") as z:
        assert z.testzip() is None
        assert b"<row r=\"2\"" in z.read("xl/worksheets/sheet2.xml")


def test_cells_built_once_for_all_sheets_are_the_cells_of_each(
        tmp_path: Path, result: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook.write(result, tmp_path / "shared.xlsx")
    class Alone(sheetdata._Sheet):
        def __init__(self, cells: sheetdata.SheetCells,
                     shared: dict[int, sheetdata._Coded]) -> None:
            super().__init__(dataclasses.replace(cells, source=None, rows=None), shared)

    monkeypatch.setattr(sheetdata, "_Sheet", Alone)
    workbook.write(result, tmp_path / "alone.xlsx")
    with zipfile.ZipFile(tmp_path / "shared.xlsx") as a, \
            zipfile.ZipFile(tmp_path / "alone.xlsx") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
