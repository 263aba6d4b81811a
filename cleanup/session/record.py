"""Where a decide session's answers go: lines appended to decisions.csv and phrases.csv, one
answer at a time, with the guarantees of a run.

Every write re-reads the ledger as it is on disk (a run may have added lines meanwhile),
appends the new lines and puts the whole file in place through `writers.output.staged`: a
temporary file, synced, then renamed over the old one, so that a crash leaves the old ledger or
the new one, never half of either, and nothing written before is lost. The last line for a
person or a phrase stands, so a later answer (or an undo) wins.

Lines carry the session's as-of date (the archive's, like a run's) and the Source Workbook
`SESSION_SOURCE`, which tells the next run that no earlier workbook showed them. Only one
session at a time writes into a folder (`lock`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, OutputError
from cleanup.memory import answers, ledger, scan, seen
from cleanup.memory.ledger import SESSION_SOURCE
from cleanup.writers import output

#: The lock file a session holds in its output folder while it is open.
LOCK = ".decide-session.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _holder(path: Path) -> int:
    """The process id written in the lock file `path`, or 0 when there is none: a link, a
    named pipe or a device is no lock file (opened without following or waiting, and read no
    further than a process id goes)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return 0
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return 0
        text = fh.read(32)
    try:
        return int(text.decode("ascii").strip() or "0")
    except ValueError:
        return 0


def _refusal(out: Path, pid: int) -> InputError:
    return InputError(f"{out}: another decide session (process {pid}) is open on this folder. "
                      f"Finish it first; if it is not running, delete {out / LOCK}.",
                      hint="out")


def refuse_if_open(out: Path) -> None:
    """Refuse a run into `out` while a decide session is open on it: the run's ledger would
    be written over an answer the page saves meanwhile. The run leaves no lock file of its
    own, so that a run that is killed leaves the folder exactly as it was."""
    pid = _holder(out / LOCK)
    if pid and _alive(pid):
        raise _refusal(out, pid)


@contextlib.contextmanager
def lock(out: Path) -> Iterator[None]:
    """Hold `out`'s session lock: a second session on the same folder, or a run into it
    (`refuse_if_open`), is refused while the first one's process lives (a lock left by a
    killed process is taken over)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror}). Choose "
                          "another output folder.", hint="out") from None
    path = out / LOCK
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            pid = _holder(path)
            if pid and _alive(pid):
                raise _refusal(out, pid) from None
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        except OSError as exc:
            raise OutputError(f"{path}: cannot be written ({exc.strerror}). Choose another "
                              "output folder.", hint="out") from None
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


class Recorder:
    """Appends a session's lines to the ledgers of `out`.

    `decisions_backlog` / `answers_backlog` are lines the session's start read from earlier
    workbooks and that are not in the files yet: they are written first, with the first line
    of their ledger, so that the session's later answers come after them and win."""

    def __init__(self, out: Path, as_of: date, decisions_backlog: pd.DataFrame | None = None,
                 answers_backlog: pd.DataFrame | None = None, taken: object = None) -> None:
        self.out = out
        self.on = as_of.isoformat()
        self._backlog = {ledger.LEDGER: decisions_backlog, answers.LEDGER: answers_backlog}
        # What the session's start took from the earlier workbooks (`scan.Scan`): remembered
        # with the backlogs, so that the next run never takes those edits again over an
        # answer given in the session.
        self._taken = taken.state if isinstance(taken, scan.Scan) else None
        self._readers = {ledger.LEDGER: (ledger.read_ledger, ledger.empty_ledger,
                                         ledger.write_ledger),
                         answers.LEDGER: (answers.read_ledger, answers.empty_ledger,
                                          answers.write_ledger)}

    def decisions(self, lines: Sequence[tuple[str, str, str, str]]) -> None:
        """(profile URL, name, company, decision) per line; "" as decision clears it."""
        frame = pd.DataFrame([(u, n, c, d, self.on, SESSION_SOURCE) for u, n, c, d in lines],
                             columns=ledger.LEDGER_COLUMNS, dtype=object)
        self._append(ledger.LEDGER, frame, ledger.read_ledger, ledger.empty_ledger,
                     ledger.write_ledger)

    def answers(self, lines: Sequence[tuple[str, str]]) -> None:
        """(phrase, answer) per line; "" as answer clears it."""
        frame = pd.DataFrame([(p, a, self.on, SESSION_SOURCE) for p, a in lines],
                             columns=answers.LEDGER_COLUMNS, dtype=object)
        self._append(answers.LEDGER, frame, answers.read_ledger, answers.empty_ledger,
                     answers.write_ledger)

    def _append(self, name: str, lines: pd.DataFrame,
                read: Callable[[Path], tuple[pd.DataFrame, pd.Series]],
                empty: Callable[[], pd.DataFrame],
                write: Callable[[pd.DataFrame, Path], None]) -> None:
        if lines.empty:
            return
        with output.folder_lock(self.out), output.staged(self.out) as stage:
            # Both backlogs and the record of what they came from land with the first line.
            for each in self._backlog if self._taken is not None else (name,):
                if each == name:
                    self._stage(stage, each, lines, read, empty, write)
                elif (backlog := self._backlog.get(each)) is not None and len(backlog):
                    self._stage(stage, each, backlog.head(0), *self._readers[each])
            if self._taken is not None:
                seen.stage(self._taken, self.out, None, "", "", stage)
        self._backlog = dict.fromkeys(self._backlog) if self._taken is not None else {
            **self._backlog, name: None}
        self._taken = None

    def _stage(self, stage: Callable[..., None], name: str, lines: pd.DataFrame,
               read: Callable[[Path], tuple[pd.DataFrame, pd.Series]],
               empty: Callable[[], pd.DataFrame],
               write: Callable[[pd.DataFrame, Path], None]) -> None:
        path = self.out / name
        current = read(path)[0] if path.is_file() else empty()
        backlog = self._backlog.get(name)
        parts = [current, *([backlog] if backlog is not None and len(backlog) else []), lines]
        whole = pd.concat([p.reindex(columns=current.columns, fill_value="") for p in parts],
                          ignore_index=True).fillna("").astype(object)
        stage(path, lambda tmp: write(whole, tmp))
