"""The CSV reader's lines: split exactly as a file opened with newline="" splits them."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from cleanup.read.csvio import each_line


@given(st.text(alphabet="ab,\"\r\n\x00\x85\u2028\x0b\x0c\x1c"))
def test_each_line_splits_as_a_file_opened_with_newline_empty(text: str) -> None:
    assert list(each_line(text)) == list(io.StringIO(text, newline=""))


def test_each_line_keeps_every_kind_of_line_end() -> None:
    assert list(each_line("a\r\nb\rc\n\nd")) == ["a\r\n", "b\r", "c\n", "\n", "d"]
    assert list(each_line("")) == []
