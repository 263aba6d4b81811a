"""Reading one input file: regular files only, and never more than a stated size.

A named pipe would make a run wait for ever, and `/dev/zero` would be read until memory runs
out; so every file is checked to be a regular file before it is opened, and read through a
cap whatever size it claims (a file can grow while it is read).

Files the tool keeps for itself (a cache, its own state) are read more strictly still
(`read_private`): only from a folder that the user running the tool owns and no one else may
write to, only a regular file named there alone (no symbolic or hard link), checked on what was
opened, so that no one else can choose what the tool reads back.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
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


# ---------------------------------------------------------------------------- the tool's own files

#: File owners, and opening a file in a folder without following links: where these are
#: missing (Windows), a private file is only checked to be regular and read through a cap.
_POSIX = (hasattr(os, "getuid") and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")
          and os.open in os.supports_dir_fd)


def _private(info: os.stat_result) -> bool:
    """Whether `info` is of something the current user owns and no one else may write to."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_folder(folder: Path) -> bool:
    """Whether `folder` is a folder the current user owns and no one else may write to (a
    symbolic link to such a folder is fine: its owner chose it)."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and (not _POSIX or _private(info))


def read_private(folder: Path, name: str, limit: int) -> bytes | None:
    """The bytes of the file `name` in `folder`, or None when anything is amiss: the folder
    or the file not the user's alone (see `private_folder`), the file not a regular one, a
    symbolic or hard link, missing or unreadable, or more than `limit` bytes.

    Every check is made on the opened descriptors, so nothing can be swapped in between a
    check and the read, and the file is opened without waiting (a named pipe never blocks).
    """
    if not _POSIX:
        path = folder / name
        if not_regular(path):
            return None
        try:
            with open(path, "rb") as fh:
                blob = read_at_most(fh, limit, os.fstat(fh.fileno()).st_size + 1)
        except OSError:
            return None
        return blob if len(blob) <= limit else None
    try:
        where = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        if not _private(os.fstat(where)):
            return None
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=where)
        with open(fd, "rb") as fh:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or not _private(info):
                return None
            blob = read_at_most(fh, limit, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(where)
    return blob if len(blob) <= limit else None


def write_private(path: Path, blob: bytes) -> bool:
    """Write `blob` to `path` atomically, in a folder only this user may write (created so);
    False, and nothing left behind, when it cannot be done: a file in a folder others could
    change would never be read back (`read_private`)."""
    temp: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private_folder(path.parent):
            return False
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(temp, path)
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return False
    return True
