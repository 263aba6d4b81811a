"""Reading one input file: regular files only, and never more than a stated size.

A named pipe would make a run wait for ever, and `/dev/zero` would be read until memory runs
out; so every file is checked to be a regular file before it is opened, and read through a
cap whatever size it claims (a file can grow while it is read).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from cleanup.errors import CleanupError, InputError

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def not_regular(path: Path) -> str:
    """What `path` is when it is not a regular file ("a named pipe (FIFO)", ...), else ""."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""  # missing or unreadable: the caller's open says so in its own words
    if stat.S_ISREG(mode):
        return ""
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path, error: type[CleanupError] = InputError, hint: str = "") -> None:
    """Refuse at once anything but a regular file (a symbolic link to one is fine)."""
    if what := not_regular(path):
        raise error(f"{path}: this is {what}, not a regular file; only files are read. Give "
                    "the file itself.", hint=hint)


def read_capped(path: Path, limit: int, what: str, error: type[CleanupError] = InputError,
                hint: str = "") -> bytes:
    """The bytes of the regular file `path`, refusing it when it holds more than `limit`.

    Raises `error` for a file that is not regular or too big; OSError when it cannot be read.
    """
    check_regular(path, error, hint)
    with open(path, "rb") as fh:
        data = read_at_most(fh, limit, os.fstat(fh.fileno()).st_size + 1)
    if len(data) > limit:
        raise error(f"{path}: more than {limit:,} bytes, more than {what} ever holds; refusing "
                    "to read it. Check that this is the right file.", hint=hint)
    return data


def read_at_most(fh: BinaryIO | io.BufferedIOBase, limit: int, expected: int = 1 << 20) -> bytes:
    """At most `limit + 1` bytes of `fh` (one more than `limit` tells the caller it is too big).

    `fh.read(limit + 1)` would reserve the whole limit (hundreds of MB) before reading a
    byte; this reads `expected` bytes at a time instead (a file's size: one read).
    """
    chunks: list[bytes] = []
    total = 0
    while total <= limit and (chunk := fh.read(min(max(expected, 1), limit + 1 - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
