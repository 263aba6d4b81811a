"""A person's random month: runs, typing, saving, moving, copying, deleting, re-running.

A Hypothesis state machine drives the real tool (`pipeline.run` into one output folder, the
workbooks edited with openpyxl as a person edits them) next to a small reference model of what
the decisions must be: the ledger is the memory, and a workbook only adds what a person changed
in it since the tool last knew it (what it was written with, or last read). In one workbook a
worklist cell beats the Connections cell; across workbooks the later save wins. After every
step the decisions in force are the model's.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import RULES
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from test_monthly_cycle import PEOPLE, export, libreoffice

from cleanup import pipeline
from cleanup.errors import InputError

WHO = ("ada", "bob", "eve")  # a prospect (kept), a competitor (Remove), an unknown (Review)
NAMES = {k: f"{PEOPLE[k][0]} {PEOPLE[k][1]}" for k in WHO}
MONTHS = [date(2026, m, 25) for m in (1, 2, 3)]
VALUES = ("keep", "remove", "")
SHEETS = ("Connections", "Remove", "Review")


class Month(RuleBasedStateMachine):
    """The tool and the model, side by side."""

    soffice = False

    @initialize()
    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ledger-machine-"))
        self.rules = self.root / "rules.toml"
        self.rules.write_text(RULES, encoding="utf-8")
        self.out = self.root / "reports"
        self.exports = {m: export(self.root, m, *WHO) for m in MONTHS}
        self.newest: date | None = None
        self.clock = 1_900_000_000 * 10**9  # save times, strictly increasing
        # The model: the decision in force per person, and per workbook file its cells as
        # they are and as the tool last knew them.
        self.decisions: dict[str, str] = {}
        self.files: dict[str, dict[tuple[str, str], str]] = {}
        self.known: dict[str, dict[tuple[str, str], str]] = {}
        self.saved: dict[str, int] = {}
        self.copies = 0

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _touch(self, name: str) -> None:
        self.clock += 10**9
        os.utime(self.out / name, ns=(self.clock, self.clock))
        self.saved[name] = self.clock

    # ------------------------------------------------------------------------ the person

    @rule(month=st.sampled_from(MONTHS))
    def run_month(self, month: date) -> None:
        if self.newest is not None and month < self.newest:
            with pytest.raises(InputError, match="already holds a newer run"):
                pipeline.run(self.exports[month], self.rules, self.out, as_of=month)
            return
        result = pipeline.run(self.exports[month], self.rules, self.out, as_of=month)
        self.newest = month
        # The model: each file's changed cells, a worklist beating Connections, later saves
        # winning; then every file is known as it is.
        for name in sorted(self.files, key=lambda n: (self.saved[n], n)):
            cells, known = self.files[name], self.known[name]
            changed = {k: v for k, v in cells.items() if known.get(k) != v}
            worklist_last = sorted(changed.items(), key=lambda kv: kv[0][0] != "Connections")
            for (_, who), value in worklist_last:
                self.decisions[who] = value
            self.known[name] = dict(cells)
        # The new workbook: every typed cell holds the decision in force.
        name = f"linkedin-cleanup-{month.isoformat()}.xlsx"
        rows = self._rows(self.out / name)
        self.files[name] = {(s, w): self.decisions.get(w, "") for s, w in rows}
        self.known[name] = dict(self.files[name])
        self.saved[name] = os.stat(self.out / name).st_mtime_ns
        self.clock = max(self.clock, self.saved[name])
        self.result = result

    @staticmethod
    def _rows(path: Path) -> list[tuple[str, str]]:
        """(sheet, person) of every typed cell of a workbook."""
        wb = openpyxl.load_workbook(path, read_only=True)
        found = []
        for sheet in SHEETS:
            rows = list(wb[sheet].iter_rows(values_only=True))
            header = list(rows[0])
            for r in rows[1:]:
                name = (r[header.index("Name")] if "Name" in header
                        else f"{r[header.index('First Name')]} {r[header.index('Last Name')]}")
                found += [(sheet, k) for k, n in NAMES.items() if n == name]
        wb.close()
        return found

    @precondition(lambda self: bool(self.files))
    @rule(data=st.data(), value=st.sampled_from(VALUES))
    def type_a_decision(self, data: st.DataObject, value: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        sheet, who = data.draw(st.sampled_from(sorted(self.files[name])))
        path = self.out / name
        wb = openpyxl.load_workbook(path)
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        col = header.index("Decision") + 1
        for r in range(2, ws.max_row + 1):
            shown = (ws.cell(r, header.index("Name") + 1).value if "Name" in header else
                     f"{ws.cell(r, header.index('First Name') + 1).value} "
                     f"{ws.cell(r, header.index('Last Name') + 1).value}")
            if shown == NAMES[who]:
                ws.cell(r, col).value = value or None
        wb.save(path)
        if self.soffice:
            libreoffice(path, self.root)
        self.files[name][(sheet, who)] = value
        self._touch(name)

    @precondition(lambda self: bool(self.files))
    @rule(data=st.data(), how=st.sampled_from(("delete", "rename", "copy")))
    def move_a_workbook(self, data: st.DataObject, how: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        if how == "delete":  # or moved out of the folder
            (self.out / name).unlink()
            for table in (self.files, self.known, self.saved):
                del table[name]
            return
        self.copies += 1
        new = f"{name.removesuffix('.xlsx')} ({self.copies}).xlsx"
        if how == "rename":
            (self.out / name).rename(self.out / new)
            for table in (self.files, self.known, self.saved):
                table[new] = table.pop(name)  # type: ignore[attr-defined]
        else:
            shutil.copy2(self.out / name, self.out / new)
            self.files[new] = dict(self.files[name])
            self.known[new] = dict(self.known[name])
            self.saved[new] = self.saved[name]

    # ------------------------------------------------------------------------ the check

    @invariant()
    def decisions_are_the_models(self) -> None:
        if not hasattr(self, "result"):
            return
        names = self.result.people["name"].tolist()
        got = dict(zip(names, self.result.decisions.frame["decision"], strict=True))
        assert got == {NAMES[k]: self.decisions.get(k, "") for k in WHO}


@pytest.mark.slow
def test_no_sequence_of_runs_and_edits_loses_a_decision() -> None:
    machine = Month.TestCase
    machine.settings = settings(max_examples=6, stateful_step_count=10, deadline=None,
                                suppress_health_check=list(HealthCheck))
    machine().runTest()


class LibreOfficeMonth(Month):
    soffice = True


@pytest.mark.soffice
def test_no_sequence_of_libreoffice_saves_loses_a_decision() -> None:
    machine = LibreOfficeMonth.TestCase
    machine.settings = settings(max_examples=2, stateful_step_count=6, deadline=None,
                                suppress_health_check=list(HealthCheck))
    machine().runTest()
