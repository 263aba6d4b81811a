"""Writing files so that a failed run leaves every earlier file exactly as it was."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from cleanup.errors import OutputError


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: Our own temporary files: `.<target name>.<pid>-<random>.tmp`, always in the folder itself.
_TEMP_NAME = re.compile(r"\.(?P<target>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _remove_leftovers(folder: Path) -> None:
    """Delete temporary files left by a run that was killed (SIGKILL, power cut). A run that
    is still going (its process alive) keeps its files."""
    if os.name != "posix":
        return  # no cheap liveness check: leftovers stay, and are never read as reports
    with contextlib.suppress(OSError):
        for f in list(folder.iterdir()):
            m = _TEMP_NAME.fullmatch(f.name)
            if m and f.is_file() and not _alive(int(m.group("pid"))):
                with contextlib.suppress(OSError):
                    f.unlink()


def _remove_own(folder: Path) -> None:
    """Delete every temporary file this process made in `folder`."""
    with contextlib.suppress(OSError):
        for f in list(folder.iterdir()):
            m = _TEMP_NAME.fullmatch(f.name)
            if m and int(m.group("pid")) == os.getpid():
                with contextlib.suppress(OSError):
                    f.unlink()


def _temp_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}-"


def temp_file(target: Path) -> Path:
    """A new empty temporary file beside `target`, named so that the next run removes it if
    this process is killed before it is renamed or deleted. Every temporary file the tool
    writes goes through here."""
    fd, name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


def _keep_previous(folder: Path, target: Path) -> Path | None:
    """A second name for the file `target` is about to replace, to put it back on failure."""
    if not target.exists():
        return None
    backup = folder / f"{_temp_prefix(target)}{secrets.token_hex(4)}.tmp"
    try:
        os.link(target, backup)  # instant, and the original never leaves its place
    except OSError:  # a file system without hard links
        shutil.copy2(target, backup)
    return backup


def _put_back(moved: list[tuple[Path, Path | None]]) -> None:
    for target, backup in reversed(moved):
        with contextlib.suppress(OSError):
            if backup is None:
                target.unlink(missing_ok=True)  # it did not exist before this run
            else:
                os.replace(backup, target)


@contextlib.contextmanager
def staged(folder: Path) -> Iterator[Callable[..., None]]:
    """Stage several files, then move them all into place only if every one was written.

    Usage: ``with staged(out) as stage: stage(path, writer)`` where ``writer(tmp_path)``
    writes the file. Files are moved into place in the order they were staged, except that
    those staged with ``late=True`` follow all the others. Until the block ends without an
    error nothing under `folder` changes; if moving the files into place fails halfway (a
    file locked by another program), the ones already moved are put back, so the folder is
    as it was.
    """
    pending: list[tuple[Path, Path]] = []
    moved: list[tuple[Path, Path | None]] = []  # (target, what it replaced, kept aside)
    current = folder

    last: list[tuple[Path, Path]] = []  # staged with late=True: moved after the others

    def stage(target: Path, writer: Callable[[Path], None], late: bool = False) -> None:
        nonlocal current
        current = target
        tmp = temp_file(folder / target.name)
        (last if late else pending).append((tmp, target))
        writer(tmp)
        # mkstemp makes the file private (0600); a report is meant to be shared, so give it
        # the mode any new file gets under the user's umask.
        os.chmod(tmp, 0o666 & ~_UMASK)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror}). "
                          "Choose another output folder.", hint="out") from None
    _remove_leftovers(folder)
    try:
        yield stage
        pending.extend(last)
        last.clear()
        for tmp, target in pending:
            current = target
            moved.append((target, _keep_previous(folder, target)))
            os.replace(tmp, target)
        _fsync_dir(folder)
    except BaseException as exc:
        _put_back(moved)
        if isinstance(exc, OSError):
            raise OutputError(f"{current}: cannot be written ({exc.strerror}); nothing in "
                              f"{folder} was changed: the earlier reports and decisions.csv "
                              "are as they were. Free some space, close the file if another "
                              "program has it open, or choose another output folder.",
                              hint="out") from None
        raise
    finally:
        for tmp, _ in [*pending, *last]:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for _, backup in moved:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
        # A temporary file made just before an interrupt (Ctrl-C between its creation and
        # its listing above) is still this process's: remove it too.
        _remove_own(folder)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` itself (no lock file is left behind): a run and a
    deciding session that record into the same folder wait for each other. Where the system
    has no such locks (Windows), nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
