"""Reading an input file through a cap: every byte up to the cap, one more to tell it is too big,
and never a buffer the size of the cap reserved for a small file."""

from __future__ import annotations

import gzip
import io
import tracemalloc
from pathlib import Path

import pytest

from cleanup.errors import InputError
from cleanup.files import read_at_most, read_capped


def test_a_file_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n" * 1000)
    assert read_capped(path, 10_000, "a test file") == b"a,b\n" * 1000
    assert read_capped(path, 4000, "a test file") == b"a,b\n" * 1000  # exactly the cap


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 4001)
    with pytest.raises(InputError, match="more than 4,000 bytes"):
        read_capped(path, 4000, "a test file")


@pytest.mark.parametrize("expected", [1, 7, 1 << 20])
def test_a_stream_is_read_up_to_one_byte_past_the_cap(expected: int) -> None:
    assert read_at_most(io.BytesIO(b"0123456789"), 100, expected) == b"0123456789"
    assert read_at_most(io.BytesIO(b"0123456789"), 4, expected) == b"01234"


def test_a_small_file_does_not_reserve_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 100_000)
    packed = gzip.compress(b"y" * 100_000)
    tracemalloc.start()
    try:
        read_capped(path, 1 << 30, "a test file")  # a 1 GiB cap
        with gzip.GzipFile(fileobj=io.BytesIO(packed)) as gz:
            assert len(read_at_most(gz, 1 << 30)) == 100_000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000
