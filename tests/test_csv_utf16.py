"""UTF-16 files cut short: a half character at the end is noted and dropped, never a row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanup.model import SourceFile
from cleanup.read.csvio import read_table

SOURCE = SourceFile("Connections.csv", "", 0)
TEXT = "First Name,Last Name,URL\nAnn,Example,https://www.linkedin.com/in/ann-example\n"
BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


def _utf16(text: str, encoding: str) -> bytes:
    return BOMS[encoding] + text.encode(encoding)


@pytest.mark.parametrize("encoding", sorted(BOMS))
@pytest.mark.parametrize("cut", [1, 2, 3])
def test_a_character_cut_at_the_end_is_noted_and_never_a_row(encoding: str, cut: int) -> None:
    # The first 1, 2 or 3 bytes of a character outside the BMP (a surrogate pair).
    data = _utf16(TEXT, encoding) + "\U0001f600".encode(encoding)[:cut]
    table = read_table(data, SOURCE, ["First Name", "Last Name"])
    assert table.frame["First Name"].tolist() == ["Ann"]
    assert "\ufffd" not in "".join(table.frame.to_numpy().ravel())
    [note] = table.notices
    assert "ends in the middle of a character" in note.message
    assert f"{cut} bytes were" in note.message if cut > 1 else "last byte was" in note.message


@pytest.mark.parametrize("encoding", sorted(BOMS))
def test_a_whole_file_has_no_note(encoding: str) -> None:
    table = read_table(_utf16(TEXT + "Bo,\U0001f600,\n", encoding), SOURCE, ["First Name"])
    assert table.frame["Last Name"].tolist() == ["Example", "\U0001f600"]
    assert table.notices == []


@pytest.mark.parametrize("encoding", sorted(BOMS))
def test_bad_bytes_inside_the_file_are_still_replaced_and_noted(encoding: str) -> None:
    lone = "\ud800".encode(encoding, "surrogatepass")  # a lone surrogate in the middle
    data = _utf16("First Name,Last Name\nA", encoding) + lone + _utf16("n,E\n", encoding)[2:]
    table = read_table(data, SOURCE, ["First Name"])
    assert table.frame["First Name"].tolist() == ["A\ufffdn"]
    assert "not valid UTF-16 were replaced" in table.notices[0].message


_NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                               blacklist_characters=',"'), min_size=1, max_size=8)


@given(names=st.lists(_NAMES.filter(str.strip), min_size=1, max_size=5),
       encoding=st.sampled_from(sorted(BOMS)), cut=st.integers(1, 3))
def test_rows_out_equal_rows_in_whatever_the_cut(names: list[str], encoding: str,
                                                 cut: int) -> None:
    text = "First Name,Last Name\n" + "".join(f"{n},x\n" for n in names)
    data = _utf16(text, encoding) + "\U00010348".encode(encoding)[:cut]
    table = read_table(data, SOURCE, ["First Name", "Last Name"])
    assert table.frame["First Name"].tolist() == [n.strip() for n in names]


@pytest.mark.parametrize("encoding", [*sorted(BOMS), "utf-8"])
@pytest.mark.parametrize("zeros", [1, 2, 6, 601])
def test_zero_bytes_at_the_end_are_noted_and_never_a_row(encoding: str, zeros: int) -> None:
    # A copy cut short ends in zero bytes: they became a connection named "\x00" (2 out for 1)
    # without a word.
    body = _utf16(TEXT, encoding) if encoding in BOMS else TEXT.encode()
    body += "Bo,Ñandú,\n".encode(encoding if encoding in BOMS else "utf-8")
    table = read_table(body + b"\x00" * zeros, SOURCE, ["First Name", "Last Name"])
    assert table.frame["First Name"].tolist() == ["Ann", "Bo"]
    assert table.frame["Last Name"].tolist() == ["Example", "Ñandú"]
    # (one zero after a UTF-16 file's last character is half a character: noted as such)
    assert any("zero bytes" in n.message or "middle of a character" in n.message
               for n in table.notices)
