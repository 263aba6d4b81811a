"""Writing files so that a failed run leaves every earlier file exactly as it was."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from cleanup.errors import OutputError


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def staged(folder: Path) -> Iterator[Callable[[Path, Callable[[Path], None]], None]]:
    """Stage several files, then move them all into place only if every one was written.

    Usage: ``with staged(out) as stage: stage(path, writer)`` where ``writer(tmp_path)``
    writes the file. Until the block ends without an error nothing under `folder` changes.
    """
    pending: list[tuple[Path, Path]] = []

    def stage(target: Path, writer: Callable[[Path], None]) -> None:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        tmp = Path(name)
        pending.append((tmp, target))
        writer(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror}). "
                          "Choose another with --out.") from None
    try:
        yield stage
        for tmp, target in pending:
            os.replace(tmp, target)
        _fsync_dir(folder)
    except OSError as exc:
        raise OutputError(f"{folder}: could not write the reports ({exc.strerror}); the "
                          "earlier reports and decisions.csv are unchanged. Free some space "
                          "or choose another folder with --out.") from None
    finally:
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
