"""Encoding notes that are right: sound accents are not called broken, damaged text is, and a
file mixing UTF-8 and Windows-1252 lines is read line by line (made-up text of each shape)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import connections_csv
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.read import decoding
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections

BROKEN = "accented letters look broken"
LOST = "already lost before the file was saved"


def _rows(n: int) -> list[list[str]]:
    return [[f"Ada{i}", "Example", f"https://www.linkedin.com/in/ada-{i}", "", "Acme",
             "Realtor", "01 Mar 2024"] for i in range(n)]


def _notes(tmp_path: Path, data: bytes) -> tuple[list[str], list[list[str]]]:
    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    conns = read_connections(Archive.open(path))
    return [str(n) for n in conns.notices], conns.people[["first", "last", "company"]].astype(
        str).values.tolist() if {"first", "last"} <= set(conns.people.columns) else []


def _decoded(data: bytes) -> tuple[str, list[str]]:
    text, notices = decoding.decode(data, "x.csv")
    return text, [str(n) for n in notices]


@pytest.mark.parametrize("sound", [
    "Tallinn Web OÜ–Estonia", "Kask OÜ\u00a0Tallinn", "Studio OÜ»", "Léa Gagnè—”Design",
    "Ada Vè—•", "Ada Molière—Studio", "Café—Bar", "Müller & Söhne", "Łódź Straße"])
def test_sound_accents_are_not_called_broken(sound: str) -> None:
    rows = _rows(5)
    rows[2][4] = sound
    _, notes = _decoded(connections_csv(rows).encode("utf-8"))
    assert not any(BROKEN in n or LOST in n for n in notes), notes


@pytest.mark.parametrize(("broken", "reads"), [("MÃ¼ller", "Müller"), ("JosÃ©", "José"),
                                               ("Dâ€™Souza", "D’Souza")])
def test_mojibake_is_still_reported_with_its_repair(broken: str, reads: str) -> None:
    rows = _rows(5)
    rows[3][1] = broken
    _, notes = _decoded(connections_csv(rows).encode("utf-8"))
    assert any(f"{BROKEN} (e.g. {broken!r}, which would read {reads!r})" in n for n in notes)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_a_damaged_file_says_how_many_lines_lost_characters(encoding: str) -> None:
    """676 rows, 21 of them holding U+FFFD saved as Windows-1252 (`ï¿½`) or `ýýý`."""
    rows = _rows(676)
    for k, i in enumerate(range(10, 676, 32)):
        rows[i][1] = "Exï¿½mple" if k % 2 else "Exýýýmple"
    damaged = sum(1 for r in rows if r[1] != "Example")
    assert damaged == 21
    text, notes = _decoded(connections_csv(rows).encode(encoding))
    said = [n for n in notes if LOST in n]
    assert len(said) == 1
    assert "on 21 lines" in said[0] and "x.csv, line 12:" in said[0]
    assert text.count("Exýýýmple") + text.count("Exï¿½mple") == 21  # kept as they are


def test_one_lost_character_alone_is_not_a_run() -> None:
    rows = _rows(3)
    rows[1][1] = "Ýmir"  # one accented capital, then another letter: a name
    rows[2][1] = "Ýýmir"  # two alike: still not a run
    _, notes = _decoded(connections_csv(rows).encode("utf-8"))
    assert notes == []


def _mixed(n: int = 60) -> tuple[bytes, list[list[str]]]:
    rows = _rows(n)
    for i in range(0, n, 3):
        rows[i][1], rows[i][4] = "Müller", "Société Générale"
    header, *lines = connections_csv(rows).splitlines(keepends=True)
    data = header.encode("utf-8") + b"".join(
        line.encode("cp1252" if i % 2 else "utf-8") for i, line in enumerate(lines))
    return data, rows


def test_a_file_mixing_utf8_and_windows_1252_lines_is_read_line_by_line() -> None:
    data, rows = _mixed()
    text, notes = _decoded(data)
    assert "\ufffd" not in text
    assert text == connections_csv(rows)
    legacy = [n for n in notes if "Windows-1252" in n]
    assert len(legacy) == 1 and "x.csv, line 5: 10 lines were saved in Windows-1252" in legacy[0]
    assert not any("replaced" in n for n in notes)


def test_only_the_lines_at_fault_are_looked_at_one_by_one(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    data, _ = _mixed(3_000)
    calls = []
    one_line = decoding._one_line
    monkeypatch.setattr(decoding, "_one_line", lambda line: calls.append(line) or one_line(line))
    decoding.decode(data, "x.csv")
    faulty = sum(1 for line in data.splitlines() if not line.isascii() and _not_utf8(line))
    assert faulty == 500
    assert len(calls) == faulty


def _not_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_bytes_of_neither_encoding_are_still_replaced_and_said() -> None:
    text, notes = _decoded("Ada,Müller\r\nBad\xffName,X\r\nZoë,Y\r\n".encode("latin-1")
                           .replace(b"M\xfcller", "Müller".encode()).replace(
                               b"Zo\xeb", "Zoë".encode()))
    assert text == "Ada,Müller\r\nBad\ufffdName,X\r\nZoë,Y\r\n"
    assert notes == ["x.csv: 1 bytes that are not valid UTF-8 were replaced by \ufffd (first on "
                     "line 2)."]


_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ éüßñøåÉÜÑçàè-'", max_size=20)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_NAMES, st.booleans()), min_size=1, max_size=15))
def test_every_line_reads_back_whichever_of_the_two_it_was_saved_in(
        lines: list[tuple[str, bool]]) -> None:
    data = b"".join((text + "\n").encode("cp1252" if legacy else "utf-8")
                    for text, legacy in lines)
    text, notes = _decoded(data)
    assert text == "".join(t + "\n" for t, _ in lines)
    assert not any("replaced" in n for n in notes)


def test_a_whole_windows_1252_file_reads_as_before(tmp_path: Path) -> None:
    rows = _rows(3)
    rows[1][1] = "Müller"
    text, notes = _decoded(connections_csv(rows).encode("cp1252"))
    assert text == connections_csv(rows) and notes == []


def test_reading_line_by_line_is_linear() -> None:
    """Every line in Windows-1252 but one: the work per faulty line does not grow with the
    file (each line is looked at once; no decoding of the rest of the file per line)."""
    import gc
    import time

    def took(n: int) -> float:
        """CPU seconds (time waiting for other processes is not counted), the garbage
        collector held meanwhile."""
        data = "Ünïcode,ok\n".encode() + b"".join(
            f"Zoë{i},Müller,Société\n".encode("cp1252") for i in range(n))
        gc.disable()
        try:
            start = time.process_time()
            text, notes = decoding.decode(data, "x.csv")
            spent = time.process_time() - start
        finally:
            gc.enable()
        assert text.count("Société") == n and f"{n:,} lines were saved" in str(notes[0])
        return spent

    took(1_000)
    small, large = min(took(2_000) for _ in range(3)), min(took(32_000) for _ in range(3))
    assert large < small * 16 * 3  # 16 times the lines; a quadratic reader takes ~256 times


_PIECES = st.sampled_from([b"a", b",", b"\n", b"\r", b"\r\n", "é".encode(), "é".encode("cp1252"),
                           b"\xff", b"\xc3", b"\x80", b"\xef\xbf\xbd", b"\xfd\xfd\xfd",
                           "Ã¼".encode(), "ß".encode("cp1252")])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(b"".join))
def test_any_bytes_decode_to_text_with_every_line_kept(data: bytes) -> None:
    text, _ = decoding.decode(b"x\n" + data, "x.csv")
    assert not any("\udc80" <= c <= "\udcff" for c in text)  # no escaped byte is left
    assert text.count("\n") == data.count(b"\n") + 1 and text.count("\r") == data.count(b"\r")
