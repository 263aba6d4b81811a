"""A moved or renamed reports folder is noticed: each network's last folder is remembered.

Every test has a state folder of its own (see conftest), so the runs of one test are the only
ones remembered.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import invoke, type_decision, write_connections
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import pipeline
from cleanup.memory import network
from cleanup.model import Network

NOV, DEC = date(2026, 11, 25), date(2026, 12, 25)
PROFILE_HEADER = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
                  "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n")


def people(numbers: range | list[int]) -> list[tuple[str, ...]]:
    """Made-up connections, person `i` always the same person."""
    return [(f"P{i}", "Example", f"https://www.linkedin.com/in/p{i}-example", "",
             f"Company {i % 7}", "Web Developer" if i % 3 else "Realtor", "05 Mar 2024")
            for i in numbers]


def export(where: Path, month: date, numbers: range | list[int], owner: str = "") -> Path:
    """An archive folder of `month` holding `numbers`, with a Profile.csv for `owner`."""
    folder = where / f"export-{month.isoformat()}-{owner or 'anon'}"
    write_connections(folder / "Connections.csv", people(numbers))
    if owner:
        first, last = owner.split()
        (folder / "Profile.csv").write_text(
            PROFILE_HEADER + f"{first},{last},,,,Designer,,,,Texas,,,\n", encoding="utf-8")
    return folder


def run(source: Path, rules: Path, *extra: str, month: date = NOV) -> tuple[int, str]:
    got = invoke("run", source, "--rules", rules, "--as-of", month.isoformat(), *extra)
    return got.code, got.output


def decisions(folder: Path) -> dict[str, str]:
    ledger = pd.read_csv(folder / "decisions.csv", dtype=str, keep_default_na=False,
                         encoding="utf-8-sig")
    return dict(zip(ledger["Name"], ledger["Decision"], strict=True))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder, the current one: `reports/` is the default output folder there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- the monthly runs

@pytest.mark.slow  # three runs, over a second: out of the quick loop
def test_a_renamed_reports_folder_is_named_first_in_the_next_runs_notes(
        home: Path, rules_file: Path) -> None:
    code, said = run(export(home, NOV, range(100)), rules_file)
    assert code == 0, said
    type_decision(home / "reports" / "linkedin-cleanup-2026-11-25.xlsx", "P5", "keep")
    (home / "reports").rename(home / "LinkedIn reports")
    kept = {p.name: p.read_bytes() for p in (home / "LinkedIn reports").iterdir()
            if p.is_file()}

    december = export(home, DEC, [*range(2, 100), 100, 101])  # two gone, two new: 4% churn
    code, said = run(december, rules_file, month=DEC)
    assert code == 0, said
    notes = " ".join(said[said.index("Notes:"):].split())
    first = notes.removeprefix("Notes: - ")
    assert first.startswith(f"reports holds no decisions, phrase answers or run history, but "
                            f"the last run for this network (as of 2026-11-25) kept them in "
                            f"{home / 'LinkedIn reports'} (then named reports)")
    assert "To go on with them, run again with --out and that folder." in first
    assert "remembered" not in said
    assert kept == {p.name: p.read_bytes() for p in (home / "LinkedIn reports").iterdir()
                    if p.is_file()}  # the folder that holds the decisions is untouched

    code, said = run(december, rules_file, "--out", home / "LinkedIn reports", month=DEC)
    assert code == 0, said
    assert decisions(home / "LinkedIn reports") == {"P5 Example": "keep"}
    wb = openpyxl.load_workbook(home / "LinkedIn reports" / "linkedin-cleanup-2026-12-25.xlsx",
                                read_only=True)
    rows = list(wb["Connections"].iter_rows(values_only=True))
    decided = rows[0].index("Decision")
    assert [r[decided] for r in rows if r[0] == "P5"] == ["keep"]


@pytest.mark.slow  # three runs, over a second: out of the quick loop
def test_new_history_starts_afresh_and_the_new_folder_is_remembered(home: Path,
                                                                    rules_file: Path) -> None:
    assert run(export(home, NOV, range(50)), rules_file, "--out", "first")[0] == 0
    december = export(home, DEC, range(50))
    code, said = run(december, rules_file, "--out", "second", "--new-history", month=DEC)
    assert code == 0, said
    assert "kept them in" not in said  # a fresh start that was meant needs no note
    [seen] = network.remembered()[0]
    assert seen.out == (home / "second").resolve()
    # The next month into the first folder: it has a history of its own, so no question.
    assert run(export(home, date(2027, 1, 25), range(50)), rules_file, "--out", "first",
               month=date(2027, 1, 25))[0] == 0


def test_a_folder_that_is_gone_is_a_loud_note_not_a_stop(home: Path, rules_file: Path) -> None:
    assert run(export(home, NOV, range(50)), rules_file, "--out", "old")[0] == 0
    for f in sorted((home / "old").rglob("*"), reverse=True):
        f.rmdir() if f.is_dir() else f.unlink()
    (home / "old").rmdir()
    code, said = run(export(home, DEC, range(50)), rules_file, month=DEC)
    assert code == 0, said
    notes = said[said.index("Notes:"):]
    assert f"wrote into {home / 'old'}, which is no longer there" in " ".join(notes.split())
    assert "remembered" not in said  # the Next: block claims no memory of decisions


def test_the_same_folder_run_again_is_never_questioned(home: Path, rules_file: Path) -> None:
    archive = export(home, NOV, range(20))
    assert run(archive, rules_file)[0] == 0
    for name in ("decisions.csv", "history.csv"):
        (home / "reports" / name).unlink()
    code, said = run(archive, rules_file)  # a fresh-looking folder, but the same one
    assert code == 0, said


def test_another_network_in_another_folder_is_not_questioned(home: Path,
                                                             rules_file: Path) -> None:
    assert run(export(home, NOV, range(50), "Ann Owner"), rules_file, "--out", "ann")[0] == 0
    code, said = run(export(home, NOV, range(500, 550), "Bo Other"), rules_file, "--out", "bo")
    assert code == 0, said
    assert len(network.remembered()[0]) == 2


def test_the_owner_is_recognised_whatever_the_connections(home: Path, rules_file: Path) -> None:
    assert run(export(home, NOV, range(50), "Ann Owner"), rules_file, "--out", "ann")[0] == 0
    code, said = run(export(home, DEC, range(500, 550), "Ann Owner"), rules_file, month=DEC)
    assert code == 0, said
    assert f"kept them in {home / 'ann'}:" in " ".join(said.split())


def test_the_record_is_written_only_when_the_run_succeeds(home: Path, rules_file: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    archive = export(home, NOV, range(20))
    pipeline.analyse(archive, rules_file, out=home / "reports")
    assert network.remembered() == ([], [])

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline.report, "write", full)
        assert run(archive, rules_file)[0] == 1
    assert network.remembered() == ([], [])
    assert run(archive, rules_file)[0] == 0
    assert [s.out for s in network.remembered()[0]] == [(home / "reports").resolve()]


def test_the_tests_keep_away_from_the_real_state_folder(_private_state: Path) -> None:
    import platformdirs

    assert network.folder() == _private_state
    assert network.folder() != Path(platformdirs.user_state_dir("linkedin-cleanup"))


# --------------------------------------------------------------------------- the file

def _remember_one(home: Path) -> Network:
    whose = Network("", network.sketch(pd.Series([f"id{i}" for i in range(30)])))
    (home / "reports").mkdir(exist_ok=True)
    assert network.remember(whose, home / "reports", NOV)
    return whose


@pytest.mark.parametrize("damage", ["fifo", "link to /dev/zero", "not json", "a list",
                                    "oversized", "other format"])
def test_a_state_file_that_cannot_be_used_is_ignored_with_a_note(
        home: Path, _private_state: Path, damage: str) -> None:
    path = _private_state / network.FILE
    if damage == "fifo":
        os.mkfifo(path)
    elif damage == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif damage == "not json":
        path.write_bytes(b"\xff{not json")
    elif damage == "a list":
        path.write_text("[1, 2]")
    elif damage == "oversized":
        path.write_text(json.dumps({"format": 1, "networks": [], "pad": "x" * network.MAX_BYTES}))
    else:
        path.write_text(json.dumps({"format": 99, "networks": []}))
    seen, notes = network.remembered()  # a pipe or a device would block or never end here
    assert seen == []
    assert [n.source for n in notes] == [str(path)]
    assert "ignored" in notes[0].message
    (home / "reports").mkdir()
    assert network.remember(Network("", (1, 2, 3)), home / "reports", NOV)  # written afresh
    assert len(network.remembered()[0]) == 1


GOOD = {"owner": "", "sketch": ["0" * 16], "out": "/a", "as_of": "2026-11-25", "inode": [1, 2]}


@pytest.mark.parametrize("entry", [
    "not a dict", {**GOOD, "owner": "x"}, {**GOOD, "sketch": ["zz"]},
    {**GOOD, "sketch": ["0" * 16] * (network.SKETCH + 1)}, {**GOOD, "out": "relative"},
    {**GOOD, "out": "/a\x00b"}, {**GOOD, "as_of": "November"}, {**GOOD, "inode": [-1, 2]},
    {**GOOD, "inode": "1:2"}, {k: v for k, v in GOOD.items() if k != "inode"},
])
def test_an_entry_that_is_not_well_formed_is_skipped(home: Path, _private_state: Path,
                                                     entry: object) -> None:
    _remember_one(home)
    path = _private_state / network.FILE
    data = json.loads(path.read_text())
    data["networks"].insert(0, entry)
    path.write_text(json.dumps(data))
    seen, notes = network.remembered()
    assert ([s.out for s in seen], notes) == ([(home / "reports").resolve()], [])
    data["networks"][0] = GOOD  # the same file with the entry well formed: read
    path.write_text(json.dumps(data))
    assert [s.out for s in network.remembered()[0]] == [Path("/a"), (home / "reports").resolve()]


def test_the_file_stays_small(home: Path, _private_state: Path) -> None:
    for i in range(network.MAX_NETWORKS + 5):
        ids = pd.Series([f"net{i}-person{j}" for j in range(1_000)])
        (home / f"out{i}").mkdir()
        assert network.remember(Network("", network.sketch(ids)), home / f"out{i}", NOV)
    seen, _ = network.remembered()
    assert len(seen) == network.MAX_NETWORKS
    assert seen[0].out.name == f"out{network.MAX_NETWORKS + 4}"  # the newest first
    assert (_private_state / network.FILE).stat().st_size < network.MAX_BYTES // 4


def test_a_state_folder_others_may_write_to_is_not_used(home: Path, _private_state: Path) -> None:
    _remember_one(home)
    _private_state.chmod(0o777)
    assert network.remembered()[0] == []
    assert not network.remember(Network("", (1,)), home / "reports", NOV)


# --------------------------------------------------------------------------- the sketch

def _sketch(ids: range | list[int]) -> tuple[int, ...]:
    return network.sketch(pd.Series([f"https://www.linkedin.com/in/p{i}" for i in ids]))


def test_a_month_of_churn_is_the_same_network_and_another_is_not() -> None:
    november = _sketch(range(5_000))
    december = _sketch([*range(100, 5_000), *range(5_000, 5_100)])  # 2% gone, 2% new
    assert network.overlap(november, december) > 0.9
    assert network.overlap(november, _sketch(range(10_000, 15_000))) == 0
    assert network.same(Network("", november), Network("", december))
    assert not network.same(Network("", november), Network("", _sketch(range(4_000, 9_000))))


def test_small_networks_are_told_apart_by_their_owner_only() -> None:
    few = _sketch(range(network.FEWEST - 1))
    assert not network.same(Network("", few), Network("", few))
    assert network.same(Network("a" * 64, few), Network("a" * 64, _sketch(range(100, 103))))
    assert network.same(Network("", _sketch(range(network.FEWEST))),
                        Network("", _sketch(range(network.FEWEST))))


@settings(max_examples=50, deadline=None)
@given(size=st.integers(network.FEWEST, 3_000), churn=st.floats(0, 0.15),
       seed=st.integers(0, 2**16))
def test_up_to_fifteen_percent_churn_is_always_the_same_network(size: int, churn: float,
                                                                seed: int) -> None:
    changed = int(size * churn)
    before = range(seed, seed + size)
    after = range(seed + changed, seed + size + changed)  # `changed` gone, `changed` new
    assert network.same(Network("", _sketch(before)), Network("", _sketch(after)))


def test_the_sketch_is_small_and_the_same_in_every_run() -> None:
    ids = pd.Series([f"id{i}" for i in range(10_000)])
    assert network.sketch(ids) == network.sketch(ids.sample(frac=1, random_state=1))
    assert len(network.sketch(ids)) == network.SKETCH
    assert network.sketch(pd.Series(["", ""], dtype=object)) == ()


def test_a_renamed_folder_is_found_by_its_inode_only_with_its_history(tmp_path: Path) -> None:
    renamed = tmp_path / "LinkedIn reports"
    renamed.mkdir()
    info = os.stat(renamed)
    seen = network.Seen(Network("", (1,)), tmp_path / "reports", NOV, (info.st_dev, info.st_ino))
    assert network.locate(seen) is None  # a folder that took a deleted one's inode, say
    (renamed / "history.csv").write_text("As Of\n")
    assert network.locate(seen) == renamed
    (tmp_path / "reports").mkdir()  # a new, empty folder under the old name
    assert network.locate(seen) == renamed


def test_the_note_is_said_but_the_reports_stay_the_same_bytes(home: Path,
                                                              rules_file: Path) -> None:
    """What this machine remembers is no input: the same archive, rules and date give the
    same report in any folder; only the command line says where the decisions are."""
    archive = export(home, NOV, range(30))
    first = pipeline.run(archive, rules_file, home / "first", as_of=NOV)
    second = pipeline.run(archive, rules_file, home / "second", as_of=NOV)
    assert any(f"kept them in {home / 'first'}:" in w for w in second.warnings)
    assert first.paths["html"].read_bytes() == second.paths["html"].read_bytes()
    assert str(home / "first") not in second.paths["html"].read_text(encoding="utf-8")
