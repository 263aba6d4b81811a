"""Faults while writing: a failed or interrupted run leaves the earlier reports and
decisions.csv byte for byte as they were, says what happened, and never loses a decision.

Every test starts from the same output folder: two monthly runs (2026-09-25, 2026-10-25),
with a decision typed into each workbook, so that the folder holds reports, a ledger with a
decision in it, a workbook with a decision not yet in the ledger, history.csv and snapshots.
The faulty run is the one of 2026-11-25. Tests run as root in CI, where chmod does not stop
a write: there the faults are simulated by monkeypatching, and they are also simulated so
everywhere, so the root path is always exercised.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import (
    CONNECTIONS_HEADER,
    HANG_SECONDS,
    invoke,
    rules_toml,
    type_decision,
    under_umask,
    write_connections,
)

import cleanup.writers.output
import cleanup.writers.workbook
from cleanup import pipeline

HEADER = list(CONNECTIONS_HEADER)
PEOPLE = [
    ("Ada", "Realtor", "Acme Realty", "Realtor"),
    ("Wes", "Webdev", "Pixel Studio", "Web Developer"),
    ("Carl", "Copy", "Words Inc", "Copywriter"),
    ("Una", "Known", "Mystery Co", "Owner"),
    ("Dee", "Designer", "Dots", "Web Designer"),
]
RULES = rules_toml({"prospect": ["realtor", "broker"], "complementary": ["copywriter", "seo"],
                    "competitor": ["web developer", "web designer"]},
                   name="Fault Test Studio", scope="international")
AS_OF = "2026-11-25"
STEM = f"linkedin-cleanup-{AS_OF}"
PREVIOUS = "linkedin-cleanup-2026-10-25.xlsx"
TEMP = re.compile(r"\..+\.tmp")


def write_export(path: Path, rows: int | None = None) -> Path:
    """PEOPLE as a Connections.csv; with `rows`, that many made-up people after them."""
    lines = [(first, last, f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}", "",
              company, position, "05 Mar 2024") for first, last, company, position in PEOPLE]
    positions = ["Realtor", "Web Developer", "Copywriter", "Owner", "SEO Consultant"]
    for i in range(rows or 0):
        lines.append(("Person", f"N{i:06d}", f"https://www.linkedin.com/in/person-{i:06d}", "",
                      f"Company {i % 997}", positions[i % 5],
                      f"{1 + i % 28:02d} Mar {2010 + i % 16}"))
    return write_connections(path, lines)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with export.csv, rules.toml and reports/ after two monthly runs."""
    root = tmp_path_factory.mktemp("seeded")
    export = write_export(root / "export.csv")
    rules = root / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    out = root / "reports"
    pipeline.run(export, rules, out, as_of=date(2026, 9, 25))
    type_decision(out / "linkedin-cleanup-2026-09-25.xlsx", "Wes", "keep")
    pipeline.run(export, rules, out, as_of=date(2026, 10, 25))
    type_decision(out / PREVIOUS, "Carl", "remove")
    ledger = (out / "decisions.csv").read_text(encoding="utf-8-sig")
    assert "wes-webdev" in ledger and "keep" in ledger  # the 09-25 decision is in the ledger
    assert "carl-copy" not in ledger  # the 10-25 one only in its workbook, for now
    return root


@pytest.fixture
def case(seeded: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded folder."""
    root = tmp_path / "case"
    shutil.copytree(seeded, root)
    return root


def fingerprint(out: Path) -> dict[str, str]:
    """SHA-256 of every file under `out`, leftover hidden temporary files aside."""
    return {str(f.relative_to(out)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(out.rglob("*")) if f.is_file() and not TEMP.fullmatch(f.name)}


def leftovers(out: Path) -> list[str]:
    return sorted(str(f.relative_to(out)) for f in out.rglob("*") if TEMP.fullmatch(f.name))


def run_cli(root: Path, *extra: str) -> tuple[int, str]:
    result = invoke("run", root / "export.csv", "--rules", root / "rules.toml", "--out",
                    root / "reports", "--as-of", AS_OF, *extra)
    return result.code, result.stderr


def one_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def assert_untouched(root: Path, before: dict[str, str]) -> None:
    out = root / "reports"
    assert fingerprint(out) == before
    assert leftovers(out) == []
    assert not (out / f"{STEM}.xlsx").exists() and not (out / f"{STEM}.html").exists()


def assert_nothing_lost(root: Path) -> None:
    """A later clean run records every decision: the ledger's and the workbook's."""
    code, stderr = run_cli(root)
    assert code == 0, stderr
    ledger = (root / "reports" / "decisions.csv").read_text(encoding="utf-8-sig")
    # Each dated by the run that read it.
    assert re.search(r"wes-webdev,Wes Webdev,Pixel Studio,keep,2026-10-25", ledger), ledger
    assert re.search(r"carl-copy,Carl Copy,Words Inc,remove,2026-11-25", ledger), ledger
    wb = openpyxl.load_workbook(root / "reports" / f"{STEM}.xlsx", read_only=True)
    rows = {r[0]: r for r in wb["Connections"].iter_rows(min_row=2, values_only=True)}
    decision = len(HEADER) + 4
    assert rows["Wes"][decision] == "keep" and rows["Carl"][decision] == "remove"
    assert leftovers(root / "reports") == []


# ---------------------------------------------------------------------------- read-only folder

def test_read_only_output_folder_changes_nothing(case: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = case / "reports"
    before = fingerprint(out)
    if os.geteuid() != 0:  # chmod only stops a write when we are not root
        os.chmod(out, 0o555)
        try:
            code, stderr = run_cli(case)
        finally:
            os.chmod(out, 0o755)
        assert code == 1
        assert "cannot be written (Permission denied)" in one_error(stderr)
        assert_untouched(case, before)

    def refuse(*_: Any, **__: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(cleanup.writers.output.tempfile, "mkstemp", refuse)
    code, stderr = run_cli(case)
    monkeypatch.undo()
    assert code == 1
    message = one_error(stderr)
    # The reports are written first (and moved into place last).
    assert (f"{out / 'linkedin-cleanup-2026-11-25.xlsx'}: cannot be written (Permission denied)"
            in message)
    assert "the earlier reports and decisions.csv are as they were" in message
    assert_untouched(case, before)
    assert_nothing_lost(case)


def test_file_locked_while_moving_into_place_puts_everything_back(
        case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows refuses to replace a workbook Excel has open: the ledger, history and snapshot
    # were already moved when the workbook fails. They must be put back.
    out = case / "reports"
    before = fingerprint(out)
    real_replace = os.replace
    moved: list[str] = []

    def replace(src: Any, dst: Any, *args: Any, **kw: Any) -> None:
        if Path(dst).name == f"{STEM}.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real_replace(src, dst, *args, **kw)
        moved.append(Path(dst).name)

    monkeypatch.setattr(cleanup.writers.output.os, "replace", replace)
    code, stderr = run_cli(case)
    monkeypatch.undo()
    assert code == 1
    assert "decisions.csv" in moved  # the fault did strike halfway
    message = one_error(stderr)
    assert f"{out / (STEM + '.xlsx')}: cannot be written (Permission denied)" in message
    assert_untouched(case, before)
    assert_nothing_lost(case)


# ---------------------------------------------------------------------------- disk full

@pytest.mark.slow
@pytest.mark.parametrize("module", ["workbook", "report"])
def test_disk_full_midway_changes_nothing(case: Path, monkeypatch: pytest.MonkeyPatch,
                                          module: str) -> None:
    out = case / "reports"
    before = fingerprint(out)

    def half_then_full(_result: Any, path: Path) -> None:
        with open(path, "wb") as fh:
            fh.write(b"PK\x03\x04" + b"\0" * 50_000)  # half a file...
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # ...then the disk is full

    import cleanup.writers.report  # noqa: F401  (pipeline imports it lazily)

    monkeypatch.setattr(f"cleanup.writers.{module}.write", half_then_full)
    code, stderr = run_cli(case)
    monkeypatch.undo()
    assert code == 1
    target = f"{STEM}.xlsx" if module == "workbook" else f"{STEM}.html"
    message = one_error(stderr)
    assert f"{out / target}: cannot be written (No space left on device)" in message
    assert "Free some space" in message
    assert_untouched(case, before)
    assert_nothing_lost(case)


@pytest.mark.slow
def test_file_size_limit_of_the_os_changes_nothing(case: Path) -> None:
    # A real write error from the kernel (EFBIG, as a full disk gives ENOSPC): the run is
    # limited to files of 64 KiB, and its workbook is bigger.
    write_export(case / "export.csv", rows=3_000)
    out = case / "reports"
    before = fingerprint(out)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))

    proc = subprocess.run(
        [sys.executable, "-m", "cleanup", "run", str(case / "export.csv"), "--rules",
         str(case / "rules.toml"), "--out", str(out), "--as-of", AS_OF, "--quiet"],
        capture_output=True, text=True, timeout=HANG_SECONDS, preexec_fn=limit)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    message = one_error(proc.stderr)
    assert "cannot be written (File too large)" in message, message
    assert "the earlier reports and decisions.csv are as they were" in message
    assert_untouched(case, before)


# ---------------------------------------------------------------------------- previous workbook

@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_previous_workbook_is_refused_by_name(case: Path, damage: str) -> None:
    out = case / "reports"
    book = out / PREVIOUS
    good = book.read_bytes()
    book.write_bytes({"garbage": b"this is not a workbook\n" * 50,
                      "truncated": good[: len(good) // 2], "empty": b""}[damage])
    before = fingerprint(out)
    code, stderr = run_cli(case)
    assert code == 1
    message = one_error(stderr)
    assert str(book) in message
    assert "never silently dropped" in message
    assert_untouched(case, before)
    book.write_bytes(good)  # the user repairs it: the decision typed there is kept
    assert_nothing_lost(case)


def test_locked_previous_workbook_is_refused_by_name(case: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = case / "reports"
    book = out / PREVIOUS
    before = fingerprint(out)
    if os.geteuid() != 0:
        os.chmod(book, 0)
        try:
            code, stderr = run_cli(case)
        finally:
            os.chmod(book, 0o644)
        assert code == 1
        assert str(book) in one_error(stderr)
        assert_untouched(case, before)

    # As Windows does for a file Excel holds open: opening it fails, whoever opens it.
    real_open = io.open

    def locked(file: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(file, str | os.PathLike) and Path(file).name == PREVIOUS:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kw)

    monkeypatch.setattr(io, "open", locked)
    monkeypatch.setattr(builtins, "open", locked)
    code, stderr = run_cli(case)
    monkeypatch.undo()
    assert code == 1
    message = one_error(stderr)
    assert f"{book}: cannot be opened: another program has it open or locked" in message
    assert_untouched(case, before)
    assert_nothing_lost(case)


def test_excel_lock_file_beside_the_workbook_stops_the_run(case: Path) -> None:
    out = case / "reports"
    lock = out / f"~${PREVIOUS}"
    lock.write_bytes(b"\x0bFault Owner" + b"\0" * 150)  # what Excel leaves while it is open
    before = fingerprint(out)
    code, stderr = run_cli(case)
    assert code == 1
    assert f"close {PREVIOUS} in Excel, then run again" in one_error(stderr)
    assert_untouched(case, before)
    assert lock.read_bytes() == b"\x0bFault Owner" + b"\0" * 150


def test_corrupt_ledger_is_refused_and_kept(case: Path) -> None:
    out = case / "reports"
    (out / "decisions.csv").write_bytes(b"\x00\x01\x02 not a ledger \xff\xfe" * 20)
    before = fingerprint(out)
    code, stderr = run_cli(case)
    assert code == 1
    message = one_error(stderr)
    assert str(out / "decisions.csv") in message
    assert_untouched(case, before)


# ---------------------------------------------------------------------------- interrupted runs

def start(case: Path, rows: int) -> subprocess.Popen[str]:
    write_export(case / "export.csv", rows=rows)

    def default_sigint() -> None:  # a shell may start background jobs with SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(
        [sys.executable, "-m", "cleanup", "run", str(case / "export.csv"), "--rules",
         str(case / "rules.toml"), "--out", str(case / "reports"), "--as-of", AS_OF],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)


def wait_for_workbook_temp(proc: subprocess.Popen[str], out: Path,
                           timeout: float = HANG_SECONDS) -> list[Path]:
    """Poll until the run is writing its workbook (its hidden temporary file exists)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [f for f in out.iterdir() if f.name.startswith(f".{STEM}.xlsx.")]
        if found:
            return found
        assert proc.poll() is None, "the run ended before it wrote its workbook"
        time.sleep(0.005)
    proc.kill()
    pytest.fail("the run never started writing its workbook")


@pytest.mark.slow
def test_killed_run_changes_nothing_and_the_next_run_cleans_up(case: Path) -> None:
    out = case / "reports"
    before = fingerprint(out)
    proc = start(case, rows=30_000)
    try:
        wait_for_workbook_temp(proc, out)
        time.sleep(0.2)  # well into writing the workbook
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=HANG_SECONDS)
    assert proc.returncode == -signal.SIGKILL
    assert fingerprint(out) == before
    assert leftovers(out), "expected the killed run's temporary files"
    # The next run is not confused by them, removes them, and loses no decision.
    write_export(case / "export.csv")
    assert_nothing_lost(case)


@pytest.mark.slow
def test_run_killed_while_filling_the_workbook_leaves_no_stray_file_after_the_next_run(
        case: Path) -> None:
    # The sheet cells are injected into the workbook through a second temporary file; a run
    # killed right then must leave only files the next run recognises and removes.
    write_export(case / "export.csv")
    out = case / "reports"
    before = fingerprint(out)
    killer = ("import os, signal, sys\n"
              "import cleanup.writers.sheetdata as sd\n"
              "def die(*a, **k):\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n"
              "sd._write_sheet = die\n"
              "from cleanup.cli import main\n"
              "sys.exit(main())\n")
    proc = subprocess.run(
        [sys.executable, "-c", killer, "run", str(case / "export.csv"), "--rules",
         str(case / "rules.toml"), "--out", str(out), "--as-of", AS_OF, "--quiet"],
        capture_output=True, text=True, timeout=HANG_SECONDS)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    stray = leftovers(out)
    assert any(name.startswith(f"..{STEM}.xlsx.") and name.count(".tmp") == 2
               for name in stray), stray  # the injection's own file, beside the workbook's
    assert fingerprint(out) == before
    assert_nothing_lost(case)
    assert leftovers(out) == []
    assert sorted(f.name for f in out.iterdir()) == sorted(
        [".history", ".workbooks.json", "decisions.csv", "history.csv", f"{STEM}.html",
         f"{STEM}.xlsx",
         *(f.name for f in out.iterdir() if f.name.startswith("linkedin-cleanup-2026-0")
           or f.name.startswith("linkedin-cleanup-2026-10"))])


@pytest.mark.slow
def test_interrupted_run_says_so_and_changes_nothing(case: Path) -> None:
    out = case / "reports"
    before = fingerprint(out)
    proc = start(case, rows=10_000)
    try:
        wait_for_workbook_temp(proc, out)
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        _, stderr = proc.communicate(timeout=HANG_SECONDS)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr
    message = one_error(stderr)
    assert f"interrupted; nothing in {out} was changed" in message
    assert_untouched(case, before)


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask-022", "umask-077"])
def test_reports_get_the_usual_file_mode_not_a_private_one(tmp_path: Path, umask: int) -> None:
    """mkstemp makes 0600 files; reports are for sharing, so they follow the umask (set
    here, in a fresh interpreter, so that the test holds under any umask of its own)."""
    target = tmp_path / "report.html"
    mode = under_umask(umask, f"""
import stat
from pathlib import Path
from cleanup.writers import output as files
target = Path({str(target)!r})
with files.staged(target.parent) as stage:
    stage(target, lambda p: p.write_text("x"))
print(oct(stat.S_IMODE(target.stat().st_mode)))
""")
    assert int(mode, 8) == 0o666 & ~umask
